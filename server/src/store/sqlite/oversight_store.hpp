#pragma once
#include <memory>

#include "store/oversight_store.hpp"
#include "store/sqlite/database.hpp"

namespace muster::store::sqlite {

std::unique_ptr<OversightStore> make_oversight_store(Database& db);
// The one statement behind OversightStore::conversations (its query plan is tested).
const char* oversight_page_sql();

}  // namespace muster::store::sqlite
