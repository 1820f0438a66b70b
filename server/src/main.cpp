// Wiring only: parse the command line, open the store, build the services, serve.
#include <CLI/CLI.hpp>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <filesystem>
#include <iostream>

#include "app/admin_service.hpp"
#include "app/attachment_service.hpp"
#include "app/auth_service.hpp"
#include "app/chat_service.hpp"
#include "app/moderation_service.hpp"
#include "app/people_service.hpp"
#include "app/retention_service.hpp"
#include "app/scheduler.hpp"
#include "cli/database_command.hpp"
#include "crypto/crypto.hpp"
#include "realtime/hub.hpp"
#include "store/sqlite/sqlite_stores.hpp"
#include "transport/http/api.hpp"
#include "transport/server.hpp"

using namespace muster;

namespace {

constexpr const char* kVersion = "0.1.0";

struct Config {
  std::string data = "./var";
  std::string listen = "127.0.0.1:8080";
  std::string web;
  std::string public_url;
  int invitation_ttl = 7 * 24 * 3600;
  std::uint64_t max_upload = 25 * 1024 * 1024;
  int ws_idle_timeout = 300;
  int ws_write_pace = 10;
  std::string trusted_proxies;
  std::string tls_cert;  // built-in TLS: PEM certificate (chain after it) and key
  std::string tls_key;
  // Periodic jobs (app/scheduler.hpp): how often they look whether they are due, and retention's
  // interval. The clock offset ages every message for retention (tests only).
  int scheduler_tick = 30;
  int retention_interval = 3600;
  int retention_batch = 25;
  std::int64_t retention_clock_offset = 0;
};

// The Host values that name this server when no public URL is set: its listening address and, on
// loopback or every interface, localhost.
std::vector<std::string> own_hosts(const std::string& address, unsigned short port) {
  std::string p = ":" + std::to_string(port);
  std::vector<std::string> hosts{"localhost" + p, "127.0.0.1" + p, "[::1]" + p};
  if (address != "0.0.0.0" && address != "::" && address != "127.0.0.1" && address != "::1")
    hosts.push_back(address.find(':') != std::string::npos ? "[" + address + "]" + p : address + p);
  return hosts;
}

void setup_logging() {
  auto logger = spdlog::stderr_logger_mt("muster");
  // logfmt-style lines: easy to grep and to parse; messages carry ids, never secrets or text.
  logger->set_pattern("ts=%Y-%m-%dT%H:%M:%S.%eZ level=%l %v", spdlog::pattern_time_type::utc);
  spdlog::set_default_logger(logger);
}

std::string default_web_dir() {
  std::error_code ec;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec).parent_path();
  for (auto candidate : {exe / "web", exe / "../../web/dist", std::filesystem::path("web/dist")})
    if (std::filesystem::is_regular_file(candidate / "index.html", ec)) return candidate.lexically_normal().string();
  return "";
}

int fail(const Error& error) {
  std::cerr << "muster: " << error.message << "\n";
  return 1;
}

std::string read_secret(const std::string& given, const std::string& prompt) {
  if (!given.empty()) return given;
  std::cerr << prompt << std::flush;
  std::string line;
  std::getline(std::cin, line);
  return line;
}

struct App {
  std::unique_ptr<store::Stores> stores;
  realtime::LocalHub hub;
  std::unique_ptr<app::AuthService> auth;
  std::unique_ptr<app::MembershipSync> memberships;
  std::unique_ptr<app::PeopleService> people;
  std::unique_ptr<app::GovernanceService> governance;
  std::unique_ptr<app::AdminService> admin;
  std::unique_ptr<app::ChatService> chat;
  std::unique_ptr<app::ModerationService> moderation;
  std::unique_ptr<app::AttachmentService> attachments;
  std::unique_ptr<app::OversightService> oversight;
  std::unique_ptr<app::RetentionService> retention;
};

