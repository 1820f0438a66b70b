// Files encrypted to a recipient's public key (compliance exports): a random file key sealed to
// the recipient's X25519 key with libsodium's sealed box, then the content in secretstream chunks
// under that key, so neither side holds the whole file in memory and a truncated, reordered or
// altered file is refused. Layout: "MSTRCX01", sealed file key (80 bytes), secretstream header
// (24 bytes), then chunks of [4-byte little-endian length][ciphertext], the last one tagged FINAL.
#pragma once
#include <functional>
#include <istream>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace muster::crypto {

struct BoxKeyPair {
  std::string public_key;  // 32 raw bytes
  std::string secret_key;  // 32 raw bytes
};
BoxKeyPair generate_box_key_pair();
// A key as one base64 line (what key files hold and what people paste), and back; surrounding
// white space is ignored, anything but 32 bytes is refused.
std::string encode_box_key(const std::string& raw);
Result<std::string> decode_box_key(std::string_view text, const std::string& what);
// A short fingerprint of a public key for the audit log (16 hex digits of BLAKE2b).
std::string box_key_fingerprint(const std::string& public_key);

class SealedStreamWriter {
 public:
  using Sink = std::function<Status(std::string_view bytes)>;
  static constexpr std::size_t kChunk = 64 * 1024;
  static Result<std::unique_ptr<SealedStreamWriter>> begin(const std::string& recipient_public_key, Sink sink);
  ~SealedStreamWriter();
  Status write(std::string_view plaintext);  // buffers; full chunks go to the sink at once
  Status finish();                           // the last chunk; nothing may be written after it

 private:
  struct State;
  explicit SealedStreamWriter(std::unique_ptr<State> state);
  Status emit(bool last);
  std::unique_ptr<State> state_;
};

// Decrypts what SealedStreamWriter wrote, chunk by chunk, into `out`. Errors say whether the
// file is not an export, is for another key, is damaged or is truncated.
Status open_sealed_stream(std::istream& in, const std::string& secret_key, std::ostream& out);

}  // namespace muster::crypto
