// `muster compliance keygen` and `muster compliance open`: the recipient's side of a compliance
// export (crypto/sealed_stream.hpp). Neither touches the data directory.
#pragma once
#include <CLI/CLI.hpp>

namespace muster::cli {

void add_compliance_commands(CLI::App& app);

}  // namespace muster::cli
