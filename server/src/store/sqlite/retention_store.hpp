#pragma once
#include <memory>

#include "store/retention_store.hpp"
#include "store/sqlite/database.hpp"

namespace muster::store::sqlite {

std::unique_ptr<RetentionStore> make_retention_store(Database& db);

}  // namespace muster::store::sqlite
