#include "app/attachment_service.hpp"

#include <spdlog/spdlog.h>

#include <set>

#include "crypto/crypto.hpp"
#include "domain/attachment_serving.hpp"

namespace muster::app {

namespace {

std::string thumb_key(const std::string& id) { return id + ".thumb"; }
std::string voice_copy_key(const std::string& id) { return id + ".mp3"; }

std::string size_text(std::uint64_t bytes) {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0) return std::to_string(bytes / (1024 * 1024)) + " MiB";
  if (bytes >= 1024 && bytes % 1024 == 0) return std::to_string(bytes / 1024) + " KiB";
  return std::to_string(bytes) + " bytes";
}

}  // namespace

Json AttachmentService::attachment_json(const domain::Attachment& a) {
  Json j = {{"id", a.id},
            {"name", a.name},
            {"content_type", a.content_type},
            {"size", a.size},
            {"has_thumbnail", a.has_thumbnail},
            {"has_voice_copy", a.has_voice_copy}};
  if (a.duration_ms) j["duration_ms"] = *a.duration_ms;
  if (a.width && a.height) {
    j["width"] = *a.width;
    j["height"] = *a.height;
  }
  return j;
}

Result<domain::Attachment> AttachmentService::upload(const Actor& actor, const std::string& raw_name,
                                                     const std::string& bytes) {
  ASSIGN_OR_RETURN(auto name, domain::sanitize_file_name(raw_name));
  if (bytes.empty()) return invalid("The file is empty.");
  if (bytes.size() > config_.max_upload)
    return Error{ErrorCode::PayloadTooLarge, "The file is larger than " + size_text(config_.max_upload) + "."};
  auto type = domain::sniff_file_type(bytes, name);
  if (!type)
    return Error{ErrorCode::UnsupportedMediaType,
                 std::string("This kind of file cannot be shared. Allowed: ") + domain::kAllowedFileTypes + "."};
  TRY(domain::may_attach(*chat_.guards().policies(), type->content_type, static_cast<std::int64_t>(bytes.size())));

  domain::Attachment a;
  a.id = crypto::random_id("a");
  a.uploader_id = actor.person.id;
  a.name = name;
  a.content_type = type->content_type;
  a.size = static_cast<std::int64_t>(bytes.size());
  a.created_at = now_seconds();
  std::optional<Thumbnail> thumb;
  if (type->image) {
    if (auto size = image_size(bytes)) {
      a.width = size->width;
      a.height = size->height;
    }
    thumb = make_thumbnail(bytes, config_.images);  // runs on the worker pool, like every handler
  }
  std::optional<VoiceCopy> voice;
  if (needs_voice_copy(type->content_type)) {
    voice = make_voice_copy(bytes, type->content_type, config_.voice);  // on the worker pool too
    if (voice) a.duration_ms = voice->duration_ms;
  }
  TRY(stores_.files().put(a.id, bytes));
  if (thumb) {
    auto stored = stores_.files().put(thumb_key(a.id), thumb->bytes);
    if (stored.ok()) a.has_thumbnail = true;
    else spdlog::warn("attachment id={} thumbnail not stored: {}", a.id, stored.error().message);
  }
  if (voice) {
    auto stored = stores_.files().put(voice_copy_key(a.id), voice->bytes);
    if (stored.ok()) a.has_voice_copy = true;
    else spdlog::warn("attachment id={} voice copy not stored: {}", a.id, stored.error().message);
  }
  auto inserted = stores_.attachments().insert(a);
  if (!inserted.ok()) {
    remove_attachment_files(stores_, {a.id});
    return inserted.error();
  }
  spdlog::info("attachment uploaded id={} by={} type={} size={}", a.id, actor.person.id, a.content_type, a.size);
  return a;
}

Result<int> AttachmentService::remove_unposted(int max_age_seconds) {
  int total = 0;
  for (;;) {
    ASSIGN_OR_RETURN(auto ids, stores_.attachments().remove_unposted(now_seconds() - max_age_seconds, 500));
    remove_attachment_files(stores_, ids);
    total += static_cast<int>(ids.size());
    if (ids.size() < 500) return total;
  }
}

Result<domain::Attachment> AttachmentService::readable(const Actor& actor, const std::string& id) {
  auto a = stores_.attachments().get(id);
  if (!a.ok()) {
    if (a.error().code == ErrorCode::NotFound) return not_found("No such attachment.");
    return a.error();
  }
  // The uploader alone sees an upload not yet posted; once posted, the message decides for everyone
  // (a file kept under legal hold after a moderator removed its message is no one's to download).
  if (!a->message_id) {
    if (a->uploader_id == actor.person.id) return a;
    return not_found("No such attachment.");
  }
  auto message = chat_.readable_message(actor, *a->message_id);
  if (!message.ok() || message->deleted) return not_found("No such attachment.");
  return a;
}

