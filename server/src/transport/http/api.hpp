// Builds the /api/v1 router from the app services; one register_* per resource file.
#pragma once
#include <string>
#include <vector>

#include "app/admin_service.hpp"
#include "app/attachment_service.hpp"
#include "app/attention/attention_service.hpp"
#include "app/auth_service.hpp"
#include "app/chat_service.hpp"
#include "app/compliance_service.hpp"
#include "app/governance_service.hpp"
#include "app/moderation_service.hpp"
#include "app/oversight_service.hpp"
#include "app/people_service.hpp"
#include "app/retention_service.hpp"
#include "app/two_factor_service.hpp"
#include "transport/http/router.hpp"

namespace muster::app {
class BackupSchedule;
}

namespace muster::transport::http_api {

struct Services {
  app::AuthService& auth;
  app::PeopleService& people;
  app::AdminService& admin;
  app::ChatService& chat;
  app::AttachmentService& attachments;
  app::GovernanceService& governance;
  app::ModerationService& moderation;
  app::OversightService& oversight;
  app::RetentionService& retention;
  app::ComplianceService& compliance;
  std::string public_url;  // e.g. "https://chat.example.com"; empty: see own_hosts
  bool secure_cookies = false;
  // Without a public URL, the Host values that name this server ("127.0.0.1:8080", "localhost:8080"),
  // set once it listens: invitation links are built only for these.
  std::vector<std::string> own_hosts;
  app::TwoFactorService* two_factor = nullptr;  // set by main.cpp; its routes are added when set
  app::AttentionService* attention = nullptr;   // likewise: push subscriptions, working hours, digests

  // Scheduled backups' status for admins (GET /api/v1/admin/backups); null: none configured.
  const app::BackupSchedule* backups = nullptr;
};

Router build_router(Services& services);

void register_auth_routes(Router& router, Services& services);
void register_people_routes(Router& router, Services& services);
void register_admin_routes(Router& router, Services& services);
void register_chat_routes(Router& router, Services& services);
void register_attachment_routes(Router& router, Services& services);
void register_governance_routes(Router& router, Services& services);
void register_moderation_routes(Router& router, Services& services);
void register_oversight_routes(Router& router, Services& services);
void register_retention_routes(Router& router, Services& services);
void register_backup_routes(Router& router, Services& services);
void register_catch_up_routes(Router& router, Services& services);
void register_session_routes(Router& router, Services& services);  // devices: own and an admin's view

void register_two_factor_routes(Router& router, Services& services);

void register_compliance_routes(Router& router, Services& services);

void register_attention_routes(Router& router, Services& services);

// Shared by the handler files.
// 200/201 with the person and the session cookie; or, when the sign-in needs a second step, 200
// with {"second_step": {...}} and no cookie.
Response signed_in_response(const Services& services, int status, const app::SignedIn& in, Json extra = Json::object());
// The same for bearer-token clients: {"token", "session_id"} or {"second_step"}.
Response token_response(const app::SignedIn& in, Json extra = Json::object());
app::ClientInfo client_info(const Request& request);
Result<std::string> base_url(const Services& services, const Request& request);
Result<int> limit_param(const Request& request);
// A non-negative whole number from the query, or nothing; `what` completes the error message.
Result<std::optional<std::int64_t>> number_param(const Request& req, const std::string& name, const std::string& what);

}  // namespace muster::transport::http_api

// Parses the request body as a JSON object into `var`, or returns the 400 response.
#define PARSE_BODY(var, req)                                            \
  auto var##_parsed = ::muster::parse_json_object((req).body);          \
  if (!var##_parsed.ok()) return error_response(var##_parsed.error()); \
  const ::muster::Json& var = var##_parsed.value()

// Returns the error response when a Result failed.
#define RETURN_IF_ERROR(result) \
  if (!(result).ok()) return error_response((result).error())
