#include "cli/two_factor_command.hpp"

#include <iostream>

namespace muster::cli {

void add_two_factor_commands(CLI::App& admin, TwoFactorCommands& commands,
                             const std::function<void(CLI::App*)>& add_data) {
  commands.reset = admin.add_subcommand(
      "reset-two-factor", "Turn off a person's two-factor sign-in (a lost phone); they sign in with their password");
  add_data(commands.reset);
  commands.reset->add_option("--login", commands.login, "Work email, phone or employee id")->required();
}

int run_two_factor_command(const TwoFactorCommands& commands, app::TwoFactorService& service) {
  auto done = service.reset_offline(commands.login);
  if (!done.ok()) {
    std::cerr << "error: " << done.error().message << "\n";
    return 1;
  }
  std::cout << "Two-factor sign-in is off for that person (audited). If the organization requires it, they "
               "set it up again at their next sign-in.\n";
  return 0;
}

}  // namespace muster::cli
