// The on-disk format of an encrypted file (attachment or thumbnail):
//
//   header (112 bytes): "MUSTERF" | version (1) | data key id (u32 LE) | chunk size (u32 LE)
//                       | wrap nonce (24) | file key wrapped by the data key (32 + 16)
//                       | zeros (24; version 1: the secretstream header)
//   then the content in chunks of `chunk size` bytes (the last one shorter), each sealed on its own
//   (+16 bytes): version 2 with AES-256-GCM, version 3 with XChaCha20-Poly1305 (CPUs without AES
//   instructions), the nonce being the chunk's index and a flag on the last one (the STREAM
//   construction), so a reordered, truncated or extended file is an error, not another file.
//   Version 1, written before, is read still: crypto_secretstream_xchacha20poly1305 messages
//   (+17 each), the last one tagged FINAL.
//
// Each file has its own random key. It is wrapped (XChaCha20-Poly1305) by a data key of the
// keyring with the header's first 16 bytes and the file's store key ("a_..", "a_...thumb") as
// associated data: a header moved onto another file does not open. A key rotation re-wraps the
// file key (rewrap_header) without touching the content.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "crypto/keyring.hpp"

namespace muster::store::files {

inline constexpr size_t kSealedHeaderBytes = 112;
inline constexpr std::uint32_t kSealedChunkBytes = 64 * 1024;
inline constexpr size_t kSealedChunkOverhead = 16;  // the tag of each chunk (versions 2 and 3)

// Whether `prefix` (the first bytes of a file) starts like a sealed file.
bool looks_sealed(std::string_view prefix);
// The data key id in a sealed header; InvalidArgument when it is none.
Result<std::uint32_t> sealed_key_id(std::string_view header);

// Seals `content` for the file `name`, calling `write` with consecutive pieces (the header first).
// Stops at and returns the first error of `write`.
Status seal(const std::string& name, std::string_view content, const crypto::DataKey& key,
            const std::function<Status(std::string_view)>& write);

// Reads a sealed file through `read_exact(buffer, n)` (which fills all n bytes or fails) and
// returns bytes [offset, offset + length) of its content (fewer at the end of the file).
// `body_bytes` is the file's size less the header. Only the chunks holding the range are decrypted
// (version 1's stream is sequential: every chunk up to the range's end), and nothing after the
// chunk holding the range's end is read.
Result<std::string> open_sealed(const std::string& name, const crypto::Keyring& keyring, std::uint64_t body_bytes,
                                const std::function<Status(char*, size_t)>& read_exact, std::uint64_t offset = 0,
                                std::uint64_t length = UINT64_MAX);

// The content size of a sealed file whose body (file less header) has `body_bytes`.
Result<std::uint64_t> sealed_content_size(std::uint64_t body_bytes, std::uint32_t chunk_bytes = kSealedChunkBytes,
                                          size_t chunk_overhead = kSealedChunkOverhead);

// The same header with the file key re-wrapped under `to` (same content, same size).
Result<std::string> rewrap_header(const std::string& name, std::string_view header, const crypto::Keyring& keyring,
                                  const crypto::DataKey& to);

}  // namespace muster::store::files
