#pragma once
#include <memory>

#include "store/chat_store.hpp"
#include "store/sqlite/database.hpp"

namespace muster::store::sqlite {

std::unique_ptr<ConversationStore> make_conversation_store(Database& db);
std::unique_ptr<MessageStore> make_message_store(Database& db);
std::unique_ptr<MessageSearch> make_message_search(Database& db);

}  // namespace muster::store::sqlite
