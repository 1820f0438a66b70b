// Oversight: every conversation's metadata and the admin's archive, ownership and removal actions,
// each with a reason (app/oversight_service.hpp). Admins only; never a message's content.
#include "app/oversight_service.hpp"
#include "domain/text/arabic.hpp"
#include "transport/http/api.hpp"
#include "transport/http/mappers.hpp"

namespace muster::transport::http_api {

namespace {

Json people_json(const std::vector<store::PersonRef>& people) {
  Json out = Json::array();
  for (const auto& p : people) out.push_back({{"id", p.id}, {"name", p.name}});
  return out;
}

Json row_json(const store::OversightRow& r) {
  const auto& c = r.conversation;
  Json j = {{"id", c.id},
            {"kind", domain::to_string(c.kind)},
            {"name", c.name},
            {"visibility", c.is_public ? "public" : "private"},
            {"archived", c.archived},
            {"membership", c.smart ? "rule" : "manual"},
            {"owners", people_json(r.owners)},
            {"creator", {{"id", c.created_by}, {"name", r.creator_name}}},
            {"member_count", r.member_count},
            {"external_count", r.external_count},
            {"created_at", to_rfc3339(c.created_at)},
            {"last_activity_at", to_rfc3339(c.last_activity_ms / 1000)}};
  if (c.kind == domain::ConversationKind::Direct) j["participants"] = people_json(r.participants);
  return j;
}

Json detail_json(const app::OversightDetail& d) {
  Json members = Json::array();
  for (const auto& m : d.members) {
    Json j = {{"person_id", m.member.person_id},
              {"name", m.name},
              {"role", domain::to_string(m.member.role)},
              {"joined_at", to_rfc3339(m.member.joined_at)},
              {"external", m.external_company.has_value()}};
    if (m.external_company) j["company"] = *m.external_company;
    members.push_back(std::move(j));
  }
  return {{"conversation", row_json(d.conversation)}, {"members", members}};
}

// "true" or "false", or absent.
Result<std::optional<bool>> flag_param(const Request& req, const std::string& name) {
  std::string text = req.query_value(name);
  if (text.empty()) return std::optional<bool>{};
  if (text != "true" && text != "false") return invalid("'" + name + "' must be true or false.", name);
  return std::optional<bool>{text == "true"};
}

Result<app::OversightFilter> read_filter(const Request& req) {
  app::OversightFilter f;
  ASSIGN_OR_RETURN(f.limit, limit_param(req));
  std::string kind = req.query_value("kind");
  if (!kind.empty()) {
    f.kind = domain::parse_conversation_kind(kind);
    if (!f.kind) return invalid("Kind must be group, channel, announcement or direct.", "kind");
  }
  ASSIGN_OR_RETURN(f.archived, flag_param(req, "archived"));
  ASSIGN_OR_RETURN(f.has_externals, flag_param(req, "has_externals"));
  f.q = req.query_value("q");
  if (domain::utf8_length(f.q) > 200) return invalid("The search is too long.", "q");
  f.cursor = req.query_value("cursor");
  if (f.cursor.size() > 64) return invalid("The cursor is not valid.", "cursor");
  return f;
}

Response answer(const Result<app::OversightDetail>& detail) {
  RETURN_IF_ERROR(detail);
  return json_response(200, detail_json(detail.value()));
}

}  // namespace

void register_oversight_routes(Router& router, Services& s) {
  auto& oversight = s.oversight;

  router.add("GET", "/api/v1/admin/conversations", Access::SignedIn, Body::None,
             [&oversight](Request& req, const app::Actor* a) {
               auto filter = read_filter(req);
               RETURN_IF_ERROR(filter);
               auto page = oversight.conversations(*a, filter.value());
               RETURN_IF_ERROR(page);
               Json items = Json::array();
               for (const auto& row : page->items) items.push_back(row_json(row));
               return json_response(200, {{"items", items},
                                          {"next_cursor", page->next_cursor ? Json(*page->next_cursor) : Json(nullptr)}});
             });

  router.add("GET", "/api/v1/admin/conversations/{id}", Access::SignedIn, Body::None,
             [&oversight](Request& req, const app::Actor* a) { return answer(oversight.conversation(*a, req.params["id"])); });

  for (bool archive : {true, false}) {
    router.add("POST", archive ? "/api/v1/admin/conversations/{id}/archive" : "/api/v1/admin/conversations/{id}/unarchive",
               Access::SignedIn, Body::Json, [&oversight, archive](Request& req, const app::Actor* a) {
                 PARSE_BODY(body, req);
                 JsonReader r(body, {"reason"});
                 auto reason = r.required_string("reason", app::kMaxReasonChars);
                 if (!r.status().ok()) return error_response(r.status().error());
                 return answer(oversight.set_archived(*a, req.params["id"], archive, reason));
               });
  }

  router.add("POST", "/api/v1/admin/conversations/{id}/transfer", Access::SignedIn, Body::Json,
             [&oversight](Request& req, const app::Actor* a) {
               PARSE_BODY(body, req);
               JsonReader r(body, {"person_id", "reason", "previous_owners"});
               auto person_id = r.required_string("person_id", 64);
               auto reason = r.required_string("reason", app::kMaxReasonChars);
               auto previous = r.string("previous_owners", 20);
               if (!r.status().ok()) return error_response(r.status().error());
               std::optional<domain::MemberRole> become;
               if (previous && *previous != "keep") {
                 become = domain::parse_member_role(*previous);
                 if (!become || *become == domain::MemberRole::Owner)
                   return error_response(invalid("previous_owners must be keep, moderator or member.", "previous_owners"));
               }
               return answer(oversight.transfer_ownership(*a, req.params["id"], person_id, become, reason));
             });

  router.add("POST", "/api/v1/admin/conversations/{id}/members/{person_id}/remove", Access::SignedIn, Body::Json,
             [&oversight](Request& req, const app::Actor* a) {
               PARSE_BODY(body, req);
               JsonReader r(body, {"reason"});
               auto reason = r.required_string("reason", app::kMaxReasonChars);
               if (!r.status().ok()) return error_response(r.status().error());
               return answer(oversight.remove_member(*a, req.params["id"], req.params["person_id"], reason));
             });
}

}  // namespace muster::transport::http_api
