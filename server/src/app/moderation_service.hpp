// Moderation: people report messages; owners, moderators and admins work the queue (remove,
// dismiss, warn the author, suspend their posting) and the reporters hear the outcome; admins keep
// the content rules and the organization's policies. A reporter's identity reaches moderators only:
// never the reported person, by any path (not even the audit log names the reporter).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "app/chat_service.hpp"
#include "app/context.hpp"
#include "store/store.hpp"

namespace muster::app {

inline constexpr const char* kReportCategories[] = {"harassment", "inappropriate", "confidential", "spam", "other"};

struct ReportRequest {
  std::string category;
  std::string comment;
};

struct ReportView {
  store::Report report;
  std::string conversation_name;
  std::string author_name;
  std::string reporter_name;  // empty: a content rule flagged it
  std::optional<MessageView> message;
};

enum class ReportAction { Remove, Dismiss, Warn, Suspend };

struct Resolution {
  ReportAction action = ReportAction::Dismiss;
  std::string note;               // the moderator's words; the removal's reason
  bool suspend_everywhere = false;  // Suspend: admins only
  int suspend_hours = 24;
};

struct NoticeView {
  std::int64_t id = 0;
  std::string kind;
  Json body;
  UnixSeconds at = 0;
};

class ModerationService {
 public:
  ModerationService(store::Stores& stores, ChatService& chat, realtime::Hub& hub)
      : stores_(stores), chat_(chat), events_(stores.transactor(), hub) {}

  Result<std::pair<store::Report, bool>> report(const Actor& actor, const std::string& message_id,
                                                const ReportRequest& request);  // bool: newly made
  Result<std::vector<ReportView>> queue(const Actor& actor, const std::string& status,
                                        std::optional<std::int64_t> before, int limit);
  // Every open report of the same message gets the outcome; answers how many.
  Result<int> resolve(const Actor& actor, std::int64_t report_id, const Resolution& resolution);
  Result<MessageView> remove(const Actor& actor, const std::string& message_id, const std::optional<std::string>& reason);
  Result<std::vector<NoticeView>> notices(const Actor& actor);

  Result<std::vector<domain::ContentRule>> content_rules(const Actor& actor);
  Result<domain::ContentRule> save_content_rule(const Actor& actor, domain::ContentRule rule);  // id empty: new
  Status delete_content_rule(const Actor& actor, const std::string& id);

  Result<domain::OrgPolicies> policies(const Actor& actor);
  Result<domain::OrgPolicies> set_policies(const Actor& actor, const Json& change);

 private:
  // Conversations whose reports `actor` may see (all for admins).
  Result<store::ReportQuery> scope(const Actor& actor);
  Status may_act_on(const Actor& actor, const store::Report& report);
  Status notify(const std::string& person_id, const std::string& kind, Json body);
  Status tell_reporters(const std::vector<store::Report>& reports, const std::string& conversation_name,
                        std::string_view outcome);

  store::Stores& stores_;
  ChatService& chat_;
  EventPublisher events_;
};

}  // namespace muster::app
