// Voice copies: a tone encoded as Opus in WebM (laid out as Chromium's MediaRecorder writes it) and
// in Ogg comes out as MP3 of the same length and pitch, as LAME's own decoder hears it.
#include "app/voice_copy.hpp"

#include <filesystem>
#include <random>

#include "app/attachment_service.hpp"
#include "store/sqlite/database.hpp"
#include "store/sqlite/sqlite_stores.hpp"

#include <gtest/gtest.h>
#include <lame/lame.h>
#include <ogg/ogg.h>
#include <opus/opus.h>

#include <cmath>
#include <cstring>
#include <vector>

namespace muster::app {
namespace {

constexpr int kRate = 48000;
constexpr int kFrame = 960;  // 20 ms, MediaRecorder's packet length

struct OpusTone {
  std::vector<std::string> packets;
  int pre_skip = 0;
  int samples = 0;  // of sound, without the pre-skip
};

OpusTone encode_tone(double hz, double seconds, int channels = 1) {
  int error = 0;
  OpusEncoder* enc = opus_encoder_create(kRate, channels, OPUS_APPLICATION_VOIP, &error);
  EXPECT_EQ(error, OPUS_OK);
  OpusTone tone;
  opus_int32 lookahead = 0;
  opus_encoder_ctl(enc, OPUS_GET_LOOKAHEAD(&lookahead));
  tone.pre_skip = lookahead;
  int frames = static_cast<int>(seconds * kRate) / kFrame;
  std::vector<float> pcm(kFrame * channels);
  unsigned char out[4000];
  for (int f = 0; f < frames; ++f) {
    for (int i = 0; i < kFrame; ++i)
      for (int c = 0; c < channels; ++c)
        pcm[i * channels + c] = 0.5f * static_cast<float>(std::sin(2 * M_PI * hz * (f * kFrame + i) / kRate));
    int n = opus_encode_float(enc, pcm.data(), kFrame, out, sizeof out);
    EXPECT_GT(n, 0);
    tone.packets.emplace_back(reinterpret_cast<char*>(out), n);
  }
  opus_encoder_destroy(enc);
  tone.samples = frames * kFrame - tone.pre_skip;
  return tone;
}

std::string opus_head(int channels, int pre_skip) {
  std::string h = "OpusHead";
  h += '\x01';
  h += static_cast<char>(channels);
  h += static_cast<char>(pre_skip & 0xff);
  h += static_cast<char>(pre_skip >> 8);
  h += std::string("\x80\xbb\x00\x00", 4);  // 48000, little-endian
  h += std::string("\x00\x00\x00", 3);      // gain 0, mapping family 0
  return h;
}

// EBML: an id, an 8-byte size (or "unknown", as a live recorder writes), the content.
std::string ebml(std::string id, const std::string& content, bool unknown_size = false) {
  std::string size = "\x01";
  for (int i = 6; i >= 0; --i) size += unknown_size ? '\xff' : static_cast<char>((content.size() >> (8 * i)) & 0xff);
  return id + size + content;
}
std::string ebml_uint(std::string id, std::uint64_t v) {
  std::string b;
  for (int i = 7; i >= 0; --i) b += static_cast<char>((v >> (8 * i)) & 0xff);
  return ebml(std::move(id), b);
}

std::string webm_of(const OpusTone& tone, int channels) {
  double rate = kRate;
  std::string rate_bytes(8, '\0');
  std::uint64_t bits;
  std::memcpy(&bits, &rate, 8);
  for (int i = 0; i < 8; ++i) rate_bytes[i] = static_cast<char>((bits >> (8 * (7 - i))) & 0xff);
  std::string header = ebml("\x1a\x45\xdf\xa3", ebml("\x42\x82", "webm") + ebml_uint("\x42\x87", 4) + ebml_uint("\x42\x85", 2));
  std::string info = ebml("\x15\x49\xa9\x66", ebml_uint(std::string("\x2a\xd7\xb1"), 1000000));
  std::string track = ebml("\xae", ebml_uint("\xd7", 1) + ebml_uint("\x73\xc5", 7) + ebml_uint("\x83", 2) +
                                       ebml("\x86", "A_OPUS") + ebml("\x63\xa2", opus_head(channels, tone.pre_skip)) +
                                       ebml("\xe1", ebml("\xb5", rate_bytes) + ebml_uint("\x9f", channels)));
  std::string cluster = ebml_uint("\xe7", 0);
  int ms = 0;
  for (const auto& p : tone.packets) {
    std::string block = "\x81";  // track 1
    block += static_cast<char>(ms >> 8);
    block += static_cast<char>(ms & 0xff);
    block += '\x80';  // a keyframe
    cluster += ebml("\xa3", block + p);
    ms += 20;
  }
  return header + ebml("\x18\x53\x80\x67",
                       info + ebml("\x16\x54\xae\x6b", track) + ebml("\x1f\x43\xb6\x75", cluster, true), true);
}

std::string ogg_of(const OpusTone& tone, int channels) {
  ogg_stream_state os;
  ogg_stream_init(&os, 1234);
  std::string out;
  auto put = [&](const std::string& data, ogg_int64_t granule, bool bos, bool eos, bool flush) {
    ogg_packet p{};
    p.packet = reinterpret_cast<unsigned char*>(const_cast<char*>(data.data()));
    p.bytes = static_cast<long>(data.size());
    p.b_o_s = bos;
    p.e_o_s = eos;
    p.granulepos = granule;
    ogg_stream_packetin(&os, &p);
    ogg_page page;
    while (flush ? ogg_stream_flush(&os, &page) : ogg_stream_pageout(&os, &page)) {
      out.append(reinterpret_cast<char*>(page.header), page.header_len);
      out.append(reinterpret_cast<char*>(page.body), page.body_len);
    }
  };
  put(opus_head(channels, tone.pre_skip), 0, true, false, true);
  put(std::string("OpusTags\0\0\0\0\0\0\0\0", 16), 0, false, false, true);
  ogg_int64_t granule = 0;
  for (size_t i = 0; i < tone.packets.size(); ++i) {
    granule += kFrame;
    bool last = i + 1 == tone.packets.size();
    put(tone.packets[i], granule, false, last, last);
  }
  ogg_stream_clear(&os);
  return out;
}

struct Heard {
  std::vector<short> pcm;
  int sample_rate = 0;
  unsigned long tagged_samples = 0;  // from the Info frame
};

Heard decode_mp3(const std::string& mp3) {
  hip_t hip = hip_decode_init();
  Heard heard;
  std::vector<unsigned char> in(mp3.begin(), mp3.end());
  std::vector<short> left(1152 * 64), right(1152 * 64);
  mp3data_struct data{};
  // Fed a piece at a time, as LAME's own front end does; each call gives one frame's samples, or 0
  // when it needs more (the first frame, the Info tag, has no sound).
  auto take = [&](int n) {
    if (data.header_parsed) {
      heard.sample_rate = data.samplerate;
      heard.tagged_samples = std::max(heard.tagged_samples, data.nsamp);
    }
    if (n > 0) heard.pcm.insert(heard.pcm.end(), left.begin(), left.begin() + n);
    return n;
  };
  for (size_t at = 0; at < in.size(); at += 512) {
    size_t len = std::min<size_t>(512, in.size() - at);
    int n = take(hip_decode1_headers(hip, in.data() + at, len, left.data(), right.data(), &data));
    while (n > 0) n = take(hip_decode1_headers(hip, nullptr, 0, left.data(), right.data(), &data));
  }
  hip_decode_exit(hip);
  return heard;
}

// The tone's pitch, from the rate its sign changes in the middle half (the ends hold the codecs'
// start-up and padding, where a quiet hiss crosses zero at random).
double pitch(const Heard& h) {
  size_t from = h.pcm.size() / 4, to = h.pcm.size() * 3 / 4;
  int crossings = 0;
  for (size_t i = from + 1; i < to; ++i) crossings += (h.pcm[i - 1] < 0) != (h.pcm[i] < 0);
  return crossings / 2.0 / (static_cast<double>(to - from) / h.sample_rate);
}

void expect_copy_of(const std::optional<VoiceCopy>& copy, const OpusTone& tone, double hz) {
  ASSERT_TRUE(copy.has_value());
  EXPECT_EQ(copy->duration_ms, tone.samples * 1000LL / kRate);
  Heard heard = decode_mp3(copy->bytes);
  ASSERT_GT(heard.sample_rate, 0);
  double heard_seconds = static_cast<double>(heard.pcm.size()) / heard.sample_rate;
  EXPECT_NEAR(heard_seconds, tone.samples / double(kRate), 0.1);  // MP3 frames round the end up
  // The Info frame tells players the length before they read the file.
  EXPECT_NEAR(static_cast<double>(heard.tagged_samples) / heard.sample_rate, tone.samples / double(kRate), 0.1);
  EXPECT_NEAR(pitch(heard), hz, hz * 0.03);
}

TEST(VoiceCopy, ChromiumsOpusInWebmBecomesMp3OfTheSameLengthAndPitch) {
  auto tone = encode_tone(440, 2.0);
  expect_copy_of(make_voice_copy(webm_of(tone, 1), "audio/webm"), tone, 440);
}

TEST(VoiceCopy, StereoIsMixedDownAndOggIsReadToo) {
  auto tone = encode_tone(660, 1.5, 2);
  expect_copy_of(make_voice_copy(ogg_of(tone, 2), "audio/ogg"), tone, 660);
  expect_copy_of(make_voice_copy(webm_of(tone, 2), "audio/webm"), tone, 660);
}

TEST(VoiceCopy, ARecordingCutShortKeepsWhatCameBefore) {
  auto tone = encode_tone(440, 2.0);
  std::string webm = webm_of(tone, 1);
  auto copy = make_voice_copy(webm.substr(0, webm.size() / 2 + 7), "audio/webm");
  ASSERT_TRUE(copy.has_value());
  EXPECT_GT(copy->duration_ms, 800);
  EXPECT_LT(copy->duration_ms, 1200);
}

TEST(VoiceCopy, LongerThanTheLimitGetsNoCopy) {
  auto tone = encode_tone(440, 3.0);
  VoiceLimits limits;
  limits.max_seconds = 2;
  EXPECT_FALSE(make_voice_copy(webm_of(tone, 1), "audio/webm", limits).has_value());
  EXPECT_FALSE(make_voice_copy(ogg_of(tone, 1), "audio/ogg", limits).has_value());
}

TEST(VoiceCopy, OnlyOpusContainersAreCopiedAndJunkIsRefusedQuietly) {
  auto tone = encode_tone(440, 0.5);
  std::string webm = webm_of(tone, 1);
  EXPECT_FALSE(make_voice_copy(webm, "audio/mp4").has_value());  // Safari plays its own recordings
  EXPECT_FALSE(make_voice_copy("OggS not really", "audio/ogg").has_value());
  EXPECT_FALSE(make_voice_copy(std::string("\x1a\x45\xdf\xa3") + std::string(200, '\xff'), "audio/webm").has_value());
  // Every prefix and a flipped byte at many places: no crash, and never a copy of nothing.
  for (size_t cut = 0; cut < webm.size(); cut += 37) {
    auto copy = make_voice_copy(webm.substr(0, cut), "audio/webm");
    if (copy) EXPECT_GT(copy->duration_ms, 0);
  }
  for (size_t at = 0; at < webm.size(); at += 53) {
    std::string bent = webm;
    bent[at] = static_cast<char>(bent[at] ^ 0x5a);
    auto copy = make_voice_copy(bent, "audio/webm");
    if (copy) EXPECT_GT(copy->duration_ms, 0);
  }
  // A WebM whose only track is not Opus (a video's VP8) has nothing to copy.
  std::string vp8 = webm;
  vp8.replace(vp8.find("A_OPUS"), 6, "V_VP8\0", 6);
  EXPECT_FALSE(make_voice_copy(vp8, "audio/webm").has_value());
}

// Notes stored before copies existed (migration 022 marks them due) get theirs from the scheduled
// job: a WebM note plays from an MP3 copy with its length; a broken one is taken off the list
// without a copy; a deleted one and Safari's MP4 get none.
TEST(VoiceCopy, TheScheduledJobCopiesNotesStoredBeforeCopiesExisted) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("muster-voice-due-" + std::to_string(std::random_device{}()));
  {
    auto opened = store::sqlite::open_stores(dir.string());
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    auto& stores = **opened;
    auto tone = encode_tone(440, 1.0);
    struct Old {
      std::string id, type, bytes;
    };
    std::vector<Old> old = {{"a_note", "audio/webm", webm_of(tone, 1)},
                            {"a_broken", "audio/ogg", "OggS and then nothing of use"},
                            {"a_gone", "audio/webm", webm_of(tone, 1)},
                            {"a_mp4", "audio/mp4", std::string("\0\0\0\x18" "ftypM4A ", 12)}};
    // rows as an older Muster wrote them (no uploader needed here), then what migration 022 does
    // to the notes it finds (its own test: sqlite_store_test.cpp), and one note deleted since
    auto conn = store::sqlite::Connection::open((dir / "muster.db").string(), false);
    ASSERT_TRUE(conn.ok());
    ASSERT_TRUE((*conn)->exec("PRAGMA foreign_keys = OFF").ok());
    for (const auto& o : old) {
      ASSERT_TRUE((*conn)->exec("INSERT INTO attachments (id, uploader_id, name, content_type, size, created_at) VALUES ('" +
                                o.id + "', 'p_1', 'v', '" + o.type + "', 1, 0)").ok());
      ASSERT_TRUE(stores.files().put(o.id, o.bytes).ok());
    }
    ASSERT_TRUE((*conn)->exec("UPDATE attachments SET voice_copy_due = 1 WHERE content_type IN ('audio/webm', 'audio/ogg')").ok());
    ASSERT_TRUE((*conn)->exec("DELETE FROM attachments WHERE id = 'a_gone'").ok());

    auto looked_at = copy_due_voice_notes(stores, {}, 2);
    ASSERT_TRUE(looked_at.ok()) << looked_at.error().message;
    EXPECT_EQ(looked_at.value(), 2);  // a_broken and a_note; a_gone is no longer there to be due
    EXPECT_EQ(copy_due_voice_notes(stores, {}, 2).value(), 0);

    auto note = stores.attachments().get("a_note");
    ASSERT_TRUE(note.ok());
    EXPECT_TRUE(note->has_voice_copy);
    EXPECT_EQ(note->duration_ms, tone.samples * 1000LL / kRate);
    auto copy = stores.files().read("a_note.mp3");
    ASSERT_TRUE(copy.ok());
    EXPECT_NEAR(pitch(decode_mp3(copy.value())), 440, 440 * 0.03);
    auto broken = stores.attachments().get("a_broken");
    EXPECT_FALSE(broken->has_voice_copy);
    EXPECT_FALSE(broken->duration_ms.has_value());
    EXPECT_FALSE(stores.files().read("a_broken.mp3").ok());
    EXPECT_FALSE(stores.files().read("a_gone.mp3").ok());
    EXPECT_FALSE(stores.attachments().get("a_mp4")->has_voice_copy);
  }
  std::error_code ec;
  fs::remove_all(dir, ec);
}

}  // namespace
}  // namespace muster::app
