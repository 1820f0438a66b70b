// The SQLite backend of every store interface.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "crypto/keyring.hpp"
#include "store/store.hpp"

namespace muster::store::sqlite {

// Opens or creates `<data_dir>/muster.db` (and search.db) and applies migrations. With a keyring
// both files are encrypted (store/sqlite/encrypted_vfs.hpp), and so are attachment files (store/files/sealed_file.hpp): plaintext ones from before are
// encrypted in place first, with progress on stderr; a wrong key fails before anything changes.
// Without one they are plaintext, and an encrypted file is refused.
Result<std::unique_ptr<Stores>> open_stores(const std::string& data_dir,
                                            std::shared_ptr<crypto::Keyring> keyring = nullptr);

// The database files open_stores encrypts (a key rotation re-encrypts each: database_rekey.hpp).
std::vector<std::string> database_files(const std::string& data_dir);

}  // namespace muster::store::sqlite
