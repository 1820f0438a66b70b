#include "domain/attachment.hpp"
#include "domain/attachment_serving.hpp"

#include <gtest/gtest.h>

namespace muster::domain {
namespace {

using namespace std::string_literals;

struct SniffCase {
  const char* what;
  std::string bytes;
  std::string name;
  std::optional<std::string> type;  // nullopt: refused
};

TEST(SniffFileType, DecidesByContentNotByName) {
  const std::string png = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR"s;
  const std::string zip = "PK\x03\x04\x14\0\0\0"s;
  const std::string exe = "MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff\0\0"s;
  const std::vector<SniffCase> cases = {
      {"png", png, "a.png", "image/png"},
      {"png named .txt", png, "notes.txt", "image/png"},
      {"jpeg", "\xFF\xD8\xFF\xE0\0\x10JFIF"s, "a.jpg", "image/jpeg"},
      {"gif87", "GIF87a\x01\0\x01\0"s, "a.gif", "image/gif"},
      {"gif89", "GIF89a\x01\0\x01\0"s, "a", "image/gif"},
      {"webp", "RIFF\x24\0\0\0WEBPVP8 "s, "a.webp", "image/webp"},
      {"riff but not webp", "RIFF\x24\0\0\0AVI LIST"s, "a.webp", std::nullopt},
      {"pdf", "%PDF-1.7\n%\xE2\xE3\xCF\xD3"s, "a.pdf", "application/pdf"},
      {"docx", zip, "Report.DOCX", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
      {"xlsx", zip, "sheet.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
      {"pptx", zip, "deck.pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"},
      {"zip", zip, "bundle.zip", "application/zip"},
      {"zip with other name", zip, "bundle.jar", "application/zip"},
      {"text", "hello\nworld\n", "a.txt", "text/plain"},
      {"arabic text", "مرحبا بالعالم\n", "ملاحظات.txt", "text/plain"},
      {"csv", "name,email\nSara,s@x\n", "people.csv", "text/csv"},
      {"csv content named .png", "a,b\n", "a.png", std::nullopt},
      {"junk text named .m4a", "not really audio", "voice.m4a", std::nullopt},
      {"text named .log", "started\n", "server.log", "text/plain"},
      {"ogg opus", "OggS\0\x02\0\0\0\0\0\0\0\0OpusHead"s, "voice.ogg", "audio/ogg"},
      {"webm", "\x1A\x45\xDF\xA3\x9F\x42\x86\x81\x01\x42\x82\x84webm"s, "voice.webm", "audio/webm"},
      {"m4a", "\0\0\0\x20" "ftypM4A \0\0\0\0"s, "voice.m4a", "audio/mp4"},
      {"mp4 from Safari's recorder", "\0\0\0\x1C" "ftypiso5\0\0\0\0"s, "voice.mp4", "audio/mp4"},
      {"an mp4 brand nobody records audio in", "\0\0\0\x1C" "ftypqt  \0\0\0\0"s, "clip.mov", std::nullopt},
      {"mp3 with ID3", "ID3\x04\0\0\0\0\0\0"s, "song.mp3", "audio/mpeg"},
      {"wav", "RIFF\x24\0\0\0WAVEfmt "s, "memo.wav", "audio/wav"},
      {"matroska video is not webm audio", "\x1A\x45\xDF\xA3\x9F\x42\x86\x81\x01\x42\x82\x88matroska"s, "v.mkv", std::nullopt},
      {"exe renamed .png", exe, "photo.png", std::nullopt},
      {"text with NUL", "abc\0def"s, "a.txt", std::nullopt},
      {"invalid UTF-8 text", "caf\xE9 latin-1", "a.txt", std::nullopt},
      {"ELF", "\x7F" "ELF\x02\x01\x01\0"s, "a.txt", std::nullopt},
      {"empty", "", "a.txt", std::nullopt},
      {"truncated png magic", "\x89PNG", "a.png", std::nullopt},
  };
  for (const auto& c : cases) {
    auto got = sniff_file_type(c.bytes, c.name);
    if (!c.type) {
      EXPECT_FALSE(got.has_value()) << c.what << " was accepted as " << (got ? got->content_type : "");
    } else {
      ASSERT_TRUE(got.has_value()) << c.what << " was refused";
      EXPECT_EQ(got->content_type, *c.type) << c.what;
      EXPECT_EQ(got->image, c.type->starts_with("image/")) << c.what;
    }
  }
}

TEST(SanitizeFileName, CleansNames) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"report.pdf", "report.pdf"},
      {"  spaced name.txt \t", "spaced name.txt"},
      {"../../etc/passwd", "....etcpasswd"},
      {"C:\\Users\\me\\plan.docx", "C:Usersmeplan.docx"},
      {"line\nbreak\r.txt", "linebreak.txt"},
      {"bell\x07.txt", "bell.txt"},
      {"evil\xE2\x80\xAEgnp.exe", "evilgnp.exe"},  // U+202E right-to-left override
      {"تقرير الربع الأول.pdf", "تقرير الربع الأول.pdf"},
      {"\xC2\x85next.txt", "next.txt"},  // U+0085, a C1 control
  };
  for (const auto& [in, want] : cases) {
    auto got = sanitize_file_name(in);
    ASSERT_TRUE(got.ok()) << in << ": " << got.error().message;
    EXPECT_EQ(got.value(), want) << in;
  }
  for (std::string bad : {"", "   ", "/", "\\/\n", ".", "..", "caf\xE9.txt"}) {
    EXPECT_FALSE(sanitize_file_name(bad).ok()) << "accepted '" << bad << "'";
  }
}

TEST(SanitizeFileName, ShortensLongNamesKeepingTheExtension) {
  std::string long_name(500, 'x');
  auto got = sanitize_file_name(long_name + ".pdf");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->size(), kMaxFileNameChars);
  EXPECT_TRUE(got->ends_with("xx.pdf"));
  // Characters, not bytes: 300 Arabic letters become 200 letters (400 bytes).
  std::string arabic;
  for (int i = 0; i < 300; ++i) arabic += "ب";
  auto shortened = sanitize_file_name(arabic);
  ASSERT_TRUE(shortened.ok());
  EXPECT_EQ(shortened->size(), 2 * kMaxFileNameChars);
}

