// JSON shapes of the API objects (docs/api/openapi.yaml), in one place.
#pragma once
#include "app/admin_service.hpp"
#include "app/auth_service.hpp"
#include "app/chat_service.hpp"
#include "app/people_service.hpp"
#include "core/json.hpp"

namespace muster::transport::http_api {

Json person_json(const app::PersonView& view);
Json organization_json(const store::Organization& org);
Json session_json(const store::Session& session, const std::string& current_session_id);
Json invitation_json(const app::InvitationLink& link, const std::string& base_url);
Json audit_json(const store::AuditEntry& entry);
Json import_report_json(const app::ImportReport& report);
Json custom_field_json(const domain::CustomFieldDef& def);

// Reads a message to send (the body of POST /conversations/{id}/messages, or the "message" of a
// WebSocket "send").
Result<app::NewMessage> read_new_message(const Json& body);

// Reads the person fields of a create or edit body into a patch.
Result<domain::PersonPatch> read_person_patch(const Json& body);

}  // namespace muster::transport::http_api
