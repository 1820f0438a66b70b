// The upgrade of an existing installation to encryption at rest: a plaintext SQLite file is copied
// into an encrypted one (VACUUM INTO through the encrypting VFS: no free pages, nothing stale) that
// then replaces it atomically, and the plaintext is overwritten before it is removed.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "core/result.hpp"
#include "crypto/keyring.hpp"

namespace muster::store::sqlite {

using ByteProgress = std::function<void(std::uint64_t done_bytes, std::uint64_t total_bytes)>;

// If `path` is a plaintext database, encrypts it in place under keyring->current(); otherwise does
// nothing (beyond removing what an interrupted run left). No SQLite connection may have the file
// open. A crash at any point leaves either the plaintext or the encrypted database at `path` (and
// the next call finishes the job); never neither. `path`'s -wal and -shm go with the plaintext.
Status encrypt_plaintext_database(const std::string& path, std::shared_ptr<crypto::Keyring> keyring,
                                  const ByteProgress& progress = {});

// Overwrites the file with zeros, syncs it and removes it (nothing when it is missing). On SSDs and
// copy-on-write file systems the old blocks may survive below the file system: see docs/security.md.
Status shred_file(const std::string& path);

}  // namespace muster::store::sqlite