TEST(FileExtension, LowerCaseWithoutDot) {
  EXPECT_EQ(file_extension("Plan.DOCX"), "docx");
  EXPECT_EQ(file_extension("archive.tar.gz"), "gz");
  EXPECT_EQ(file_extension("README"), "");
  EXPECT_EQ(file_extension("trailing."), "");
}

TEST(ThumbnailSize, FitsInsideKeepingAspect) {
  struct Case {
    int w, h;
    Size want;
  };
  const std::vector<Case> cases = {
      {64, 48, {64, 48}},        // small: never enlarged
      {320, 320, {320, 320}},    // exactly the box
      {640, 480, {320, 240}},    // landscape
      {480, 640, {240, 320}},    // portrait
      {1000, 1, {320, 1}},       // a thin strip keeps at least one pixel
      {1, 100000, {1, 320}},
      {4000, 3000, {320, 240}},
      {321, 320, {320, 319}},
  };
  for (const auto& c : cases) {
    auto got = thumbnail_size(c.w, c.h);
    EXPECT_EQ(got, c.want) << c.w << "x" << c.h << " -> " << got.width << "x" << got.height;
    EXPECT_LE(got.width, 320);
    EXPECT_LE(got.height, 320);
  }
}

TEST(ContentDisposition, EncodesTheNameSafely) {
  EXPECT_EQ(content_disposition("plan.pdf", false), "attachment; filename=\"plan.pdf\"; filename*=UTF-8''plan.pdf");
  EXPECT_EQ(content_disposition("a b\"c.txt", false),
            "attachment; filename=\"a b_c.txt\"; filename*=UTF-8''a%20b%22c.txt");
  EXPECT_EQ(content_disposition("صورة.png", true),
            "inline; filename=\"____.png\"; filename*=UTF-8''%D8%B5%D9%88%D8%B1%D8%A9.png");
}

TEST(ServedAs, OnlyRasterImagesInlineAndNothingABrowserRuns) {
  EXPECT_EQ(served_as("image/png").content_type, "image/png");
  EXPECT_TRUE(served_as("image/webp").inline_display);
  EXPECT_EQ(served_as("text/plain").content_type, "text/plain; charset=utf-8");
  EXPECT_FALSE(served_as("text/plain").inline_display);
  EXPECT_FALSE(served_as("application/pdf").inline_display);
  for (const char* runnable : {"text/html", "image/svg+xml", "application/xhtml+xml", "text/javascript",
                               "application/javascript", "text/xml", "application/xml", "", "text/plain+html"}) {
    EXPECT_EQ(served_as(runnable).content_type, "application/octet-stream") << runnable;
    EXPECT_FALSE(served_as(runnable).inline_display) << runnable;
  }
}

TEST(ContentDisposition, NoHeaderInjectionFromTheName) {
  auto header = content_disposition("x\"; filename=evil.html\r\nSet-Cookie: a=b;%41.txt", false);
  EXPECT_EQ(header.find('\r'), std::string::npos);
  EXPECT_EQ(header.find('\n'), std::string::npos);
  EXPECT_EQ(header,
            "attachment; filename=\"x_; filename=evil.html__Set-Cookie: a=b;_41.txt\"; "
            "filename*=UTF-8''x%22%3B%20filename%3Devil.html%0D%0ASet-Cookie%3A%20a%3Db%3B%2541.txt");
}

}  // namespace
}  // namespace muster::domain