Result<std::unique_ptr<App>> open_app(const Config& config) {
  TRY(crypto::init());
  auto a = std::make_unique<App>();
  ASSIGN_OR_RETURN(a->stores, store::sqlite::open_stores(config.data));
  app::AppConfig app_config;
  app_config.invitation_ttl_seconds = config.invitation_ttl;
  a->auth = std::make_unique<app::AuthService>(*a->stores, a->hub, app_config);
  a->memberships = std::make_unique<app::MembershipSync>(*a->stores, a->hub);
  a->people = std::make_unique<app::PeopleService>(*a->stores, *a->auth, *a->memberships);
  a->governance = std::make_unique<app::GovernanceService>(*a->stores, *a->memberships);
  a->admin = std::make_unique<app::AdminService>(*a->stores);
  a->chat = std::make_unique<app::ChatService>(*a->stores, a->hub);
  a->moderation = std::make_unique<app::ModerationService>(*a->stores, *a->chat, a->hub);
  app::AttachmentConfig attachment_config;
  attachment_config.max_upload = config.max_upload;
  a->attachments = std::make_unique<app::AttachmentService>(*a->stores, *a->chat, attachment_config);
  a->oversight = std::make_unique<app::OversightService>(*a->stores, *a->chat);
  app::RetentionConfig retention_config;
  retention_config.batch = config.retention_batch;
  retention_config.clock_offset = config.retention_clock_offset;
  a->retention = std::make_unique<app::RetentionService>(*a->stores, retention_config);
  return a;
}

