#pragma once
#include <memory>

#include "store/attention_store.hpp"
#include "store/sqlite/database.hpp"

namespace muster::store::sqlite {

std::unique_ptr<AttentionStore> make_attention_store(Database& db);

// The two reads of a message's fan-out, for the tests of their query plans.
extern const char* const kPushAudienceSql;   // ?1 conversation
extern const char* const kReadPositionsSql;  // ?1 conversation, ?2 the people as a JSON array

}  // namespace muster::store::sqlite
