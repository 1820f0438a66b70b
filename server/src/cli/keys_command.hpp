// `muster keys rotate` and `muster keys rotate-master`.
#pragma once
#include <CLI/CLI.hpp>

#include <optional>
#include <string>

#include "cli/data_keys.hpp"

namespace muster::cli {

struct KeysCommands {
  CLI::App* rotate = nullptr;
  CLI::App* rotate_master = nullptr;
  std::string new_key_file;  // rotate-master when the key comes from the environment or a descriptor
};

// `add_data` adds the shared --data option to a subcommand.
void add_keys_commands(CLI::App& cli, KeysCommands& commands, KeyOptions& keys,
                       const std::function<void(CLI::App*)>& add_data);
// The exit code when one of the keys commands was given, nothing otherwise.
std::optional<int> run_keys_commands(const KeysCommands& commands, const std::string& data_dir, const KeyOptions& keys);

}  // namespace muster::cli
