// Wiring only: parse the command line, open the store, build the services, serve.
#include <CLI/CLI.hpp>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <filesystem>
#include <iostream>

#include "app/admin_service.hpp"
#include "app/attachment_service.hpp"
#include "app/attention/attention_service.hpp"
#include "app/attention/notifier.hpp"
#include "app/auth_service.hpp"
#include "app/backup_schedule.hpp"
#include "app/chat_service.hpp"
#include "app/compliance_service.hpp"
#include "app/key_rotation.hpp"
#include "app/moderation_service.hpp"
#include "app/people_service.hpp"
#include "app/retention_service.hpp"
#include "app/scheduler.hpp"
#include "app/two_factor_service.hpp"
#include "cli/audit_command.hpp"
#include "cli/backup_command.hpp"
#include "cli/compliance_command.hpp"
#include "cli/data_keys.hpp"
#include "cli/database_command.hpp"
#include "cli/keys_command.hpp"
#include "cli/two_factor_command.hpp"
#include "crypto/crypto.hpp"
#include "realtime/hub.hpp"
#include "store/files/disk_file_store.hpp"
#include "store/sqlite/database_rekey.hpp"
#include "store/sqlite/encrypted_vfs.hpp"
#include "store/sqlite/sqlite_stores.hpp"
#include "transport/http/api.hpp"
#include "transport/push/curl_push_transport.hpp"
#include "transport/server.hpp"

using namespace muster;

namespace {

constexpr const char* kVersion = "0.1.0";

struct Config {
  std::string data = "./var";
  cli::KeyOptions keys;
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
  int page_cache_mb = 256;  // opened pages of each encrypted database (store/sqlite/opened_page_cache.hpp)
  std::int64_t retention_clock_offset = 0;
  std::string session_clock_file;  // tests only: seconds added to the session clock, read at each use
  std::string attention_clock_file;  // tests only: the same for working hours and digests
  // Web Push (app/attention/): push services allowed besides the browsers' own, and the contact
  // push services see in the VAPID token (default: the public URL).
  std::vector<std::string> push_services;
  std::string push_contact;

  // Scheduled backups (app/backup_schedule.hpp): off unless --backup-every is given.
  int backup_every = 0;
  std::string backup_dir;
  int backup_keep = 7;
  std::string backup_key_file;
};

// Who push services may contact about this server (RFC 8292's "sub"): given, or the public URL
// when it is https, or a placeholder address.
std::string push_contact(const Config& config) {
  if (!config.push_contact.empty()) return config.push_contact;
  if (config.public_url.starts_with("https://")) return config.public_url;
  return "mailto:admin@muster.invalid";
}

// The scheduled backups' settings, checked before the server starts listening.
Result<std::optional<app::BackupScheduleConfig>> backup_schedule_config(const Config& config) {
  if (config.backup_every <= 0) return std::optional<app::BackupScheduleConfig>{};
  if (config.backup_dir.empty() || config.backup_key_file.empty())
    return invalid("--backup-every needs --backup-dir and --backup-key-file.");
  app::BackupScheduleConfig c;
  c.data_dir = config.data;
  c.dir = config.backup_dir;
  c.every_seconds = config.backup_every;
  c.keep = config.backup_keep;
  ASSIGN_OR_RETURN(auto secret, backup::read_key_file(config.backup_key_file));
  c.secret = std::make_shared<backup::BackupSecret>(std::move(secret));
  c.muster_version = kVersion;
  // c.keyring: the open store's, set once the data directory is open (serve).
  return std::optional<app::BackupScheduleConfig>{std::move(c)};
}

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
  cli::DataKeys keys;  // no keyring: plaintext (the throw-away store of `muster routes`)
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
  std::unique_ptr<app::TwoFactorService> two_factor;
  std::unique_ptr<app::HoursBook> hours;
  std::unique_ptr<app::AttentionService> attention;

  std::unique_ptr<app::ComplianceService> compliance;
};

