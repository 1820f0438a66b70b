#pragma once
#include <memory>

#include "store/moderation_store.hpp"
#include "store/sqlite/database.hpp"

namespace muster::store::sqlite {

std::unique_ptr<ModerationStore> make_moderation_store(Database& db);

}  // namespace muster::store::sqlite