Result<FileDownload> AttachmentService::download(const Actor& actor, const std::string& id) {
  ASSIGN_OR_RETURN(auto a, readable(actor, id));
  auto bytes = stores_.files().read(a.id);
  if (!bytes.ok()) {
    if (bytes.error().code == ErrorCode::NotFound) spdlog::error("attachment id={} has no file", a.id);
    return not_found("No such attachment.");
  }
  auto served = domain::served_as(a.content_type);
  return FileDownload{a, std::move(served.content_type), std::move(bytes).value(), served.inline_display};
}

Result<FileDownload> AttachmentService::thumbnail(const Actor& actor, const std::string& id) {
  ASSIGN_OR_RETURN(auto a, readable(actor, id));
  if (!a.has_thumbnail) return not_found("This attachment has no thumbnail.");
  auto bytes = stores_.files().read(thumb_key(a.id));
  if (!bytes.ok()) return not_found("This attachment has no thumbnail.");
  auto type = domain::sniff_file_type(bytes.value(), "");
  FileDownload d{a, type && type->image ? type->content_type : "image/jpeg", std::move(bytes).value(), true};
  return d;
}

Result<FileDownload> AttachmentService::voice_copy(const Actor& actor, const std::string& id) {
  ASSIGN_OR_RETURN(auto a, readable(actor, id));
  if (!a.has_voice_copy) return not_found("This attachment has no voice copy.");
  auto bytes = stores_.files().read(voice_copy_key(a.id));
  if (!bytes.ok()) return not_found("This attachment has no voice copy.");
  return FileDownload{a, VoiceCopy::kContentType, std::move(bytes).value(), false};
}

Status link_attachments(store::Stores& stores, const std::string& uploader_id, const std::string& message_id,
                        const std::vector<std::string>& ids) {
  if (ids.empty()) return ok_status();
  if (ids.size() > kMaxAttachmentsPerMessage)
    return invalid("A message can carry at most " + std::to_string(kMaxAttachmentsPerMessage) + " attachments.",
                   "attachment_ids");
  std::set<std::string> seen;
  for (const auto& id : ids) {
    if (!seen.insert(id).second) return invalid("An attachment is listed twice.", "attachment_ids");
    auto a = stores.attachments().get(id);
    if (!a.ok() && a.error().code != ErrorCode::NotFound) return a.error();
    if (!a.ok() || a->uploader_id != uploader_id)
      return invalid("Attachment " + id + " is not one of your uploads.", "attachment_ids");
    if (a->message_id) return invalid("Attachment " + id + " is already posted; upload it again.", "attachment_ids");
  }
  auto linked = stores.attachments().link(message_id, ids);
  if (!linked.ok() && linked.error().code == ErrorCode::Conflict)
    return invalid("An attachment is already posted; upload it again.", "attachment_ids");
  return linked;
}

Result<std::map<std::string, std::vector<domain::Attachment>>> message_attachments(
    store::Stores& stores, const std::vector<std::string>& message_ids) {
  return stores.attachments().for_messages(message_ids);
}

Result<int> copy_due_voice_notes(store::Stores& stores, const VoiceLimits& limits, int limit) {
  ASSIGN_OR_RETURN(auto ids, stores.attachments().voice_copies_due(limit));
  for (const auto& id : ids) {
    auto a = stores.attachments().get(id);
    if (!a.ok() && a.error().code == ErrorCode::NotFound) continue;  // deleted since the list was read
    if (!a.ok()) return a.error();
    auto bytes = stores.files().read(id);
    if (!bytes.ok() && bytes.error().code != ErrorCode::NotFound) return bytes.error();  // tried again later
    auto voice = bytes.ok() ? make_voice_copy(bytes.value(), a->content_type, limits) : std::nullopt;
    bool stored = voice && stores.files().put(voice_copy_key(id), voice->bytes).ok();
    auto recorded = stores.attachments().set_voice_copy(id, stored, voice ? std::optional(voice->duration_ms) : std::nullopt);
    // deleted meanwhile: its files went with it, all but the copy just written
    if (!recorded.ok() && stored) (void)stores.files().remove(voice_copy_key(id));
    if (!recorded.ok() && recorded.error().code != ErrorCode::NotFound) return recorded.error();
  }
  if (!ids.empty()) spdlog::info("voice notes from before copies existed: looked at count={}", ids.size());
  return static_cast<int>(ids.size());
}

void remove_attachment_files(store::Stores& stores, const std::vector<std::string>& ids) {
  for (const auto& id : ids) {
    for (const auto& key : {id, thumb_key(id), voice_copy_key(id)}) {
      auto removed = stores.files().remove(key);
      if (!removed.ok()) spdlog::warn("attachment file not removed key={}: {}", key, removed.error().message);
    }
  }
}

}  // namespace muster::app
