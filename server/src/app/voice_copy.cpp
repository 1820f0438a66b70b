#include "app/voice_copy.hpp"

#include <lame/lame.h>
#include <opus/opus.h>
#include <opus/opusfile.h>
#include <webm/callback.h>
#include <webm/reader.h>
#include <webm/webm_parser.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <mutex>
#include <vector>

namespace muster::app {

namespace {

constexpr int kOpusRate = 48000;          // Opus always decodes at 48 kHz
constexpr int kMaxFrameSamples = 5760;    // 120 ms, the longest Opus packet
constexpr std::uint64_t kMaxPacket = 1275 * 3 * 48;  // the longest self-delimited packet set, rounded up

// Encodes mono samples at 48 kHz as constant-bit-rate MP3. The first frame LAME writes is a
// placeholder that finish() fills with the "Info" tag, which tells players the length at once.
class Mp3Encoder {
 public:
  explicit Mp3Encoder(int bitrate_kbps) : lame_(new_lame()) {
    if (!lame_) return;
    lame_set_in_samplerate(lame_, kOpusRate);
    lame_set_num_channels(lame_, 1);
    lame_set_mode(lame_, MONO);
    lame_set_VBR(lame_, vbr_off);
    lame_set_brate(lame_, bitrate_kbps);
    lame_set_quality(lame_, 5);  // LAME's "good and fast" middle
    lame_set_bWriteVbrTag(lame_, 1);
    ready_ = lame_init_params(lame_) >= 0;
  }
  ~Mp3Encoder() {
    if (lame_) lame_close(lame_);
  }
  Mp3Encoder(const Mp3Encoder&) = delete;
  Mp3Encoder& operator=(const Mp3Encoder&) = delete;

  bool ready() const { return ready_; }

  bool add(const float* mono, int count) {
    buffer_.resize(static_cast<size_t>(count) * 5 / 4 + 7200);  // LAME's documented worst case
    int n = lame_encode_buffer_ieee_float(lame_, mono, mono, count, buffer_.data(), static_cast<int>(buffer_.size()));
    if (n < 0) return false;
    out_.append(reinterpret_cast<const char*>(buffer_.data()), static_cast<size_t>(n));
    return true;
  }

  std::optional<std::string> finish() {
    buffer_.resize(7200);
    int n = lame_encode_flush(lame_, buffer_.data(), static_cast<int>(buffer_.size()));
    if (n < 0) return std::nullopt;
    out_.append(reinterpret_cast<const char*>(buffer_.data()), static_cast<size_t>(n));
    size_t tag = lame_get_lametag_frame(lame_, buffer_.data(), buffer_.size());
    if (tag > 0 && tag <= buffer_.size() && tag <= out_.size()) std::memcpy(out_.data(), buffer_.data(), tag);
    return std::move(out_);
  }

 private:
  // LAME fills shared tables the first time an encoder is set up, without a lock: one set-up runs
  // alone first, so two uploads at once never race on them.
  static lame_global_flags* new_lame() {
    static std::once_flag once;
    std::call_once(once, [] {
      if (lame_global_flags* first = lame_init()) {
        (void)lame_init_params(first);
        lame_close(first);
      }
    });
    return lame_init();
  }

  lame_global_flags* lame_;
  bool ready_ = false;
  std::vector<unsigned char> buffer_;
  std::string out_;
};

// Opus's float output can leave [-1, 1] (a header's gain of up to +128 dB, or a crafted stream),
// and LAME then fails an assertion and aborts the process (the fuzzer found it): clipped here, as
// any player would, and NaN made silence.
float full_scale(float v) {
  if (!(v == v)) return 0;
  return std::clamp(v, -1.0f, 1.0f);
}

// Mixes decoded frames down to mono, counts them and hands them to the encoder; refuses more
// than the limit allows, so a long file costs no more than max_seconds of work.
class MonoSink {
 public:
  MonoSink(Mp3Encoder& encoder, std::int64_t max_samples) : encoder_(encoder), max_samples_(max_samples) {}

