// SQLite AttachmentStore (metadata); the bytes live in a FileStore.
#include "store/sqlite/attachment_store.hpp"

namespace muster::store::sqlite {

using domain::Attachment;

namespace {

#define ATTACHMENT_COLUMNS \
  "a.id, a.uploader_id, a.name, a.content_type, a.size, a.width, a.height, a.has_thumbnail, a.created_at, ma.message_id, " \
  "a.has_voice_copy, a.duration_ms"

Attachment read_attachment(const Statement& s) {
  Attachment a;
  a.id = s.text(0);
  a.uploader_id = s.text(1);
  a.name = s.text(2);
  a.content_type = s.text(3);
  a.size = s.integer(4);
  if (!s.is_null(5)) a.width = static_cast<int>(s.integer(5));
  if (!s.is_null(6)) a.height = static_cast<int>(s.integer(6));
  a.has_thumbnail = s.integer(7) != 0;
  a.created_at = s.integer(8);
  a.message_id = s.optional_text(9);
  a.has_voice_copy = s.integer(10) != 0;
  if (!s.is_null(11)) a.duration_ms = s.integer(11);
  return a;
}

class SqliteAttachmentStore final : public AttachmentStore {
 public:
  explicit SqliteAttachmentStore(Database& db) : db_(db) {}

  Status insert(const Attachment& a) override {
    return db_.write([&](Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto s, c.prepare("INSERT INTO attachments (id, uploader_id, name, content_type, size, width, "
                                         "height, has_thumbnail, created_at, has_voice_copy, duration_ms) "
                                         "VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)"));
      s.bind(1, a.id).bind(2, a.uploader_id).bind(3, a.name).bind(4, a.content_type).bind(5, a.size);
      a.width ? s.bind(6, *a.width) : s.bind_null(6);
      a.height ? s.bind(7, *a.height) : s.bind_null(7);
      s.bind(8, a.has_thumbnail ? 1 : 0).bind(9, a.created_at).bind(10, a.has_voice_copy ? 1 : 0);
      a.duration_ms ? s.bind(11, *a.duration_ms) : s.bind_null(11);
      return s.run();
    });
  }

  Result<Attachment> get(const std::string& id) override {
    std::optional<Attachment> found;
    TRY(db_.read([&](Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto s, c.prepare("SELECT " ATTACHMENT_COLUMNS " FROM attachments a "
                                         "LEFT JOIN message_attachments ma ON ma.attachment_id = a.id WHERE a.id = ?1"));
      s.bind(1, id);
      return s.each_row([&](const Statement& row) { found = read_attachment(row); });
    }));
    if (!found) return not_found("No such attachment.");
    return *found;
  }

  Status link(const std::string& message_id, const std::vector<std::string>& ids) override {
    return db_.write([&](Connection& c) -> Status {
      int position = 0;
      for (const auto& id : ids) {
        ASSIGN_OR_RETURN(auto s, c.prepare("INSERT INTO message_attachments (message_id, attachment_id, position) "
                                           "VALUES (?1, ?2, ?3)"));
        s.bind(1, message_id).bind(2, id).bind(3, position++);
        auto done = s.run();
        if (!done.ok() && is_unique_violation(done.error()))
          return conflict("The attachment is already posted.", "attachment_ids");
        TRY(done);
      }
      return ok_status();
    });
  }

  Result<std::map<std::string, std::vector<Attachment>>> for_messages(const std::vector<std::string>& ids) override {
    std::map<std::string, std::vector<Attachment>> out;
    if (ids.empty()) return out;
    TRY(db_.read([&](Connection& c) -> Status {
      for (const auto& id : ids) {
        ASSIGN_OR_RETURN(auto s, c.prepare("SELECT " ATTACHMENT_COLUMNS " FROM message_attachments ma "
                                           "JOIN attachments a ON a.id = ma.attachment_id "
                                           "WHERE ma.message_id = ?1 ORDER BY ma.position"));
        s.bind(1, id);
        TRY(s.each_row([&](const Statement& row) { out[id].push_back(read_attachment(row)); }));
      }
      return ok_status();
    }));
    return out;
  }

  Result<std::vector<std::string>> remove_for_message(const std::string& message_id) override {
    std::vector<std::string> ids;
    TRY(db_.write([&](Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto links, c.prepare("DELETE FROM message_attachments WHERE message_id = ?1 "
                                             "RETURNING attachment_id"));
      links.bind(1, message_id);
      TRY(links.each_row([&](const Statement& row) { ids.push_back(row.text(0)); }));
      for (const auto& id : ids) {
        ASSIGN_OR_RETURN(auto s, c.prepare("DELETE FROM attachments WHERE id = ?1"));
        s.bind(1, id);
        TRY(s.run());
      }
      return ok_status();
    }));
    return ids;
  }

  Result<std::vector<std::string>> remove_unposted(UnixSeconds before, int limit) override {
    std::vector<std::string> ids;
    TRY(db_.write([&](Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto s, c.prepare("DELETE FROM attachments WHERE id IN (SELECT a.id FROM attachments a "
                                         "WHERE a.created_at < ?1 AND NOT EXISTS (SELECT 1 FROM message_attachments "
                                         "ma WHERE ma.attachment_id = a.id) AND NOT EXISTS (SELECT 1 FROM "
                                         "kept_attachments k WHERE k.attachment_id = a.id) LIMIT ?2) RETURNING id"));
      s.bind(1, before).bind(2, limit);
      return s.each_row([&](const Statement& row) { ids.push_back(row.text(0)); });
    }));
    return ids;
  }

  Result<std::vector<std::string>> voice_copies_due(int limit) override {
    std::vector<std::string> ids;
    TRY(db_.read([&](Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto s, c.prepare("SELECT id FROM attachments WHERE voice_copy_due = 1 ORDER BY id LIMIT ?1"));
      s.bind(1, limit);
      return s.each_row([&](const Statement& row) { ids.push_back(row.text(0)); });
    }));
    return ids;
  }

  Status set_voice_copy(const std::string& id, bool has_copy, std::optional<std::int64_t> duration_ms) override {
    return db_.write([&](Connection& c) -> Status {
      ASSIGN_OR_RETURN(auto s, c.prepare("UPDATE attachments SET has_voice_copy = ?2, duration_ms = ?3, "
                                         "voice_copy_due = 0 WHERE id = ?1"));
      s.bind(1, id).bind(2, has_copy ? 1 : 0);
      duration_ms ? s.bind(3, *duration_ms) : s.bind_null(3);
      TRY(s.run());
      return c.changes() == 0 ? Status(not_found("No such attachment.")) : ok_status();
    });
  }

 private:
  Database& db_;
};

}  // namespace

std::unique_ptr<AttachmentStore> make_attachment_store(Database& db) {
  return std::make_unique<SqliteAttachmentStore>(db);
}

}  // namespace muster::store::sqlite
