#include "transport/http/api.hpp"

#include <algorithm>
#include <charconv>

namespace muster::transport::http_api {

app::ClientInfo client_info(const Request& request) {
  std::string device = request.header("user-agent");
  if (device.size() > 200) device.resize(200);
  return {request.remote_ip, device};
}

// Links are built from the configured public URL; without one, only from a Host that names this
// server's own listening address (a Host header is client input: a link to another site would hand
// the invitation's token to whoever runs it).
Result<std::string> base_url(const Services& services, const Request& request) {
  if (!services.public_url.empty()) return services.public_url;
  std::string host = request.header("host");
  for (auto& c : host) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (std::find(services.own_hosts.begin(), services.own_hosts.end(), host) != services.own_hosts.end())
    return (services.secure_cookies ? "https://" : "http://") + host;  // secure: built-in TLS
  return Error{ErrorCode::Conflict,
               "Invitation links need this server's public address: start Muster with --public-url "
               "(for example https://chat.example.com), or open it at its own address."};
}

Result<int> limit_param(const Request& request) {
  std::string text = request.query_value("limit");
  if (text.empty()) return 50;
  int value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || value < 1 || value > 200)
    return invalid("Limit must be a whole number from 1 to 200.", "limit");
  return value;
}

Result<std::optional<std::int64_t>> number_param(const Request& req, const std::string& name, const std::string& what) {
  std::string text = req.query_value(name);
  if (text.empty()) return std::optional<std::int64_t>{};
  std::int64_t value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || value < 0)
    return invalid("'" + name + "' must be " + what + ".", name);
  return std::optional<std::int64_t>{value};
}

Router build_router(Services& services) {
  Router router([&services](const Request& request, bool* via_cookie) -> Result<app::Actor> {
    std::string auth = request.header("authorization");
    if (!auth.empty()) {
      if (!auth.starts_with("Bearer ")) return Error{ErrorCode::Unauthenticated, "Use 'Authorization: Bearer <token>'."};
      *via_cookie = false;
      return services.auth.authenticate(auth.substr(7), client_info(request));
    }
    auto cookie = request.cookie("muster_session");
    if (!cookie) {
      auto needed = services.auth.setup_needed();
      if (needed.ok() && needed.value()) return Error{ErrorCode::SetupRequired, "Muster is not set up yet."};
      return Error{ErrorCode::Unauthenticated, "Sign in to continue."};
    }
    *via_cookie = true;
    return services.auth.authenticate(*cookie, client_info(request));
  });
  register_auth_routes(router, services);
  register_people_routes(router, services);
  register_admin_routes(router, services);
  register_chat_routes(router, services);
  register_attachment_routes(router, services);
  register_governance_routes(router, services);
  register_moderation_routes(router, services);
  register_oversight_routes(router, services);
  register_retention_routes(router, services);
  register_backup_routes(router, services);
  register_catch_up_routes(router, services);
  register_session_routes(router, services);

  if (services.two_factor) register_two_factor_routes(router, services);
  if (services.attention) register_attention_routes(router, services);

  register_compliance_routes(router, services);
  return router;
}

}  // namespace muster::transport::http_api
