// The on-disk format of an encrypted file (attachment or thumbnail):
//
//   header (112 bytes): "MUSTERF" | version (1) | data key id (u32 LE) | chunk size (u32 LE)
//                       | wrap nonce (24) | file key wrapped by the data key (32 + 16)
//                       | secretstream header (24)
//   then the content as crypto_secretstream_xchacha20poly1305 messages of `chunk size` bytes
//   (+17 each), the last one tagged FINAL, so a truncated file is an error, not a shorter file.
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
// `body_bytes` is the file's size less the header. The stream cipher is sequential (each
// chunk's state depends on the ones before), so a range is opened from the first chunk, and
// nothing after the chunk holding the range's end is read or decrypted.
Result<std::string> open_sealed(const std::string& name, const crypto::Keyring& keyring, std::uint64_t body_bytes,
                                const std::function<Status(char*, size_t)>& read_exact, std::uint64_t offset = 0,
                                std::uint64_t length = UINT64_MAX);

// The content size of a sealed file whose body (file less header) has `body_bytes`.
Result<std::uint64_t> sealed_content_size(std::uint64_t body_bytes, std::uint32_t chunk_bytes = kSealedChunkBytes);

// The same header with the file key re-wrapped under `to` (same content, same size).
Result<std::string> rewrap_header(const std::string& name, std::string_view header, const crypto::Keyring& keyring,
                                  const crypto::DataKey& to);

}  // namespace muster::store::files
