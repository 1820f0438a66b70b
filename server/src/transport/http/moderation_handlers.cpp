// Removing messages, reports and the moderation queue, notices, content rules and organization
// policies (app/moderation_service.hpp).
#include <algorithm>
#include <charconv>

#include "transport/http/api.hpp"
#include "transport/http/mappers.hpp"

namespace muster::transport::http_api {

namespace {

using app::ChatService;

Json report_json(const store::Report& r) {
  return {{"id", r.id}, {"message_id", r.message_id}, {"category", r.category}, {"status", r.status},
          {"created_at", to_rfc3339(r.created_at)}};
}

// For moderators: who reported (null: a content rule flagged it) and what is reported.
Json queue_item_json(const app::ReportView& v) {
  Json j = report_json(v.report);
  j["comment"] = v.report.comment;
  j["conversation_id"] = v.report.conversation_id;
  j["conversation_name"] = v.conversation_name;
  j["author"] = {{"id", v.report.author_id}, {"name", v.author_name}};
  j["reporter"] = v.report.reporter_id.empty() ? Json(nullptr)
                                               : Json{{"id", v.report.reporter_id}, {"name", v.reporter_name}};
  j["message"] = v.message ? ChatService::message_json(*v.message) : Json(nullptr);
  j["resolved_at"] = v.report.resolved_at ? Json(to_rfc3339(v.report.resolved_at)) : Json(nullptr);
  j["note"] = v.report.note;
  return j;
}

Json rule_json(const domain::ContentRule& r) {
  return {{"id", r.id},           {"name", r.name},       {"kind", domain::to_string(r.kind)},
          {"action", domain::to_string(r.action)}, {"words", r.words}, {"pattern", r.pattern},
          {"enabled", r.enabled}};
}

// A whole rule: name, kind, action, and words or pattern as the kind needs.
Result<domain::ContentRule> read_rule(const Json& body) {
  JsonReader r(body, {"name", "kind", "action", "words", "pattern", "enabled"});
  domain::ContentRule rule;
  rule.name = r.required_string("name", domain::kMaxContentRuleNameChars);
  auto kind = r.required_string("kind", 20);
  auto action = r.required_string("action", 10);
  rule.words = r.string_list("words", domain::kMaxContentRuleWords, domain::kMaxContentRuleWordChars).value_or(std::vector<std::string>{});
  rule.pattern = r.string("pattern", domain::kMaxContentRulePatternChars).value_or("");
  rule.enabled = r.boolean("enabled").value_or(true);
  TRY(r.status());
  auto k = domain::parse_content_rule_kind(kind);
  if (!k) return invalid("Kind is words, regex, card_number, iban or national_id.", "kind");
  auto a = domain::parse_content_rule_action(action);
  if (!a) return invalid("Action is block or flag.", "action");
  rule.kind = *k;
  rule.action = *a;
  return rule;
}

Result<app::Resolution> read_resolution(const Json& body) {
  JsonReader r(body, {"action", "note", "scope", "hours"});
  auto action = r.required_string("action", 10);
  app::Resolution out;
  out.note = r.string("note", 1000).value_or("");
  auto scope = r.string("scope", 20).value_or("conversation");
  TRY(r.status());
  if (action == "remove") out.action = app::ReportAction::Remove;
  else if (action == "dismiss") out.action = app::ReportAction::Dismiss;
  else if (action == "warn") out.action = app::ReportAction::Warn;
  else if (action == "suspend") out.action = app::ReportAction::Suspend;
  else return invalid("Action is remove, dismiss, warn or suspend.", "action");
  if (scope != "conversation" && scope != "everywhere") return invalid("Scope is conversation or everywhere.", "scope");
  out.suspend_everywhere = scope == "everywhere";
  if (auto it = body.find("hours"); it != body.end()) {
    if (!it->is_number_integer()) return invalid("Hours must be a whole number.", "hours");
    out.suspend_hours = static_cast<int>(std::clamp<std::int64_t>(it->get<std::int64_t>(), -1, 1 << 20));
  }
  if (out.action != app::ReportAction::Suspend && (body.contains("hours") || body.contains("scope")))
    return invalid("Scope and hours belong to a suspension.", body.contains("hours") ? "hours" : "scope");
  return out;
}

}  // namespace

void register_moderation_routes(Router& router, Services& s) {
  auto& mod = s.moderation;

  router.add("DELETE", "/api/v1/messages/{id}", Access::SignedIn, Body::OptionalJson,
             [&mod](Request& req, const app::Actor* a) {
               PARSE_BODY(body, req);
               JsonReader r(body, {"reason"});
               auto reason = r.string("reason", 500);
               if (!r.status().ok()) return error_response(r.status().error());
               auto v = mod.remove(*a, req.params["id"], reason);
               RETURN_IF_ERROR(v);
               return json_response(200, ChatService::message_json(v.value()));
             });

  router.add("POST", "/api/v1/messages/{id}/reports", Access::SignedIn, Body::Json,
             [&mod](Request& req, const app::Actor* a) {
               PARSE_BODY(body, req);
               JsonReader r(body, {"category", "comment"});
               app::ReportRequest request{r.required_string("category", 20), r.string("comment", 1000).value_or("")};
               if (!r.status().ok()) return error_response(r.status().error());
               auto made = mod.report(*a, req.params["id"], request);
               RETURN_IF_ERROR(made);
               return json_response(made->second ? 201 : 200, report_json(made->first));
             });

  router.add("GET", "/api/v1/moderation/reports", Access::SignedIn, Body::None,
             [&mod](Request& req, const app::Actor* a) {
               auto limit = limit_param(req);
               RETURN_IF_ERROR(limit);
               auto before = number_param(req, "before", "a report id from a previous page");
               RETURN_IF_ERROR(before);
               auto status = req.query.contains("status") ? req.query_value("status") : std::string("open");
               if (status == "all") status.clear();
               auto items = mod.queue(*a, status, before.value(), std::min(limit.value(), 100));
               RETURN_IF_ERROR(items);
               Json out = Json::array();
               for (const auto& v : items.value()) out.push_back(queue_item_json(v));
               Json next = items->size() == static_cast<size_t>(std::min(limit.value(), 100)) && !items->empty()
                               ? Json(std::to_string(items->back().report.id))
                               : Json(nullptr);
               return json_response(200, {{"items", out}, {"next_before", next}});
             });

  router.add("POST", "/api/v1/moderation/reports/{id}/resolve", Access::SignedIn, Body::Json,
             [&mod](Request& req, const app::Actor* a) {
               PARSE_BODY(body, req);
               auto resolution = read_resolution(body);
               RETURN_IF_ERROR(resolution);
               std::int64_t id = 0;
               const auto& text = req.params["id"];
               auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
               if (ec != std::errc() || ptr != text.data() + text.size()) return error_response(not_found("No such report."));
               auto done = mod.resolve(*a, id, resolution.value());
               RETURN_IF_ERROR(done);
               return json_response(200, {{"resolved", done.value()}});
             });

  router.add("GET", "/api/v1/me/notices", Access::SignedIn, Body::None, [&mod](Request&, const app::Actor* a) {
    auto notices = mod.notices(*a);
    RETURN_IF_ERROR(notices);
    Json items = Json::array();
    for (const auto& n : notices.value())
      items.push_back({{"id", n.id}, {"kind", n.kind}, {"body", n.body}, {"at", to_rfc3339(n.at)}});
    return json_response(200, {{"items", items}});
  });

  router.add("GET", "/api/v1/admin/content-rules", Access::SignedIn, Body::None, [&mod](Request&, const app::Actor* a) {
    auto rules = mod.content_rules(*a);
    RETURN_IF_ERROR(rules);
    Json items = Json::array();
    for (const auto& r : rules.value()) items.push_back(rule_json(r));
    return json_response(200, {{"items", items}});
  });

  router.add("POST", "/api/v1/admin/content-rules", Access::SignedIn, Body::Json,
             [&mod](Request& req, const app::Actor* a) {
               PARSE_BODY(body, req);
               auto rule = read_rule(body);
               RETURN_IF_ERROR(rule);
               auto saved = mod.save_content_rule(*a, rule.value());
               RETURN_IF_ERROR(saved);
               return json_response(201, rule_json(saved.value()));
             });

  router.add("PUT", "/api/v1/admin/content-rules/{id}", Access::SignedIn, Body::Json,
             [&mod](Request& req, const app::Actor* a) {
               PARSE_BODY(body, req);
               auto rule = read_rule(body);
               RETURN_IF_ERROR(rule);
               rule->id = req.params["id"];
               auto saved = mod.save_content_rule(*a, rule.value());
               RETURN_IF_ERROR(saved);
               return json_response(200, rule_json(saved.value()));
             });

  router.add("DELETE", "/api/v1/admin/content-rules/{id}", Access::SignedIn, Body::None,
             [&mod](Request& req, const app::Actor* a) {
               auto done = mod.delete_content_rule(*a, req.params["id"]);
               RETURN_IF_ERROR(done);
               return no_content();
             });

  router.add("GET", "/api/v1/policies", Access::SignedIn, Body::None, [&mod](Request&, const app::Actor* a) {
    auto p = mod.policies(*a);
    RETURN_IF_ERROR(p);
    return json_response(200, domain::policies_json(p.value()));
  });

  router.add("PATCH", "/api/v1/policies", Access::SignedIn, Body::Json, [&mod](Request& req, const app::Actor* a) {
    PARSE_BODY(body, req);
    auto p = mod.set_policies(*a, body);
    RETURN_IF_ERROR(p);
    return json_response(200, domain::policies_json(p.value()));
  });
}

}  // namespace muster::transport::http_api
