#pragma once
#include <memory>

#include "store/attention_store.hpp"
#include "store/sqlite/database.hpp"

namespace muster::store::sqlite {

std::unique_ptr<AttentionStore> make_attention_store(Database& db);

}  // namespace muster::store::sqlite
