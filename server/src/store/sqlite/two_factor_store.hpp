#pragma once
#include <memory>

#include "store/sqlite/database.hpp"
#include "store/two_factor_store.hpp"

namespace muster::store::sqlite {

std::unique_ptr<TwoFactorStore> make_two_factor_store(Database& db);

}  // namespace muster::store::sqlite
