#pragma once
#include <memory>
#include <string>

#include "store/chat_store.hpp"
#include "store/sqlite/database.hpp"

namespace muster::store::sqlite {

std::unique_ptr<ConversationStore> make_conversation_store(Database& db);
std::unique_ptr<MessageStore> make_message_store(Database& db);
// Search in its own database file at `index_path`, following `chat`'s messages (message_search.cpp).
// Encrypted with `keyring` exactly when `chat` is.
Result<std::unique_ptr<MessageSearch>> open_message_search(Database& chat, const std::string& index_path,
                                                           std::shared_ptr<crypto::Keyring> keyring = nullptr);

}  // namespace muster::store::sqlite