  // `skip` leading frames are dropped first (Opus's pre-skip: the decoder's start-up output).
  bool add(const float* interleaved, int frames, int channels) {
    int from = static_cast<int>(std::min<std::int64_t>(skip_, frames));
    skip_ -= from;
    if (frames - from <= 0) return true;
    samples_ += frames - from;
    if (samples_ > max_samples_) return false;
    mono_.resize(static_cast<size_t>(frames - from));
    for (int i = from; i < frames; ++i) {
      float sum = 0;
      for (int c = 0; c < channels; ++c) sum += interleaved[i * channels + c];
      mono_[static_cast<size_t>(i - from)] = full_scale(sum / static_cast<float>(channels));
    }
    return encoder_.add(mono_.data(), frames - from);
  }
  void skip(std::int64_t frames) { skip_ = frames; }
  std::int64_t samples() const { return samples_; }

 private:
  Mp3Encoder& encoder_;
  std::int64_t max_samples_;
  std::int64_t skip_ = 0;
  std::int64_t samples_ = 0;
  std::vector<float> mono_;
};

// Ogg Opus: opusfile reads the pages, applies pre-skip, gain and end trimming, and mixes any
// channel layout down to stereo.
bool decode_ogg(std::string_view bytes, MonoSink& sink) {
  int error = 0;
  std::unique_ptr<OggOpusFile, decltype(&op_free)> file(
      op_open_memory(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), &error), &op_free);
  if (!file) return false;
  std::vector<float> pcm(2 * kMaxFrameSamples);
  for (;;) {
    int frames = op_read_float_stereo(file.get(), pcm.data(), static_cast<int>(pcm.size()));
    if (frames == 0) return true;
    if (frames == OP_HOLE) continue;  // a gap in the stream: carry on after it
    if (frames < 0 || !sink.add(pcm.data(), frames, 2)) return false;
  }
}

// The parts of an "OpusHead" (RFC 7845 §5.1) that decoding needs.
struct OpusHead {
  int channels = 0;
  int pre_skip = 0;
  int gain_q8 = 0;  // dB in Q7.8
};

std::optional<OpusHead> read_opus_head(const std::vector<std::uint8_t>& b) {
  if (b.size() < 19 || std::memcmp(b.data(), "OpusHead", 8) != 0) return std::nullopt;
  OpusHead head;
  head.channels = b[9];
  head.pre_skip = b[10] | (b[11] << 8);
  head.gain_q8 = static_cast<std::int16_t>(b[16] | (b[17] << 8));
  int mapping_family = b[18];
  if (head.channels < 1 || head.channels > 2 || mapping_family != 0) return std::nullopt;  // no multichannel notes
  return head;
}

// A webm::Reader over bytes already in memory.
class ViewReader : public webm::Reader {
 public:
  explicit ViewReader(std::string_view bytes) : bytes_(bytes) {}
  webm::Status Read(std::size_t count, std::uint8_t* buffer, std::uint64_t* read) override {
    size_t n = std::min(count, bytes_.size() - position_);
    std::memcpy(buffer, bytes_.data() + position_, n);
    position_ += n;
    *read = n;
    if (n == 0 && count > 0) return webm::Status(webm::Status::kEndOfFile);
    return webm::Status(n == count ? webm::Status::kOkCompleted : webm::Status::kOkPartial);
  }
  webm::Status Skip(std::uint64_t count, std::uint64_t* skipped) override {
    size_t n = static_cast<size_t>(std::min<std::uint64_t>(count, bytes_.size() - position_));
    position_ += n;
    *skipped = n;
    if (n == 0 && count > 0) return webm::Status(webm::Status::kEndOfFile);
    return webm::Status(n == count ? webm::Status::kOkCompleted : webm::Status::kOkPartial);
  }
  std::uint64_t Position() const override { return position_; }

 private:
  std::string_view bytes_;
  size_t position_ = 0;
};

// WebM (what Chromium's MediaRecorder writes): libwebm walks the elements; the first Opus track's
// frames are decoded as they pass.
class WebmOpusDecoder : public webm::Callback {
 public:
  explicit WebmOpusDecoder(MonoSink& sink) : sink_(sink) {}
  ~WebmOpusDecoder() override {
    if (decoder_) opus_decoder_destroy(decoder_);
  }

  bool failed() const { return failed_; }
  bool started() const { return decoder_ != nullptr; }

