// `muster admin reset-two-factor --login ...`: turns off a person's two-factor sign-in from the
// command line, for an admin who lost their phone (docs/operations.md).
#pragma once
#include <functional>
#include <string>

#include <CLI/CLI.hpp>

#include "app/two_factor_service.hpp"

namespace muster::cli {

struct TwoFactorCommands {
  CLI::App* reset = nullptr;
  std::string login;
};

// Adds the subcommands under `admin`; `add_data` adds the --data option the way every command does.
void add_two_factor_commands(CLI::App& admin, TwoFactorCommands& commands,
                             const std::function<void(CLI::App*)>& add_data);
// Runs the parsed one; returns the process exit code.
int run_two_factor_command(const TwoFactorCommands& commands, app::TwoFactorService& service);

}  // namespace muster::cli
