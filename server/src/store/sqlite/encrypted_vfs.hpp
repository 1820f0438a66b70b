// The encrypting SQLite VFS: every page SQLite writes to a database file, its WAL or its rollback
// journal is sealed with a data key (store/sqlite/page_cipher.hpp) and opened again on read, below
// SQLite, so everything the database holds (tables, indexes, the FTS5 index) is covered with
// today's system SQLite. Temporary files are encrypted with a throwaway key; the -shm file holds no
// content and passes through. docs/architecture.md ("Encryption at rest") has the file formats.
//
// Files are opened with the VFS named kEncryptedVfs; it finds their keys by the database's path,
// registered beforehand with use_encryption_keys. Thread-safe.
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <set>
#include <string>

#include "core/result.hpp"
#include "crypto/keyring.hpp"

namespace muster::store::sqlite {

// The VFS name: sqlite3_open_v2(path, ..., kEncryptedVfs) or a URI "file:PATH?vfs=muster-encrypted"
// (VACUUM INTO such a URI writes an encrypted copy: its pages stay bound to the name before the
// first '.', so "muster.backup-1.db" can be restored as "muster.db").
inline constexpr const char* kEncryptedVfs = "muster-encrypted";

// Registers the VFS with SQLite (once per process) and makes `keyring` the keys of the database at
// `path` and of its -wal and -journal. New pages are sealed under keyring->current(); pages are
// opened with whichever key id they name. A later call for the same path replaces the keyring for
// files opened after it.
Status use_encryption_keys(const std::string& path, std::shared_ptr<crypto::Keyring> keyring);

// How much each database's cache of opened pages may hold (store/sqlite/opened_page_cache.hpp), for
// databases whose keys are registered after the call; 256 MiB by default.
void set_opened_page_cache_bytes(std::size_t bytes);

// True when the file starts with SQLite's plaintext header ("SQLite format 3\0").
bool is_plaintext_database(const std::string& path);
// True when the file is missing or empty (a database not created yet).
bool is_empty_file(const std::string& path);

// Fails with a clear message when page 1 of the encrypted database at `path` does not open with
// `keyring` (a wrong or missing key), or when the file is plaintext. A missing or empty file is fine.
Status check_database_key(const std::string& path, const crypto::Keyring& keyring);

// The key ids that the pages of the database file at `path` and of its WAL (every frame on disk,
// stale ones too) are sealed under. Rotation is done when this is {the new key id}.
Result<std::set<std::uint32_t>> sealed_key_ids(const std::string& path);

// (pages done, pages in all)
using PageProgress = std::function<void(std::uint64_t done, std::uint64_t total)>;

// The page step of a key rotation (see reencrypt_database in database_rekey.hpp, which also clears
// the WAL): rewrites every page of the database file at `path` that is sealed under another key id
// so that it is sealed under `target_key_id` (the plaintext does not change), in batches, while
// other connections keep using the file. `path` must have been registered with use_encryption_keys.
Status reseal_database_pages(const std::string& path, std::uint32_t target_key_id, const PageProgress& progress = {});

}  // namespace muster::store::sqlite
