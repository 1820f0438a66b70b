#include "cli/audit_command.hpp"

#include <filesystem>
#include <iostream>
#include <memory>

#include "cli/data_keys.hpp"
#include "crypto/crypto.hpp"
#include "store/audit_chain.hpp"
#include "store/sqlite/sqlite_stores.hpp"

namespace muster::cli {

namespace {

// Exit codes: 0 the chain holds, 1 it could not be read, 2 it is broken.
void verify(const std::string& data_dir, const KeyOptions& key_options) {
  if (!std::filesystem::exists(std::filesystem::path(data_dir) / "muster.db")) {
    std::cerr << "muster: no database in " << data_dir << "\n";
    throw CLI::RuntimeError(1);
  }
  if (!crypto::init().ok()) throw CLI::RuntimeError(1);
  // Opened exactly as the server opens its data directory.
  auto keys = open_data_keys(data_dir, key_options, false);
  if (!keys.ok()) {
    std::cerr << "muster: " << keys.error().message << "\n";
    throw CLI::RuntimeError(1);
  }
  auto stores = store::sqlite::open_stores(data_dir, keys.value().keyring);
  if (!stores.ok()) {
    std::cerr << "muster: " << stores.error().message << "\n";
    throw CLI::RuntimeError(1);
  }
  auto report = stores.value()->audit().verify();
  if (!report.ok()) {
    std::cerr << "muster: " << report.error().message << "\n";
    throw CLI::RuntimeError(1);
  }
  if (const auto& p = report->problem) {
    std::cout << "audit log BROKEN at seq " << p->seq << " id " << p->id << " (" << store::to_string(p->fault)
              << "): " << p->message << "\n"
              << "entries verified before it: " << report->count << "\n";
    throw CLI::RuntimeError(2);
  }
  std::cout << "audit log OK: " << report->count << " entries, head " << report->head << "\n";
}

}  // namespace

void add_audit_commands(CLI::App& app) {
  auto* audit = app.add_subcommand("audit", "The audit log");
  audit->require_subcommand(1);
  auto data = std::make_shared<std::string>("./var");
  auto keys = std::make_shared<KeyOptions>();
  auto* check = audit->add_subcommand("verify", "Check the audit log's hash chain; names the first altered entry");
  check->add_option("--data", *data, "Data directory (database and files)")->envname("MUSTER_DATA")->capture_default_str();
  add_key_options(check, *keys);
  check->callback([data, keys] { verify(*data, *keys); });
}

}  // namespace muster::cli
