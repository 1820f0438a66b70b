#pragma once
#include <memory>

#include "store/attachment_store.hpp"
#include "store/sqlite/database.hpp"

namespace muster::store::sqlite {

std::unique_ptr<AttachmentStore> make_attachment_store(Database& db);

}  // namespace muster::store::sqlite
