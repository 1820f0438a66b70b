#pragma once
#include <memory>

#include "store/compliance_store.hpp"
#include "store/sqlite/database.hpp"

namespace muster::store::sqlite {

std::unique_ptr<ComplianceStore> make_compliance_store(Database& db);

}  // namespace muster::store::sqlite
