// The SQLite backend of every store interface.
#pragma once
#include <memory>
#include <string>

#include "store/store.hpp"

namespace muster::store::sqlite {

// Opens or creates `<data_dir>/muster.db` and applies migrations.
Result<std::unique_ptr<Stores>> open_stores(const std::string& data_dir);

}  // namespace muster::store::sqlite
