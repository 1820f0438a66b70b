#include "cli/database_command.hpp"

#include <iostream>
#include <memory>
#include <string>

#include "cli/data_keys.hpp"
#include "store/sqlite/integrity_check.hpp"

namespace muster::cli {

void add_database_commands(CLI::App& admin) {
  auto data = std::make_shared<std::string>("./var");
  auto* check = admin.add_subcommand("check-database",
                                     "Check the databases of a stopped server (PRAGMA integrity_check)");
  check->add_option("--data", *data, "Data directory (database and files)")->envname("MUSTER_DATA")->capture_default_str();
  auto key_options = std::make_shared<KeyOptions>();
  add_key_options(check, *key_options);
  check->callback([data, key_options] {
    auto keys = open_data_keys(*data, *key_options, false);
    if (!keys.ok()) {
      std::cerr << "error: " << keys.error().message << "\n";
      throw CLI::RuntimeError(1);
    }
    auto problems = store::sqlite::check_integrity(*data, keys.value().keyring);
    if (!problems.ok()) {
      std::cerr << "error: " << problems.error().message << "\n";
      throw CLI::RuntimeError(1);
    }
    for (const auto& line : problems.value()) std::cout << line << "\n";
    if (!problems->empty()) {
      std::cerr << "The database is damaged: restore it from a backup.\n";
      throw CLI::RuntimeError(1);
    }
    std::cout << "ok\n";
  });
}

}  // namespace muster::cli
