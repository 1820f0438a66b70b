// `muster backup` (make, keygen, verify) and `muster restore`: see docs/operations.md, "Backups".
#pragma once
#include <CLI/CLI.hpp>
#include <string>

namespace muster::cli {

// Adds the subcommands; each runs from its CLI11 callback and ends the program with its exit code
// (CLI::RuntimeError) when it fails.
void add_backup_commands(CLI::App& app, const std::string& muster_version);

}  // namespace muster::cli
