// `PRAGMA integrity_check` over every SQLite file of a data directory, opened by the same code the
// server uses (so it works on whatever the server can open, encrypted or not). For operators and
// for the crash-safety test, with the server stopped.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "crypto/keyring.hpp"

namespace muster::store::sqlite {

// The problems found, each prefixed by its file ("muster.db: ..."); empty when every file is
// sound. NotFound when the directory holds no database; Unavailable when one cannot be opened.
Result<std::vector<std::string>> check_integrity(const std::string& data_dir,
                                                 std::shared_ptr<crypto::Keyring> keyring = nullptr);

}  // namespace muster::store::sqlite
