// Compliance: officers read or export a conversation's or a person's messages for a date range
// with a reason (app/compliance_service.hpp); admins grant and revoke the capability. Every
// /compliance route answers 403 to anyone without it, before looking at the body.
#include "app/compliance_service.hpp"
#include "crypto/sealed_stream.hpp"
#include "transport/http/api.hpp"
#include "transport/http/mappers.hpp"

namespace muster::transport::http_api {

namespace {

Json message_json(const store::ComplianceMessage& m) {
  Json edits = Json::array();
  for (const auto& e : m.edits) edits.push_back({{"text", e.text}, {"replaced_at", to_rfc3339(e.edited_at)}});
  Json files = Json::array();
  for (const auto& a : m.attachments)
    files.push_back({{"id", a.id}, {"name", a.name}, {"content_type", a.content_type}, {"size", a.size}});
  Json j = {{"id", m.id},
            {"conversation", {{"id", m.conversation_id}, {"name", m.conversation_name}}},
            {"seq", m.seq},
            {"author", {{"id", m.author_id}, {"name", m.author_name}}},
            {"created_at", to_rfc3339(m.created_at)},
            {"edited_at", m.edited_at ? Json(to_rfc3339(*m.edited_at)) : Json(nullptr)},
            {"state", m.state},
            {"text", m.text},
            {"edits", edits},
            {"attachments", files}};
  if (m.kept)
    j["kept_under_hold"] = {{"removed_by", m.removed_by},
                            {"removed_at", m.removed_at ? Json(to_rfc3339(*m.removed_at)) : Json(nullptr)},
                            {"reason", m.removal_reason}};
  return j;
}

Result<UnixSeconds> time_field(JsonReader& r, const char* key) {
  auto text = r.required_string(key, 40);
  if (!r.status().ok()) return r.status().error();
  auto t = parse_rfc3339(text);
  if (!t) return invalid(std::string("'") + key + "' must be an RFC 3339 time, e.g. 2026-01-31T00:00:00Z.", key);
  return *t;
}

// The scope and reason of a read or export; `key` receives the recipient key when asked for.
Result<app::ComplianceRequest> read_request(const Json& body, std::string* key) {
  JsonReader r(body, key ? std::initializer_list<std::string_view>{"conversation_id", "person_id", "from", "to", "reason",
                                                                  "recipient_public_key"}
                         : std::initializer_list<std::string_view>{"conversation_id", "person_id", "from", "to", "reason"});
  app::ComplianceRequest q;
  q.conversation_id = r.string("conversation_id", 64).value_or("");
  q.person_id = r.string("person_id", 64).value_or("");
  q.reason = r.required_string("reason", app::kMaxComplianceReasonChars);
  if (key) *key = r.required_string("recipient_public_key", 100);
  TRY(r.status());
  ASSIGN_OR_RETURN(q.from, time_field(r, "from"));
  ASSIGN_OR_RETURN(q.to, time_field(r, "to"));
  return q;
}

Response read_messages(app::ComplianceService& compliance, Request& req, const app::Actor& actor) {
  if (auto allowed = compliance.check_officer(actor); !allowed.ok()) return error_response(allowed.error());
  PARSE_BODY(body, req);
  auto request = read_request(body, nullptr);
  RETURN_IF_ERROR(request);
  auto read = compliance.read(actor, request.value());
  RETURN_IF_ERROR(read);
  Json items = Json::array();
  for (const auto& m : read->messages) items.push_back(message_json(m));
  return json_response(200, {{"messages", items}, {"truncated", read->truncated}});
}

// The export is encrypted as it is written: the JSON document never exists in plaintext here.
Response export_messages(app::ComplianceService& compliance, Request& req, const app::Actor& actor) {
  if (auto allowed = compliance.check_officer(actor); !allowed.ok()) return error_response(allowed.error());
  PARSE_BODY(body, req);
  std::string key_text;
  auto request = read_request(body, &key_text);
  RETURN_IF_ERROR(request);
  auto key = crypto::decode_box_key(key_text, "recipient public key");
  if (!key.ok()) return error_response(Error{ErrorCode::InvalidArgument, key.error().message, "recipient_public_key"});
  Response out;
  out.content_type = "application/octet-stream";
  auto writer = crypto::SealedStreamWriter::begin(key.value(), [&out](std::string_view bytes) {
    out.body.append(bytes);
    return ok_status();
  });
  RETURN_IF_ERROR(writer);
  auto& w = *writer.value();
  const auto& q = request.value();
  Json scope = {{"conversation_id", q.conversation_id.empty() ? Json(nullptr) : Json(q.conversation_id)},
                {"person_id", q.person_id.empty() ? Json(nullptr) : Json(q.person_id)},
                {"from", to_rfc3339(q.from)},
                {"to", to_rfc3339(q.to)}};
  // Written field by field so the messages can stream one by one at the end.
  std::string open = "{\"format\":\"muster-compliance-export/1\",\"exported_at\":" + Json(to_rfc3339(now_seconds())).dump() +
                     ",\"exported_by\":" + Json{{"id", actor.person.id}, {"name", actor.person.name}}.dump() +
                     ",\"scope\":" + scope.dump() + ",\"reason\":" + Json(q.reason).dump() + ",\"messages\":[";
  std::string close = "]}";
  bool first = true;
  auto status = w.write(open);
  if (status.ok())
    status = compliance.export_messages(actor, q, crypto::box_key_fingerprint(key.value()),
                                        [&](const store::ComplianceMessage& m) -> Status {
                                          TRY(w.write(first ? "" : ","));
                                          first = false;
                                          return w.write(message_json(m).dump());
                                        });
  if (status.ok()) status = w.write(close);
  if (status.ok()) status = w.finish();
  if (!status.ok()) return error_response(status.error());
  out.headers.emplace_back("Content-Disposition", "attachment; filename=\"muster-compliance-" +
                                                      to_rfc3339(now_seconds()).substr(0, 10) + ".mcx\"");
  out.headers.emplace_back("Cache-Control", "no-store");
  return out;
}

Json officers_json(const std::vector<store::ComplianceOfficer>& officers) {
  Json items = Json::array();
  for (const auto& o : officers)
    items.push_back({{"person_id", o.person_id}, {"name", o.name}, {"granted_by", o.granted_by},
                     {"granted_at", to_rfc3339(o.granted_at)}});
  return {{"items", items}};
}

}  // namespace

void register_compliance_routes(Router& router, Services& s) {
  auto& compliance = s.compliance;

  router.add("GET", "/api/v1/compliance/status", Access::SignedIn, Body::None,
             [&compliance](Request&, const app::Actor* a) {
               auto allowed = compliance.check_officer(*a);
               RETURN_IF_ERROR(allowed);
               return json_response(200, {{"officer", true}});
             });
  router.add("POST", "/api/v1/compliance/read", Access::SignedIn, Body::Json,
             [&compliance](Request& req, const app::Actor* a) { return read_messages(compliance, req, *a); });
  router.add("POST", "/api/v1/compliance/export", Access::SignedIn, Body::Json,
             [&compliance](Request& req, const app::Actor* a) { return export_messages(compliance, req, *a); });

  router.add("GET", "/api/v1/admin/compliance-officers", Access::SignedIn, Body::None,
             [&compliance](Request&, const app::Actor* a) {
               auto officers = compliance.officers(*a);
               RETURN_IF_ERROR(officers);
               return json_response(200, officers_json(officers.value()));
             });
  router.add("PUT", "/api/v1/admin/compliance-officers/{person_id}", Access::SignedIn, Body::None,
             [&compliance](Request& req, const app::Actor* a) {
               auto done = compliance.grant(*a, req.params["person_id"]);
               RETURN_IF_ERROR(done);
               return no_content();
             });
  router.add("DELETE", "/api/v1/admin/compliance-officers/{person_id}", Access::SignedIn, Body::None,
             [&compliance](Request& req, const app::Actor* a) {
               auto done = compliance.revoke(*a, req.params["person_id"]);
               RETURN_IF_ERROR(done);
               return no_content();
             });
}

}  // namespace muster::transport::http_api
