#include "app/attention/background_thread.hpp"

#include <sched.h>
#include <sys/resource.h>
#include <unistd.h>

namespace muster::app {

void lower_thread_priority() {
  sched_param none{};
  if (sched_setscheduler(0, SCHED_IDLE, &none) != 0) (void)setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), 19);
}

}  // namespace muster::app
