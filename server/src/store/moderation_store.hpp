// Moderation: reports of messages and what moderators did with them, posting suspensions, and the
// notices that tell people the outcome. Same contracts as store.hpp.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/moderation/content_rules.hpp"

namespace muster::store {

struct Report {
  std::int64_t id = 0;
  std::string message_id;
  std::string conversation_id;
  std::string reporter_id;  // moderators only: never shown to the reported person
  std::string author_id;
  std::string category;     // harassment, inappropriate, confidential, spam, other
  std::string comment;
  std::string status = "open";  // open, removed, dismissed, warned, suspended
  UnixSeconds created_at = 0;
  std::string resolved_by;
  UnixSeconds resolved_at = 0;
  std::string note;  // the moderator's words
};

struct ReportQuery {
  std::string status;                         // empty: every status
  std::vector<std::string> conversation_ids;  // empty: every conversation (admins)
  bool all_conversations = false;
  std::optional<std::int64_t> before_id;
  int limit = 50;
};

// Posting is suspended for `person_id` in `conversation_id` ("" = everywhere) until `until`.
struct Suspension {
  std::string person_id;
  std::string conversation_id;
  UnixSeconds until = 0;
  std::string set_by;
  std::string reason;
};

// A message to one person from the server: a warning, a report's outcome.
struct Notice {
  std::int64_t id = 0;
  std::string person_id;
  std::string kind;  // warning, report_outcome, suspended
  std::string body_json = "{}";
  UnixSeconds at = 0;
};

class ModerationStore {
 public:
  virtual ~ModerationStore() = default;
  virtual Status insert_report(Report& report) = 0;  // assigns id
  virtual Result<Report> report(std::int64_t id) = 0;
  virtual Result<std::optional<Report>> open_report(const std::string& message_id, const std::string& reporter_id) = 0;
  virtual Result<std::vector<Report>> reports(const ReportQuery& query) = 0;  // newest first
  // Every open report of the message gets the same outcome.
  virtual Result<std::vector<Report>> resolve(const std::string& message_id, const std::string& status,
                                              const std::string& by, UnixSeconds at, const std::string& note) = 0;

  virtual Status suspend(const Suspension& suspension) = 0;
  // The suspension in force for posting in `conversation_id` (or everywhere) at `now`, if any.
  virtual Result<std::optional<Suspension>> suspension(const std::string& person_id, const std::string& conversation_id,
                                                       UnixSeconds now) = 0;

  // The latest end of any suspension (0 when none): lets senders skip the look-up when none is in force.
  virtual Result<UnixSeconds> latest_suspension_end() = 0;

  virtual Status add_notice(Notice& notice) = 0;
  virtual Result<std::vector<Notice>> notices(const std::string& person_id, int limit) = 0;  // newest first

  // Content rules, oldest first (the order they are checked and reported in).
  virtual Result<std::vector<domain::ContentRule>> content_rules() = 0;
  virtual Status put_content_rule(const domain::ContentRule& rule, UnixSeconds at) = 0;  // inserts or replaces
  virtual Status delete_content_rule(const std::string& id) = 0;                          // NotFound if absent
};

}  // namespace muster::store
