// The SQLite backend of every store interface.
#pragma once
#include <memory>
#include <string>

#include "crypto/keyring.hpp"
#include "store/store.hpp"

namespace muster::store::sqlite {

// Opens or creates `<data_dir>/muster.db` and applies migrations. With a keyring (null: plaintext)
// the files are sealed, and plaintext files left by an older version are sealed first.
Result<std::unique_ptr<Stores>> open_stores(const std::string& data_dir,
                                            std::shared_ptr<crypto::Keyring> keyring = nullptr);

}  // namespace muster::store::sqlite
