#include "app/moderation_service.hpp"

#include <algorithm>
#include <set>

#include "app/audit.hpp"
#include "app/events.hpp"
#include "crypto/crypto.hpp"
#include "domain/text/arabic.hpp"

namespace muster::app {

namespace {

constexpr size_t kMaxCommentChars = 1000;
constexpr int kMaxSuspendHours = 24 * 365;

std::string_view status_of(ReportAction a) {
  switch (a) {
    case ReportAction::Remove: return "removed";
    case ReportAction::Warn: return "warned";
    case ReportAction::Suspend: return "suspended";
    default: return "dismissed";
  }
}

// What a reporter is told: whether something was done, never what was done to whom.
std::string_view outcome_for_reporter(ReportAction a) {
  switch (a) {
    case ReportAction::Remove: return "removed";
    case ReportAction::Dismiss: return "no_action";
    default: return "action_taken";
  }
}

Status admins_only(const Actor& actor) {
  if (!domain::is_admin(actor.person.role)) return denied("Only admins can do this.");
  return ok_status();
}

}  // namespace

Result<std::pair<store::Report, bool>> ModerationService::report(const Actor& actor, const std::string& message_id,
                                                                 const ReportRequest& r) {
  if (std::none_of(std::begin(kReportCategories), std::end(kReportCategories), [&](const char* c) { return r.category == c; }))
    return invalid("Choose a category: harassment, inappropriate, confidential, spam or other.", "category");
  if (domain::utf8_length(r.comment) > kMaxCommentChars) return invalid("The comment is longer than 1000 characters.", "comment");
  ASSIGN_OR_RETURN(auto m, chat_.readable_message(actor, message_id));  // NotFound unless the reporter may read it
  if (m.author_id == actor.person.id) return invalid("You cannot report your own message.");
  if (m.deleted) return invalid("This message was already deleted.");
  std::optional<std::pair<store::Report, bool>> out;
  TRY(stores_.transactor().in_transaction([&]() -> Status {
    ASSIGN_OR_RETURN(auto existing, stores_.moderation().open_report(message_id, actor.person.id));
    if (existing) {
      out = std::make_pair(*existing, false);
      return ok_status();
    }
    store::Report report{.message_id = m.id, .conversation_id = m.conversation_id, .reporter_id = actor.person.id,
                         .author_id = m.author_id, .category = r.category, .comment = r.comment,
                         .created_at = now_seconds()};
    TRY(stores_.moderation().insert_report(report));
    // Recorded without the reporter: admins who read the audit log may be the one reported.
    TRY(record_audit(stores_.audit(), nullptr, "message.reported", "message", m.id,
                     {{"report_id", report.id}, {"category", r.category}, {"conversation_id", m.conversation_id}}));
    out = std::make_pair(std::move(report), true);
    return ok_status();
  }));
  return std::move(*out);
}

Result<store::ReportQuery> ModerationService::scope(const Actor& actor) {
  store::ReportQuery q;
  if (domain::is_admin(actor.person.role)) {
    q.all_conversations = true;
    return q;
  }
  ASSIGN_OR_RETURN(auto mine, stores_.conversations().list_for_person(actor.person.id));
  for (const auto& c : mine)
    if (domain::can_moderate(c.me)) q.conversation_ids.push_back(c.conversation.id);
  if (q.conversation_ids.empty()) return denied("Only owners, moderators and admins see reports.");
  return q;
}

Status ModerationService::may_act_on(const Actor& actor, const store::Report& report) {
  // Nobody moderates reports about themselves, and so nobody learns who reported them.
  if (report.author_id == actor.person.id) return not_found("No such report.");
  if (domain::is_admin(actor.person.role)) return ok_status();
  auto me = stores_.conversations().member(report.conversation_id, actor.person.id);
  if (!me.ok() || !*me || !domain::can_moderate(**me)) return not_found("No such report.");
  return ok_status();
}

Result<std::vector<ReportView>> ModerationService::queue(const Actor& actor, const std::string& status,
                                                        std::optional<std::int64_t> before, int limit) {
  if (limit < 1 || limit > 100) return invalid("Limit must be between 1 and 100.", "limit");
  static const std::set<std::string> kStatuses{"", "open", "removed", "dismissed", "warned", "suspended"};
  if (!kStatuses.contains(status)) return invalid("Status is open, removed, dismissed, warned or suspended.", "status");
  ASSIGN_OR_RETURN(auto q, scope(actor));
  q.status = status;
  q.before_id = before;
  q.limit = limit;
  ASSIGN_OR_RETURN(auto reports, stores_.moderation().reports(q));
  std::vector<ReportView> out;
  for (auto& r : reports) {
    if (r.author_id == actor.person.id) continue;
    ReportView v;
    auto c = stores_.conversations().get(r.conversation_id);
    if (c.ok()) v.conversation_name = c->name;
    if (auto p = stores_.people().get(r.author_id); p.ok()) v.author_name = p->name;
    if (!r.reporter_id.empty())
      if (auto p = stores_.people().get(r.reporter_id); p.ok()) v.reporter_name = p->name;
    if (auto m = stores_.messages().get(r.message_id); m.ok()) {
      ASSIGN_OR_RETURN(auto views, chat_.views(actor, {m.value()}));
      v.message = views.front();
    }
    v.report = std::move(r);
    out.push_back(std::move(v));
  }
  return out;
}

Status ModerationService::notify(const std::string& person_id, const std::string& kind, Json body) {
  store::Notice n{.person_id = person_id, .kind = kind, .body_json = body.dump(), .at = now_seconds()};
  TRY(stores_.moderation().add_notice(n));
  events_.after_commit({person_id}, events::kNotice,
                       {{"notice", {{"id", n.id}, {"kind", kind}, {"body", std::move(body)}, {"at", to_rfc3339(n.at)}}}});
  return ok_status();
}

// Each reporter once (a content rule reports as no one): whether something was done, never what.
Status ModerationService::tell_reporters(const std::vector<store::Report>& reports, const std::string& conversation_name,
                                         std::string_view outcome) {
  std::set<std::string> told;
  for (const auto& done : reports)
    if (!done.reporter_id.empty() && told.insert(done.reporter_id).second)
      TRY(notify(done.reporter_id, "report_outcome",
                 {{"report_id", done.id}, {"conversation_name", conversation_name}, {"outcome", outcome}}));
  return ok_status();
}

Result<int> ModerationService::resolve(const Actor& actor, std::int64_t report_id, const Resolution& r) {
  if (domain::utf8_length(r.note) > kMaxCommentChars) return invalid("The note is longer than 1000 characters.", "note");
  if (r.action == ReportAction::Suspend) {
    if (r.suspend_hours < 1 || r.suspend_hours > kMaxSuspendHours)
      return invalid("A suspension lasts from 1 hour to a year.", "hours");
    if (r.suspend_everywhere) TRY(admins_only(actor));
  }
  if (r.action == ReportAction::Remove && r.note.empty()) return invalid("Say why you remove this message.", "note");
  int resolved = 0;
  UnixSeconds suspended_until = 0;
  TRY(stores_.transactor().in_transaction([&]() -> Status {
    ASSIGN_OR_RETURN(auto report, stores_.moderation().report(report_id));
    TRY(may_act_on(actor, report));
    if (report.status != "open") return conflict("This report was already resolved (" + report.status + ").");
    std::string conversation_name;
    if (auto c = stores_.conversations().get(report.conversation_id); c.ok()) conversation_name = c->name;
    UnixSeconds now = now_seconds();
    switch (r.action) {
      case ReportAction::Remove: {
        auto removed = chat_.remove(actor, report.message_id, r.note);
        // Its author may have deleted it meanwhile: removed either way.
        if (!removed.ok() && removed.error().code != ErrorCode::NotFound) return removed.error();
        break;
      }
      case ReportAction::Warn:
        TRY(notify(report.author_id, "warning", {{"conversation_id", report.conversation_id},
                                                 {"conversation_name", conversation_name},
                                                 {"message_id", report.message_id},
                                                 {"note", r.note}}));
        break;
      case ReportAction::Suspend: {
        store::Suspension s{report.author_id, r.suspend_everywhere ? "" : report.conversation_id,
                            now + static_cast<UnixSeconds>(r.suspend_hours) * 3600, actor.person.id, r.note};
        TRY(stores_.moderation().suspend(s));
        suspended_until = s.until;
        TRY(notify(report.author_id, "suspended", {{"conversation_id", s.conversation_id},
                                                   {"conversation_name", r.suspend_everywhere ? "" : conversation_name},
                                                   {"until", to_rfc3339(s.until)},
                                                   {"note", r.note}}));
        break;
      }
      case ReportAction::Dismiss: break;
    }
    ASSIGN_OR_RETURN(auto reports, stores_.moderation().resolve(report.message_id, std::string(status_of(r.action)),
                                                                actor.person.id, now, r.note));
    resolved = static_cast<int>(reports.size());
    TRY(tell_reporters(reports, conversation_name, outcome_for_reporter(r.action)));
    return record_audit(stores_.audit(), &actor, "report.resolved", "message", report.message_id,
                        {{"action", status_of(r.action)}, {"reports", resolved}, {"note", r.note},
                         {"conversation_id", report.conversation_id}});
  }));
  if (suspended_until) chat_.guards().suspension_added(suspended_until);
  return resolved;
}

Result<MessageView> ModerationService::remove(const Actor& actor, const std::string& message_id,
                                              const std::optional<std::string>& reason) {
  std::optional<MessageView> out;
  TRY(stores_.transactor().in_transaction([&]() -> Status {
    ASSIGN_OR_RETURN(out, chat_.remove(actor, message_id, reason));
    if (!out->message.removed_by_moderator || !reason) return ok_status();
    // Reports of a message removed from the conversation are settled by it.
    ASSIGN_OR_RETURN(auto reports, stores_.moderation().resolve(message_id, "removed", actor.person.id, now_seconds(), *reason));
    std::string conversation_name;
    if (auto c = stores_.conversations().get(out->message.conversation_id); c.ok()) conversation_name = c->name;
    return tell_reporters(reports, conversation_name, "removed");
  }));
  return std::move(*out);
}

Result<std::vector<NoticeView>> ModerationService::notices(const Actor& actor) {
  ASSIGN_OR_RETURN(auto notices, stores_.moderation().notices(actor.person.id, 50));
  std::vector<NoticeView> out;
  for (auto& n : notices) {
    auto body = Json::parse(n.body_json, nullptr, false);
    out.push_back({n.id, n.kind, body.is_discarded() ? Json::object() : body, n.at});
  }
  return out;
}

Result<std::vector<domain::ContentRule>> ModerationService::content_rules(const Actor& actor) {
  TRY(admins_only(actor));
  return stores_.moderation().content_rules();
}

Result<domain::ContentRule> ModerationService::save_content_rule(const Actor& actor, domain::ContentRule rule) {
  TRY(admins_only(actor));
  TRY(domain::validate_content_rule(rule));
  bool fresh = rule.id.empty();
  TRY(stores_.transactor().in_transaction([&]() -> Status {
    ASSIGN_OR_RETURN(auto existing, stores_.moderation().content_rules());
    bool found = std::any_of(existing.begin(), existing.end(), [&](const auto& r) { return r.id == rule.id; });
    if (fresh) {
      if (existing.size() >= 200) return invalid("At most 200 content rules.");
      rule.id = crypto::random_id("cr");
    } else if (!found) {
      return not_found("No such content rule.");
    }
    TRY(stores_.moderation().put_content_rule(rule, now_seconds()));
    // The words and pattern are recorded: they are the admins' own policy, not anyone's message.
    TRY(record_audit(stores_.audit(), &actor, fresh ? "content_rule.created" : "content_rule.updated", "content_rule",
                     rule.id,
                     {{"name", rule.name}, {"kind", domain::to_string(rule.kind)},
                      {"action", domain::to_string(rule.action)}, {"enabled", rule.enabled}}));
    stores_.transactor().after_commit([this] { chat_.guards().reload(); });
    return ok_status();
  }));
  return rule;
}

Status ModerationService::delete_content_rule(const Actor& actor, const std::string& id) {
  TRY(admins_only(actor));
  return stores_.transactor().in_transaction([&]() -> Status {
    TRY(stores_.moderation().delete_content_rule(id));
    TRY(record_audit(stores_.audit(), &actor, "content_rule.deleted", "content_rule", id));
    stores_.transactor().after_commit([this] { chat_.guards().reload(); });
    return ok_status();
  });
}

// Everyone may read them: the app hides what a person may not do.
Result<domain::OrgPolicies> ModerationService::policies(const Actor&) {
  return *chat_.guards().policies();
}

Result<domain::OrgPolicies> ModerationService::set_policies(const Actor& actor, const Json& change) {
  TRY(admins_only(actor));
  std::optional<domain::OrgPolicies> out;
  TRY(stores_.transactor().in_transaction([&]() -> Status {
    ASSIGN_OR_RETURN(auto org, stores_.organization().get());
    if (!org) return not_found("The organization is not set up.");
    ASSIGN_OR_RETURN(auto next, domain::parse_policies(change, org->policies));
    org->policies = next;
    TRY(stores_.organization().put(*org));
    TRY(record_audit(stores_.audit(), &actor, "policies.changed", "organization", "1", change));
    stores_.transactor().after_commit([this] { chat_.guards().reload(); });
    out = std::move(next);
    return ok_status();
  }));
  return std::move(*out);
}

}  // namespace muster::app