Result<std::unique_ptr<App>> open_app(const Config& config, bool encrypted = true) {
  TRY(crypto::init());
  auto a = std::make_unique<App>();
  if (encrypted) {
    ASSIGN_OR_RETURN(a->keys, cli::open_data_keys(config.data, config.keys));
  }
  store::sqlite::set_opened_page_cache_bytes(static_cast<std::size_t>(config.page_cache_mb) * 1024 * 1024);
  ASSIGN_OR_RETURN(a->stores, store::sqlite::open_stores(config.data, a->keys.keyring));
  app::AppConfig app_config;
  app_config.invitation_ttl_seconds = config.invitation_ttl;
  a->auth = std::make_unique<app::AuthService>(*a->stores, a->hub, app_config);
  a->memberships = std::make_unique<app::MembershipSync>(*a->stores, a->hub);
  a->people = std::make_unique<app::PeopleService>(*a->stores, *a->auth, *a->memberships);
  a->governance = std::make_unique<app::GovernanceService>(*a->stores, *a->memberships);
  a->admin = std::make_unique<app::AdminService>(*a->stores);
  TRY(a->admin->index_people());  // before anything reads or writes a phone key
  a->chat = std::make_unique<app::ChatService>(*a->stores, a->hub);
  a->auth->use_policies([chat = a->chat.get()] { return chat->guards().policies(); });
  if (!config.session_clock_file.empty()) a->auth->use_clock(app::OffsetClock(config.session_clock_file));
  a->moderation = std::make_unique<app::ModerationService>(*a->stores, *a->chat, a->hub);
  app::AttachmentConfig attachment_config;
  attachment_config.max_upload = config.max_upload;
  a->attachments = std::make_unique<app::AttachmentService>(*a->stores, *a->chat, attachment_config);
  a->oversight = std::make_unique<app::OversightService>(*a->stores, *a->chat);
  app::RetentionConfig retention_config;
  retention_config.batch = config.retention_batch;
  retention_config.clock_offset = config.retention_clock_offset;
  a->retention = std::make_unique<app::RetentionService>(*a->stores, retention_config);
  a->two_factor = std::make_unique<app::TwoFactorService>(*a->stores, *a->auth);
  a->auth->set_sign_in_gate(a->two_factor.get());
  a->hours = std::make_unique<app::HoursBook>(*a->stores);
  app::AttentionConfig attention_config{config.push_services, app::OffsetClock(config.attention_clock_file)};
  ASSIGN_OR_RETURN(a->attention, app::AttentionService::open(*a->stores, *a->hours, std::move(attention_config)));

  a->compliance = std::make_unique<app::ComplianceService>(*a->stores);
  return a;
}

// The app's services as the HTTP API sees them.
transport::http_api::Services services_of(App& app, std::string public_url, bool secure_cookies) {
  transport::http_api::Services services{*app.auth,      *app.people,     *app.admin,     *app.chat,
                                         *app.attachments, *app.governance, *app.moderation, *app.oversight,
                                         *app.retention, *app.compliance, std::move(public_url), secure_cookies, {}};
  services.two_factor = app.two_factor.get();
  services.attention = app.attention.get();
  return services;
}

