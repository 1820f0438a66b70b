// The WebSocket protocol (RFC 6455) on the server's side, without sockets: the handshake's accept
// key, the frames the server writes, and a reader that turns what a client sends into messages.
// Muster frames its own sockets (instead of Beast's websocket::stream) so that an idle connection
// holds no buffers at all, and so a batch of events for a socket becomes one contiguous write.
// No extensions are offered (no compression), so the reserved bits must be zero.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace muster::transport::ws {

enum class Opcode : std::uint8_t { Continuation = 0x0, Text = 0x1, Binary = 0x2, Close = 0x8, Ping = 0x9, Pong = 0xA };

// Close codes of the protocol itself (the application's own are 4000-4999, in realtime/hub.hpp).
inline constexpr int kCloseNormal = 1000;
inline constexpr int kCloseProtocolError = 1002;
inline constexpr int kCloseUnsupportedData = 1003;
inline constexpr int kCloseInvalidData = 1007;
inline constexpr int kCloseTooBig = 1009;

// Sec-WebSocket-Accept for a client's Sec-WebSocket-Key; nullopt when the key is not the base64
// of 16 bytes, as the protocol requires.
std::optional<std::string> accept_key(std::string_view client_key);

// The longest header a server frame has: 2 bytes, then 8 for a 64-bit length (servers never mask).
inline constexpr std::size_t kMaxHeader = 10;

// Writes the header of a final, unmasked frame carrying `length` bytes, ending just before `end`
// (there must be kMaxHeader bytes of room before it); returns where the header starts. Lets a
// frame's payload be built first and its header put in front without copying.
char* put_header_before(char* end, Opcode opcode, std::uint64_t length);

// A whole control frame: close (code + reason), ping, pong. Payloads are cut at 125 bytes.
std::string control_frame(Opcode opcode, std::string_view payload);
std::string close_frame(int code, std::string_view reason);

// What a client said, a frame or a message at a time.
struct Incoming {
  enum class Kind { Message, Ping, Pong, Close, Fail } kind;
  std::string payload;  // the text of a message; a ping's data; a close's reason
  int code = 0;         // Close: the client's code (1005 when none); Fail: the code to close with
};

// Reassembles client frames (masked, possibly fragmented, control frames in between) into text
// messages of at most `max_message` bytes. Holds bytes only while a frame is incomplete, and gives
// the memory back once it completes, so an idle connection costs nothing here.
class Reader {
 public:
  explicit Reader(std::size_t max_message) : max_message_(max_message) {}

  // Consumes everything in `bytes`, appending what completed to `out`. After a Fail, nothing more.
  void feed(std::string_view bytes, std::vector<Incoming>& out);

 private:
  // Parses the frames in `data`; returns how many bytes were consumed (whole frames only).
  std::size_t parse(std::string_view data, std::vector<Incoming>& out);
  void fail(int code, std::vector<Incoming>& out);

  std::size_t max_message_;
  std::string partial_;  // an incomplete frame, its header included
  std::string message_;  // the fragments of a message so far
  bool in_message_ = false;
  bool failed_ = false;
};

}  // namespace muster::transport::ws
