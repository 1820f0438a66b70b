// Key rotation for the encrypted database files (muster.db, search.db). The rotation job (keys)
// makes a new data key current, so every new page is sealed under it, then calls this for each
// file to bring the older pages over while the server keeps serving from them.
#pragma once
#include <cstdint>
#include <string>

#include "core/result.hpp"
#include "store/sqlite/encrypted_vfs.hpp"

namespace muster::store::sqlite {

// Re-seals every page of the encrypted database at `path` that is sealed under another key id
// under `target_key_id` (normally the keyring's current key; the plaintext does not change), in
// batches of 256 pages so writers and readers on other connections are held only briefly; then
// checkpoints the WAL and truncates it (retrying while readers hold old snapshots, up to a minute)
// so no frame sealed under an old key stays on disk. `path` must be registered with
// use_encryption_keys (Database::open and open_stores do that). Afterwards sealed_key_ids(path)
// holds only the current key's id. Errors: InvalidArgument (unknown key or path), Unavailable
// (the WAL could not be truncated in time: call again), Internal (a page that does not open).
Status reencrypt_database(const std::string& path, std::uint32_t target_key_id, const PageProgress& progress = {});

}  // namespace muster::store::sqlite
