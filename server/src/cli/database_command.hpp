// `muster admin check-database --data DIR`: PRAGMA integrity_check on a stopped server's data.
#pragma once
#include <CLI/CLI.hpp>

namespace muster::cli {

// Adds the subcommand to `admin`; it runs from CLI11's callback and ends the process with 0 when
// every database is sound, 1 when a problem was found or a database cannot be opened.
void add_database_commands(CLI::App& admin);

}  // namespace muster::cli
