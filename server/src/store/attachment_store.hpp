// Attachments: metadata (AttachmentStore, in the database) and their bytes (FileStore, on disk).
// Same contracts as store.hpp: thread-safe, NotFound for absent rows, Conflict for taken keys.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "domain/attachment.hpp"

namespace muster::store {

class AttachmentStore {
 public:
  virtual ~AttachmentStore() = default;
  virtual Status insert(const domain::Attachment& attachment) = 0;
  // With message_id filled when it has been posted.
  virtual Result<domain::Attachment> get(const std::string& id) = 0;
  // Links attachments to a message, in the given order. An attachment belongs to at most one
  // message: Conflict when one is linked already. Call inside the message's transaction.
  virtual Status link(const std::string& message_id, const std::vector<std::string>& attachment_ids) = 0;
  // The attachments of each message (messages without any are absent), in posting order.
  virtual Result<std::map<std::string, std::vector<domain::Attachment>>> for_messages(
      const std::vector<std::string>& message_ids) = 0;
  // Deletes a message's attachments (links and metadata); returns their ids so their files can go.
  virtual Result<std::vector<std::string>> remove_for_message(const std::string& message_id) = 0;
  // Deletes uploads never posted and created before `before`; returns their ids.
  virtual Result<std::vector<std::string>> remove_unposted(UnixSeconds before, int limit) = 0;
  // Voice notes stored before copies were made (migration 022), at most `limit`.
  virtual Result<std::vector<std::string>> voice_copies_due(int limit) = 0;
  // Records the outcome for one of them (a copy and its length, or none) and takes it off the list.
  // NotFound when the attachment is gone meanwhile.
  virtual Status set_voice_copy(const std::string& id, bool has_copy, std::optional<std::int64_t> duration_ms) = 0;
};

// Immutable blobs by key (an attachment id, "<id>.thumb" or "<id>.mp3"). Keys are made of letters, digits,
// '_', '-' and '.' and never start with '.'; InvalidArgument otherwise. Writes are atomic: a
// reader sees the whole file or none.
class FileStore {
 public:
  virtual ~FileStore() = default;
  virtual Status put(const std::string& key, std::string_view bytes) = 0;
  virtual Result<std::string> read(const std::string& key) = 0;  // NotFound when absent
  virtual Status remove(const std::string& key) = 0;              // absent is fine
};

}  // namespace muster::store
