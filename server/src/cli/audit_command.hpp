// `muster audit verify`: walks the audit log's hash chain (store/audit_chain.hpp).
#pragma once
#include <CLI/CLI.hpp>

namespace muster::cli {

void add_audit_commands(CLI::App& app);

}  // namespace muster::cli
