// Attachments: upload (type by content, size limit, thumbnail), download and thumbnail with the
// same authorization as the message that carries the file, and the helpers ChatService uses to
// link uploads to a message, show them, and delete them with it.
//
// Rules:
// - An upload is private to its uploader until posted. It can be posted once, by its uploader,
//   with one message (attaching it again elsewhere is refused: upload it again). A retry of the
//   same send (same client_id) returns the stored message, attachments included.
// - Posted, it may be fetched by the uploader and by anyone who may read that message's
//   conversation (members; anyone for a public channel). Everyone else gets NotFound.
// - Deleting the message deletes its attachments: the metadata in the same transaction, the
//   files right after the commit.
// - An image whose header cannot be read, that is too large to decode, or is WebP, is stored
//   (its magic bytes matched) without a thumbnail.
// - Opus audio (Chromium's and Firefox's voice notes) is also stored as MP3, which iPhone Safari
//   plays, with its measured length; audio that cannot be decoded is stored without a copy.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "app/chat_service.hpp"
#include "app/context.hpp"
#include "app/thumbnail.hpp"
#include "app/voice_copy.hpp"
#include "core/json.hpp"
#include "domain/attachment.hpp"
#include "store/store.hpp"

namespace muster::app {

struct AttachmentConfig {
  std::uint64_t max_upload = 25 * 1024 * 1024;
  ImageLimits images;
  VoiceLimits voice;
};

struct FileDownload {
  domain::Attachment attachment;
  std::string content_type;  // what to send (text gets "; charset=utf-8")
  std::string bytes;
  bool inline_display = false;  // images show in the page; everything else downloads
};

inline constexpr size_t kMaxAttachmentsPerMessage = 10;

class AttachmentService {
 public:
  AttachmentService(store::Stores& stores, ChatService& chat, AttachmentConfig config)
      : stores_(stores), chat_(chat), config_(config) {}

  // InvalidArgument (empty body, bad name), PayloadTooLarge, UnsupportedMediaType.
  Result<domain::Attachment> upload(const Actor& actor, const std::string& name, const std::string& bytes);
  Result<FileDownload> download(const Actor& actor, const std::string& id);
  Result<FileDownload> thumbnail(const Actor& actor, const std::string& id);
  // The MP3 copy of an Opus voice note (has_voice_copy), with the same authorization as the file.
  Result<FileDownload> voice_copy(const Actor& actor, const std::string& id);
  std::uint64_t max_upload() const { return config_.max_upload; }
  // Deletes uploads never posted within `max_age_seconds` (metadata, then files); returns how many.
  Result<int> remove_unposted(int max_age_seconds);


  static Json attachment_json(const domain::Attachment& attachment);

 private:
  Result<domain::Attachment> readable(const Actor& actor, const std::string& id);

  store::Stores& stores_;
  ChatService& chat_;
  AttachmentConfig config_;
};

// For ChatService::send, inside its transaction: checks that every id is an unposted upload of
// `uploader_id` (at most 10, no repeats) and links them to the message. InvalidArgument otherwise.
Status link_attachments(store::Stores& stores, const std::string& uploader_id, const std::string& message_id,
                        const std::vector<std::string>& attachment_ids);
// For message views: the attachments of each message.
Result<std::map<std::string, std::vector<domain::Attachment>>> message_attachments(
    store::Stores& stores, const std::vector<std::string>& message_ids);
// The scheduled job for voice notes stored before copies existed (migration 022): makes the MP3
// copies of up to `limit` of them; a note whose copy cannot be made keeps playing where it did.
// Returns how many were looked at; 0 when none is due.
Result<int> copy_due_voice_notes(store::Stores& stores, const VoiceLimits& limits = {}, int limit = 20);
// After a deleting transaction committed: removes the files (and thumbnails) of these attachments.
void remove_attachment_files(store::Stores& stores, const std::vector<std::string>& attachment_ids);

}  // namespace muster::app