int serve(const Config& config) {
  auto colon = config.listen.rfind(':');
  if (colon == std::string::npos) return fail(invalid("--listen must be ADDRESS:PORT"));
  transport::ServerOptions options;
  options.ws_idle_seconds = config.ws_idle_timeout;
  options.ws_write_pace_ms = config.ws_write_pace;
  options.address = config.listen.substr(0, colon);
  if (options.address.size() > 2 && options.address.front() == '[') options.address = options.address.substr(1, options.address.size() - 2);
  try {
    int port = std::stoi(config.listen.substr(colon + 1));
    if (port < 0 || port > 65535) throw std::out_of_range("port");
    options.port = static_cast<unsigned short>(port);
  } catch (const std::exception&) {
    return fail(invalid("--listen must be ADDRESS:PORT with a port from 0 to 65535"));
  }
  auto proxies = transport::http_api::TrustedProxies::parse(config.trusted_proxies);
  if (!proxies.ok()) return fail(proxies.error());
  options.trusted_proxies = proxies.value();
  bool tls = !config.tls_cert.empty() || !config.tls_key.empty();
  options.tls_cert = config.tls_cert;
  options.tls_key = config.tls_key;
  options.hsts = tls || config.public_url.starts_with("https://");
  auto a = open_app(config);
  if (!a.ok()) return fail(a.error());
  auto& app = *a.value();
  transport::http_api::Services services{*app.auth, *app.people, *app.admin, *app.chat, *app.attachments, *app.governance, *app.moderation,
                                         *app.oversight, *app.retention, config.public_url,
                                         options.hsts, {}};
  auto router = transport::http_api::build_router(services);
  // Uploads never posted within a day are dropped (a start-up sweep; see docs/architecture.md).
  if (auto swept = app.attachments->remove_unposted(24 * 3600); !swept.ok())
    spdlog::warn("unposted uploads not swept: {}", swept.error().message);
  else if (swept.value() > 0)
    spdlog::info("removed unposted uploads count={}", swept.value());
  std::string web_dir = config.web.empty() ? default_web_dir() : config.web;
  auto web = transport::http_api::StaticFiles::load(web_dir);
  if (web->empty()) spdlog::warn("web app not found (dir='{}'): only the API is served", web_dir);
  transport::Server server(options, {router, *web, *app.auth, *app.chat, app.hub, *app.stores});
  auto port = server.listen();
  if (!port.ok()) return fail(port.error());
  services.own_hosts = own_hosts(options.address, port.value());
  // Declared after the app, so it stops (waiting for a running job) before the stores close.
  app::Scheduler scheduler{std::chrono::seconds(config.scheduler_tick)};
  scheduler.add("end_dates", std::chrono::milliseconds(0), [&app] {
    auto ended = app.people->apply_end_dates(now_seconds());
    return ended.ok() ? ok_status() : Status(ended.error());
  });
  scheduler.add("retention", std::chrono::seconds(config.retention_interval), [&app, &scheduler] {
    auto run = app.retention->run(nullptr, [&scheduler] { return scheduler.stopping(); });
    if (!run.ok() && run.error().code == ErrorCode::Conflict) return ok_status();  // an admin's run is going
    return run.ok() ? ok_status() : Status(run.error());
  });
  scheduler.start();
  spdlog::info("started version={} data={} web_files={}", kVersion, config.data, web->size());
  std::cout << "muster listening on " << (tls ? "https://" : "http://") << options.address << ":" << port.value() << std::endl;
  server.run();
  scheduler.stop();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  setup_logging();
  CLI::App cli{"Muster: a self-hosted internal communication platform."};
  cli.require_subcommand(1);
  Config config;
  auto add_data = [&](CLI::App* cmd) {
    cmd->add_option("--data", config.data, "Data directory (database and files)")->envname("MUSTER_DATA")->capture_default_str();
  };

  auto* serve_cmd = cli.add_subcommand("serve", "Run the server");
  add_data(serve_cmd);
  serve_cmd->add_option("--listen", config.listen, "Address and port to listen on")->envname("MUSTER_LISTEN")->capture_default_str();
  serve_cmd->add_option("--web", config.web, "Directory of the built web app (default: found next to the binary)")
      ->envname("MUSTER_WEB_DIR");
  serve_cmd->add_option("--public-url", config.public_url, "URL people use to reach Muster (for invitation links)")
      ->envname("MUSTER_PUBLIC_URL");
  serve_cmd->add_option("--invitation-ttl", config.invitation_ttl, "Seconds an invitation link stays valid")
      ->envname("MUSTER_INVITATION_TTL")->check(CLI::Range(1, 90 * 24 * 3600))->capture_default_str();
  serve_cmd->add_option("--max-upload", config.max_upload, "Largest attachment in bytes")
      ->envname("MUSTER_MAX_UPLOAD")->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1} << 30))->capture_default_str();
  serve_cmd->add_option("--ws-idle-timeout", config.ws_idle_timeout,
                        "Seconds a silent WebSocket is kept (pinged at half of it), then dropped")
      ->envname("MUSTER_WS_IDLE_TIMEOUT")->check(CLI::Range(4, 3600))->capture_default_str();
  serve_cmd->add_option("--ws-write-pace", config.ws_write_pace,
                        "Milliseconds a busy WebSocket gathers events into one write (0: write each at once)")
      ->envname("MUSTER_WS_WRITE_PACE")->check(CLI::Range(0, 100))->capture_default_str();
  serve_cmd->add_option("--trusted-proxy", config.trusted_proxies,
                        "Reverse proxies (addresses or CIDR ranges, comma-separated) whose Forwarded / "
                        "X-Forwarded-For headers name the client")
      ->envname("MUSTER_TRUSTED_PROXIES");

  serve_cmd->add_option("--tls-cert", config.tls_cert,
                        "PEM certificate (with its chain) for built-in HTTPS/WSS; needs --tls-key")
      ->envname("MUSTER_TLS_CERT");
  serve_cmd->add_option("--tls-key", config.tls_key, "PEM private key of --tls-cert")->envname("MUSTER_TLS_KEY");
  serve_cmd->add_option("--scheduler-tick", config.scheduler_tick,
                        "Seconds between the periodic jobs' checks (end dates are applied within one tick)")
      ->envname("MUSTER_SCHEDULER_TICK")->check(CLI::Range(1, 3600))->capture_default_str();
  serve_cmd->add_option("--retention-interval", config.retention_interval, "Seconds between scheduled retention runs")
      ->envname("MUSTER_RETENTION_INTERVAL")->check(CLI::Range(1, 7 * 24 * 3600))->capture_default_str();
  serve_cmd->add_option("--retention-batch", config.retention_batch, "Messages retention deletes per transaction")
      ->envname("MUSTER_RETENTION_BATCH")->check(CLI::Range(1, 5000))->capture_default_str()->group("Advanced");
  // Tests only: retention sees every message this many seconds older than it is.
  serve_cmd->add_option("--test-retention-clock-offset", config.retention_clock_offset)
      ->envname("MUSTER_TEST_RETENTION_CLOCK_OFFSET")->check(CLI::Range(std::int64_t{0}, std::int64_t{100} * 365 * 86400))
      ->group("");
  auto* admin_cmd = cli.add_subcommand("admin", "Administration without the web app");
  admin_cmd->require_subcommand(1);
  std::string org_name, language = "en", owner_name, owner_email, owner_phone, password, login;
  auto* create_org = admin_cmd->add_subcommand("create-org", "Create the organization and its owner (headless setup)");
  add_data(create_org);
  create_org->add_option("--name", org_name, "Organization name")->required();
  create_org->add_option("--language", language, "Default language: ar or en")->check(CLI::IsMember({"ar", "en"}));
  create_org->add_option("--owner-name", owner_name, "Owner's name")->required();
  create_org->add_option("--owner-email", owner_email, "Owner's work email (their sign-in)")->required();
  create_org->add_option("--owner-phone", owner_phone, "Owner's work phone");
  create_org->add_option("--owner-password", password, "Owner's password (default: read from standard input)");
  auto* reset = admin_cmd->add_subcommand("reset-password", "Set a new password for a person and end their sessions");
  add_data(reset);
  reset->add_option("--login", login, "Work email, phone or employee id")->required();
  reset->add_option("--password", password, "New password (default: read from standard input)");

  muster::cli::add_database_commands(*admin_cmd);
  auto* version_cmd = cli.add_subcommand("version", "Print the version");
  auto* routes_cmd = cli.add_subcommand("routes", "List the HTTP API routes");

  CLI11_PARSE(cli, argc, argv);

  if (version_cmd->parsed()) {
    std::cout << "muster " << kVersion << "\n";
    return 0;
  }
  if (routes_cmd->parsed()) {
    // The services need a store to exist; a throw-away one in a temporary directory will do.
    auto scratch = std::filesystem::temp_directory_path() / ("muster-routes-" + std::to_string(getpid()));
    Config scratch_config;
    scratch_config.data = scratch.string();
    auto a = open_app(scratch_config);
    if (!a.ok()) return fail(a.error());
    transport::http_api::Services services{*a.value()->auth,  *a.value()->people,      *a.value()->admin,
                                           *a.value()->chat,  *a.value()->attachments, *a.value()->governance,
                                           *a.value()->moderation, *a.value()->oversight, *a.value()->retention,
                                           "", false, {}};
    for (const auto& line : transport::http_api::build_router(services).describe()) std::cout << line << "\n";
    std::cout << "GET /api/v1/ws\nGET /healthz\nGET /readyz\n";
    a.value().reset();
    std::error_code ec;
    std::filesystem::remove_all(scratch, ec);
    return 0;
  }
  if (serve_cmd->parsed()) return serve(config);
  if (create_org->parsed()) {
    auto a = open_app(config);
    if (!a.ok()) return fail(a.error());
    std::string secret = read_secret(password, "Owner password: ");
    auto owner = a.value()->auth->setup_offline(org_name, language, {owner_name, "", owner_email, owner_phone, secret});
    if (!owner.ok()) return fail(owner.error());
    std::cout << "Created organization '" << org_name << "' with owner " << owner->email << "\n";
    return 0;
  }
  if (reset->parsed()) {
    auto a = open_app(config);
    if (!a.ok()) return fail(a.error());
    std::string secret = read_secret(password, "New password: ");
    auto done = a.value()->auth->reset_password_offline(login, secret);
    if (!done.ok()) return fail(done.error());
    std::cout << "Password changed; every session of that person has ended.\n";
    return 0;
  }
  return 0;
}
