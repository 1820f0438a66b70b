#include "transport/ws/frame.hpp"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <cstring>

#include "domain/text/arabic.hpp"
#include "transport/beast.hpp"
// SHA-1 exists here only for the handshake, which Beast's own WebSocket code computes with this
// (detail) function; Beast is already a dependency and libsodium has no SHA-1.
#include <boost/beast/core/detail/sha1.hpp>

namespace muster::transport::ws {

namespace {
constexpr std::string_view kHandshakeGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
constexpr std::size_t kMaxControlPayload = 125;
constexpr int kCloseNoStatus = 1005;

bool is_control(std::uint8_t opcode) { return opcode >= 0x8; }
}  // namespace

std::optional<std::string> accept_key(std::string_view client_key) {
  std::array<unsigned char, 18> decoded{};
  size_t decoded_length = 0;
  const char* end = nullptr;
  if (client_key.size() != 24 ||
      sodium_base642bin(decoded.data(), decoded.size(), client_key.data(), client_key.size(), nullptr, &decoded_length,
                        &end, sodium_base64_VARIANT_ORIGINAL) != 0 ||
      end != client_key.data() + client_key.size() || decoded_length != 16)
    return std::nullopt;
  boost::beast::detail::sha1_context sha;
  boost::beast::detail::init(sha);
  boost::beast::detail::update(sha, client_key.data(), client_key.size());
  boost::beast::detail::update(sha, kHandshakeGuid.data(), kHandshakeGuid.size());
  std::array<unsigned char, boost::beast::detail::sha1_context::digest_size> digest{};
  boost::beast::detail::finish(sha, digest.data());
  std::array<char, sodium_base64_ENCODED_LEN(20, sodium_base64_VARIANT_ORIGINAL)> encoded{};
  sodium_bin2base64(encoded.data(), encoded.size(), digest.data(), digest.size(), sodium_base64_VARIANT_ORIGINAL);
  return std::string(encoded.data());
}

char* put_header_before(char* end, Opcode opcode, std::uint64_t length) {
  char* p = end;
  if (length < 126) {
    *--p = static_cast<char>(length);
  } else if (length <= 0xFFFF) {
    *--p = static_cast<char>(length & 0xFF);
    *--p = static_cast<char>(length >> 8);
    *--p = static_cast<char>(126);
  } else {
    for (int i = 0; i < 8; ++i, length >>= 8) *--p = static_cast<char>(length & 0xFF);
    *--p = static_cast<char>(127);
  }
  *--p = static_cast<char>(0x80 | static_cast<std::uint8_t>(opcode));  // FIN: servers never fragment
  return p;
}

std::string control_frame(Opcode opcode, std::string_view payload) {
  payload = payload.substr(0, kMaxControlPayload);
  std::string frame(2 + payload.size(), '\0');
  put_header_before(frame.data() + 2, opcode, payload.size());
  std::memcpy(frame.data() + 2, payload.data(), payload.size());
  return frame;
}

std::string close_frame(int code, std::string_view reason) {
  std::string payload;
  payload.push_back(static_cast<char>((code >> 8) & 0xFF));
  payload.push_back(static_cast<char>(code & 0xFF));
  payload.append(reason.substr(0, kMaxControlPayload - 2));
  return control_frame(Opcode::Close, payload);
}

void Reader::feed(std::string_view bytes, std::vector<Incoming>& out) {
  if (failed_) return;
  if (partial_.empty()) {
    size_t used = parse(bytes, out);
    if (!failed_ && used < bytes.size()) partial_.assign(bytes.substr(used));
    return;
  }
  partial_.append(bytes);
  size_t used = parse(partial_, out);
  partial_.erase(0, used);
  if (partial_.empty()) std::string().swap(partial_);  // idle again: hold no memory
}

void Reader::fail(int code, std::vector<Incoming>& out) {
  failed_ = true;
  std::string().swap(partial_);
  std::string().swap(message_);
  out.push_back({Incoming::Kind::Fail, {}, code});
}

size_t Reader::parse(std::string_view data, std::vector<Incoming>& out) {
  size_t at = 0;
  while (!failed_) {
    auto* p = reinterpret_cast<const std::uint8_t*>(data.data()) + at;
    size_t available = data.size() - at;
    if (available < 2) break;
    bool fin = p[0] & 0x80;
    std::uint8_t opcode = p[0] & 0x0F;
    if (p[0] & 0x70) return fail(kCloseProtocolError, out), at;  // no extension was agreed
    if (!(p[1] & 0x80)) return fail(kCloseProtocolError, out), at;  // clients must mask
    std::uint64_t length = p[1] & 0x7F;
    size_t header = 2;
    if (length == 126) {
      header = 4;
      if (available < header) break;
      length = (std::uint64_t{p[2]} << 8) | p[3];
    } else if (length == 127) {
      header = 10;
      if (available < header) break;
      length = 0;
      for (int i = 2; i < 10; ++i) length = (length << 8) | p[i];
    }
    header += 4;  // the mask
    if (is_control(opcode)) {
      if (!fin || length > kMaxControlPayload || opcode > 0xA) return fail(kCloseProtocolError, out), at;
    } else if (opcode > 0x2) {
      return fail(kCloseProtocolError, out), at;
    } else if ((opcode == 0) != in_message_) {
      return fail(kCloseProtocolError, out), at;  // a continuation out of place, or a new message inside one
    } else if (length > max_message_ || message_.size() + length > max_message_) {
      return fail(kCloseTooBig, out), at;  // refused from the header, before the payload is read
    }
    if (available < header || available - header < length) break;

    std::string payload(reinterpret_cast<const char*>(p + header), static_cast<size_t>(length));
    const std::uint8_t* mask = p + header - 4;
    for (size_t i = 0; i < payload.size(); ++i) payload[i] = static_cast<char>(payload[i] ^ mask[i & 3]);
    at += header + static_cast<size_t>(length);

    switch (static_cast<Opcode>(opcode)) {
      case Opcode::Ping:
        out.push_back({Incoming::Kind::Ping, std::move(payload), 0});
        continue;
      case Opcode::Pong:
        out.push_back({Incoming::Kind::Pong, {}, 0});
        continue;
      case Opcode::Close: {
        if (payload.size() == 1) return fail(kCloseProtocolError, out), at;
        int code = payload.size() >= 2 ? (static_cast<std::uint8_t>(payload[0]) << 8) | static_cast<std::uint8_t>(payload[1])
                                       : kCloseNoStatus;
        out.push_back({Incoming::Kind::Close, payload.size() > 2 ? payload.substr(2) : std::string(), code});
        failed_ = true;  // nothing after a close frame counts
        return at;
      }
      case Opcode::Binary:
        return fail(kCloseUnsupportedData, out), at;  // the protocol is JSON text
      default:
        break;
    }
    if (!fin) {
      in_message_ = true;
      message_.append(payload);
      continue;
    }
    if (in_message_) {
      message_.append(payload);
      payload = std::move(message_);
      std::string().swap(message_);
      in_message_ = false;
    }
    if (!domain::is_valid_utf8(payload)) return fail(kCloseInvalidData, out), at;
    out.push_back({Incoming::Kind::Message, std::move(payload), 0});
  }
  return at;
}

}  // namespace muster::transport::ws