// What the key rotation job reads and writes. A master key rotated meanwhile (the running server
// still holds the old one) is read again from its key file.
app::KeyRotationConfig key_rotation_config(const Config& config, App& app) {
  app::KeyRotationConfig c;
  auto data = std::filesystem::path(config.data);
  auto master = [&app, data, key_file = app.keys.key_file]() -> Result<crypto::MasterKey> {
    if (!key_file.empty() && !crypto::read_keyring_file(data, app.keys.master).ok())
      if (auto fresh = crypto::read_master_key_file(key_file); fresh.ok()) app.keys.master = fresh.value();
    return app.keys.master;
  };
  c.read_keyring = [data, master]() -> Result<crypto::KeyringFile> {
    ASSIGN_OR_RETURN(auto key, master());
    return crypto::read_keyring_file(data, key);
  };
  c.rewrap_files = [data, keyring = app.keys.keyring](const std::function<bool()>& stop) {
    return store::files::rewrap_files(data / "files", *keyring, stop);
  };
  c.reencrypt_database = [data](std::uint32_t key_id, const std::function<bool()>& stop) -> Status {
    for (const auto& file : store::sqlite::database_files(data.string())) {
      if (stop()) return ok_status();
      TRY(store::sqlite::reencrypt_database(file, key_id));
    }
    return ok_status();
  };
  c.retire_all_but = [data, master](std::uint32_t current) -> Status {
    ASSIGN_OR_RETURN(auto key, master());
    return crypto::retire_all_but(data, key, current);
  };
  return c;
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
  auto backup_config = backup_schedule_config(config);
  if (!backup_config.ok()) return fail(backup_config.error());
  auto a = open_app(config);
  if (!a.ok()) return fail(a.error());
  auto& app = *a.value();
  if (backup_config.value()) backup_config.value()->keyring = app.keys.keyring;
  app::BackupSchedule backups(std::move(backup_config).value());
  auto services = services_of(app, config.public_url, options.hsts);
  services.backups = &backups;
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
  // Phone notifications: sending never waits on the push services, and deciding happens on the
  // notifier's thread after each message commits (app/attention/notifier.hpp).
  auto push_transport = transport::make_curl_push_transport();
  app::PushSenderOptions push_options;
  push_options.vapid_subject = push_contact(config);
  app::PushSender push_sender(*push_transport, app.attention->vapid_keys(),
                              {[&app](const std::string& id) {
                                 (void)app.stores->attention().note_push_delivered(id, now_seconds());
                               },
                               [&app](const std::string& id) {
                                 (void)app.stores->attention().remove_subscription(id);
                               }},
                              push_options);
  app::Notifier notifier(*app.stores, app.chat->guards(), *app.hours, *app.attention, push_sender);
  app.chat->on_message_committed([&notifier](std::shared_ptr<const store::Roster> roster, domain::Message m,
                                             std::string author) {
    notifier.message_committed(std::move(roster), std::move(m), std::move(author));
  });
  // Declared after the app, so it stops (waiting for a running job) before the stores close.
  app::Scheduler scheduler{std::chrono::seconds(config.scheduler_tick)};
  scheduler.add("digests", std::chrono::milliseconds(0), [&notifier] { return notifier.send_due_digests(); });
  scheduler.add("end_dates", std::chrono::milliseconds(0), [&app] {
    auto ended = app.people->apply_end_dates(now_seconds());
    return ended.ok() ? ok_status() : Status(ended.error());
  });
  scheduler.add("voice_copies", std::chrono::milliseconds(0), [&app, &scheduler] {  // notes from before copies
    for (;;) {
      auto looked_at = app::copy_due_voice_notes(*app.stores);
      if (!looked_at.ok()) return Status(looked_at.error());
      if (looked_at.value() == 0 || scheduler.stopping()) return ok_status();
    }
  });
  scheduler.add("sessions", std::chrono::milliseconds(0), [&app] {  // lifetime and idle timeout
    auto ended = app.auth->end_lapsed_sessions();
    return ended.ok() ? ok_status() : Status(ended.error());
  });
  scheduler.add("retention", std::chrono::seconds(config.retention_interval), [&app, &scheduler] {
    auto run = app.retention->run(nullptr, [&scheduler] { return scheduler.stopping(); });
    if (!run.ok() && run.error().code == ErrorCode::Conflict) return ok_status();  // an admin's run is going
    return run.ok() ? ok_status() : Status(run.error());
  });
  app::KeyRotation rotation(app.keys.keyring, key_rotation_config(config, app));
  scheduler.add("keys", std::chrono::milliseconds(0), [&rotation, &scheduler] {
    return rotation.run([&scheduler] { return scheduler.stopping(); });
  });

  if (backups.enabled())
    scheduler.add("backup", std::chrono::seconds(config.backup_every), [&backups] { return backups.run(); });

  // The audit chain's head, once a day, so it can be noted outside the server (docs/security.md).
  scheduler.add("audit_head", std::chrono::hours(24), [&app] {
    auto head = app.stores->audit().head();
    if (!head.ok()) return Status(head.error());
    spdlog::info("audit chain head seq={} hash={}", head->first, head->second);
    return ok_status();
  });
  scheduler.start();
  spdlog::info("started version={} data={} web_files={}", kVersion, config.data, web->size());
  std::cout << "muster listening on " << (tls ? "https://" : "http://") << options.address << ":" << port.value() << std::endl;
  server.run();
  scheduler.stop();
  app.chat->on_message_committed(nullptr);  // the notifier goes first
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
    cli::add_key_options(cmd, config.keys);
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
  // Tests only: a file holding seconds added to the clock of session lifetimes and idle timeouts.
  serve_cmd->add_option("--test-session-clock-file", config.session_clock_file)
      ->envname("MUSTER_TEST_SESSION_CLOCK_FILE")->group("");

  // Tests only: a file holding seconds added to the clock of working hours and digests.
  serve_cmd->add_option("--test-attention-clock-file", config.attention_clock_file)
      ->envname("MUSTER_TEST_ATTENTION_CLOCK_FILE")->group("");
  serve_cmd->add_option("--push-service", config.push_services,
                        "A Web Push service origin (https://push.example.com) allowed besides the browsers' own; repeatable")
      ->envname("MUSTER_PUSH_SERVICES")->delimiter(',');
  serve_cmd->add_option("--push-contact", config.push_contact,
                        "mailto: or https: address push services may contact about this server (default: the public URL)")
      ->envname("MUSTER_PUSH_CONTACT");

  serve_cmd->add_option("--page-cache-mb", config.page_cache_mb,
                        "Memory for decrypted pages, per database (muster.db, search.db), shared by all connections")
      ->envname("MUSTER_PAGE_CACHE_MB")->check(CLI::Range(2, 1 << 20))->capture_default_str()->group("Advanced");

  serve_cmd->add_option("--backup-every", config.backup_every, "Seconds between scheduled backups (0: none)")
      ->envname("MUSTER_BACKUP_EVERY")->check(CLI::Range(0, 366 * 24 * 3600))->capture_default_str();
  serve_cmd->add_option("--backup-dir", config.backup_dir, "Directory for scheduled backups (not inside the data directory)")
      ->envname("MUSTER_BACKUP_DIR");
  serve_cmd->add_option("--backup-keep", config.backup_keep, "Scheduled backups to keep (the newest)")
      ->envname("MUSTER_BACKUP_KEEP")->check(CLI::Range(1, 10000))->capture_default_str();
  serve_cmd->add_option("--backup-key-file", config.backup_key_file, "Backup key file for scheduled backups")
      ->envname("MUSTER_BACKUP_KEY_FILE");
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

  cli::KeysCommands keys_cmds;
  cli::add_keys_commands(cli, keys_cmds, config.keys, [&](CLI::App* cmd) {
    cmd->add_option("--data", config.data, "Data directory (database and files)")->envname("MUSTER_DATA")->capture_default_str();
  });

  muster::cli::TwoFactorCommands two_factor_commands;
  muster::cli::add_two_factor_commands(*admin_cmd, two_factor_commands, add_data);

  muster::cli::add_compliance_commands(cli);
  muster::cli::add_audit_commands(cli);

  muster::cli::add_database_commands(*admin_cmd);
  auto* version_cmd = cli.add_subcommand("version", "Print the version");
  auto* routes_cmd = cli.add_subcommand("routes", "List the HTTP API routes");

  cli::add_backup_commands(cli, kVersion);  // backup, backup keygen, backup verify, restore

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
    auto a = open_app(scratch_config, false);
    if (!a.ok()) return fail(a.error());
    auto services = services_of(*a.value(), "", false);
    for (const auto& line : transport::http_api::build_router(services).describe()) std::cout << line << "\n";
    std::cout << "GET /api/v1/ws\nGET /healthz\nGET /readyz\n";
    a.value().reset();
    std::error_code ec;
    std::filesystem::remove_all(scratch, ec);
    return 0;
  }
  if (auto code = cli::run_keys_commands(keys_cmds, config.data, config.keys)) return *code;
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
  if (two_factor_commands.reset->parsed()) {
    auto a = open_app(config);
    if (!a.ok()) return fail(a.error());
    return muster::cli::run_two_factor_command(two_factor_commands, *a.value()->two_factor);
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