  webm::Status OnTrackEntry(const webm::ElementMetadata&, const webm::TrackEntry& track) override {
    if (decoder_ || track.codec_id.value() != "A_OPUS") return ok();
    auto head = read_opus_head(track.codec_private.value());
    if (!head) return ok();
    int error = 0;
    decoder_ = opus_decoder_create(kOpusRate, head->channels, &error);
    if (!decoder_ || error != OPUS_OK) return fail();
    if (head->gain_q8 != 0) opus_decoder_ctl(decoder_, OPUS_SET_GAIN(head->gain_q8));
    channels_ = head->channels;
    track_ = track.track_number.value();
    sink_.skip(head->pre_skip);
    pcm_.resize(static_cast<size_t>(kMaxFrameSamples * channels_));
    return ok();
  }

  webm::Status OnSimpleBlockBegin(const webm::ElementMetadata&, const webm::SimpleBlock& block,
                                  webm::Action* action) override {
    return block_begins(block, action);
  }
  webm::Status OnBlockBegin(const webm::ElementMetadata&, const webm::Block& block, webm::Action* action) override {
    return block_begins(block, action);
  }

  webm::Status OnFrame(const webm::FrameMetadata& metadata, webm::Reader* reader,
                       std::uint64_t* remaining) override {
    if (!in_opus_block_ || *remaining > kMaxPacket) return webm::Callback::OnFrame(metadata, reader, remaining);
    packet_.resize(static_cast<size_t>(*remaining));
    while (*remaining > 0) {
      std::uint64_t read = 0;
      auto status = reader->Read(static_cast<size_t>(*remaining), packet_.data() + (packet_.size() - *remaining), &read);
      *remaining -= read;
      if (!status.ok()) return status;
      if (read == 0 && *remaining > 0) return webm::Status(webm::Status::kEndOfFile);
    }
    int frames = opus_decode_float(decoder_, packet_.data(), static_cast<opus_int32>(packet_.size()), pcm_.data(),
                                   kMaxFrameSamples, 0);
    if (frames < 0 || !sink_.add(pcm_.data(), frames, channels_)) return fail();
    return ok();
  }

 private:
  static webm::Status ok() { return webm::Status(webm::Status::kOkCompleted); }
  webm::Status fail() {
    failed_ = true;
    return webm::Status(webm::Status::kInvalidElementValue);
  }
  webm::Status block_begins(const webm::Block& block, webm::Action* action) {
    in_opus_block_ = decoder_ && block.track_number == track_;
    *action = in_opus_block_ ? webm::Action::kRead : webm::Action::kSkip;
    return ok();
  }

  MonoSink& sink_;
  OpusDecoder* decoder_ = nullptr;
  int channels_ = 0;
  std::uint64_t track_ = 0;
  bool in_opus_block_ = false;
  bool failed_ = false;
  std::vector<std::uint8_t> packet_;
  std::vector<float> pcm_;
};

bool decode_webm(std::string_view bytes, MonoSink& sink) {
  WebmOpusDecoder decoder(sink);
  ViewReader reader(bytes);
  webm::WebmParser parser;
  auto status = parser.Feed(&decoder, &reader);
  if (decoder.failed() || !decoder.started()) return false;
  // A recording cut short (the tab closed mid-note) ends inside an element: what came before plays.
  return status.completed_ok() || (status.code == webm::Status::kEndOfFile && sink.samples() > 0);
}

}  // namespace

bool needs_voice_copy(std::string_view content_type) {
  return content_type == "audio/webm" || content_type == "audio/ogg";
}

std::optional<VoiceCopy> make_voice_copy(std::string_view bytes, std::string_view content_type,
                                         const VoiceLimits& limits) {
  if (!needs_voice_copy(content_type)) return std::nullopt;
  Mp3Encoder encoder(limits.bitrate_kbps);
  if (!encoder.ready()) return std::nullopt;
  MonoSink sink(encoder, static_cast<std::int64_t>(limits.max_seconds) * kOpusRate);
  bool decoded = content_type == "audio/ogg" ? decode_ogg(bytes, sink) : decode_webm(bytes, sink);
  // under a millisecond of sound (a fuzzer found a file of 40 samples) is no note: its length would read 0
  if (!decoded || sink.samples() * 1000 / kOpusRate == 0) return std::nullopt;
  auto mp3 = encoder.finish();
  if (!mp3) return std::nullopt;
  return VoiceCopy{std::move(*mp3), sink.samples() * 1000 / kOpusRate};
}

}  // namespace muster::app
