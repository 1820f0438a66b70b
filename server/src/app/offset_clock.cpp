#include "app/offset_clock.hpp"

#include <fstream>

namespace muster::app {

UnixSeconds OffsetClock::now() const {
  if (offset_file_.empty()) return now_seconds();
  std::ifstream in(offset_file_);
  long long offset = 0;
  if (!(in >> offset) || offset < 0) offset = 0;
  return now_seconds() + offset;
}

}  // namespace muster::app
