#include "domain/text/arabic.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace muster::domain {
namespace {

// Encodes one code point, for tests that sweep code point ranges.
std::string cp(char32_t c) {
  std::string s;
  if (c < 0x80) {
    s += static_cast<char>(c);
  } else if (c < 0x800) {
    s += static_cast<char>(0xC0 | (c >> 6));
    s += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    s += static_cast<char>(0xE0 | (c >> 12));
    s += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    s += static_cast<char>(0x80 | (c & 0x3F));
  }
  return s;
}

struct Case {
  std::string_view input;
  std::string_view expected;
};

void expect_all(const std::vector<Case>& cases) {
  for (const auto& [input, expected] : cases) {
    SCOPED_TRACE(std::string(input));
    EXPECT_EQ(normalize_for_search(input), expected);
  }
}

TEST(NormalizeForSearch, ArabicLetterMappings) {
  expect_all({
      {"\u0623", "\u0627"},  // alef with hamza above
      {"\u0625", "\u0627"},  // alef with hamza below
      {"\u0622", "\u0627"},  // alef with madda
      {"\u0671", "\u0627"},  // alef wasla
      {"\u0629", "\u0647"},  // teh marbuta -> heh
      {"\u0649", "\u064A"},  // alef maqsura -> yeh
      {"\u0624", "\u0648"},  // waw with hamza -> waw
      {"\u0626", "\u064A"},  // yeh with hamza -> yeh
      {"\u0621", ""},        // standalone hamza dropped
      {"\u06A9", "\u0643"},  // Persian keheh -> kaf
      {"\u06CC", "\u064A"},  // Farsi yeh -> yeh
      {"\u0640", ""},        // tatweel
      {"\u0627\u0628\u062A", "\u0627\u0628\u062A"},  // plain letters unchanged
  });
}

TEST(NormalizeForSearch, DropsEveryDiacritic) {
  const std::string baa = "\u0628";
  for (char32_t c = 0x064B; c <= 0x065F; ++c) {
    EXPECT_EQ(normalize_for_search(baa + cp(c) + baa), baa + baa) << std::hex << static_cast<unsigned>(c);
  }
  for (char32_t c = 0x06D6; c <= 0x06ED; ++c) {
    EXPECT_EQ(normalize_for_search(baa + cp(c) + baa), baa + baa) << std::hex << static_cast<unsigned>(c);
  }
  EXPECT_EQ(normalize_for_search(baa + cp(0x0670) + baa), baa + baa);
}

TEST(NormalizeForSearch, Digits) {
  expect_all({
      {"٠١٢٣٤٥٦٧٨٩", "0123456789"},
      {"۰۱۲۳۴۵۶۷۸۹", "0123456789"},
      {"۱۲", "12"},
      {"+٩٦٦ ٥٠", "+966 50"},
  });
}

TEST(NormalizeForSearch, SpellingVariantsMatch) {
  const std::vector<std::vector<std::string_view>> groups = {
      {"أحمد", "احمد", "إحمد", "آحمد"},
      {"مدرسة", "مدرسه"},
      {"مستشفى", "مستشفي"},
      {"مُحَمَّد", "محمد", "محـــمد", "مـُحـَمَّـد"},
      {"مسؤول", "مسوول"},
      {"رئيس", "رييس"},
      {"کریم", "كريم"},
      {"Émile", "emile", "EMILE"},
  };
  for (const auto& group : groups) {
    for (const auto variant : group) {
      EXPECT_EQ(normalize_for_search(variant), normalize_for_search(group.front()))
          << variant << " vs " << group.front();
    }
  }
  EXPECT_EQ(normalize_for_search("مُحَمَّد"), "محمد");
  EXPECT_EQ(normalize_for_search("محـــمد"), "محمد");
}

TEST(NormalizeForSearch, LatinCaseAndAccents) {
  expect_all({
      {"Ahmed ALI", "ahmed ali"},
      {"Émile Zola", "emile zola"},
      {"Müller", "muller"},
      {"ÜBER", "uber"},
      {"François", "francois"},
      {"Niño", "nino"},
      {"Ålesund", "alesund"},
      {"Øre", "ore"},
      {"Straße", "strasse"},
      {"Æsir", "aesir"},
      {"Œuvre", "oeuvre"},
      {"Łódź", "lodz"},
      {"Šťastný", "stastny"},
      {"İstanbul ığdır", "istanbul igdir"},
      {"Ÿ ÿ", "y y"},
      {"2×3÷1", "2×3÷1"},  // signs in the Latin-1 block are not letters
  });
}

TEST(NormalizeForSearch, WhitespaceAndInvisibles) {
  expect_all({
      {"  a \t\n b\u00A0\u00A0c  ", "a b c"},
      {"\r\n\tx\r\n", "x"},
      {"a\u2003\u3000b", "a b"},
      {"مح\u200Bمد", "محمد"},
      {"\u200C\u200D\u200E\u200F", ""},
      {"\uFEFFabc", "abc"},
      {"\u2067abc\u2069 \u2066d\u2068", "abc d"},
      {"a \u200B b", "a b"},
      {"a \u0621 b", "a b"},  // dropped letter between spaces leaves one space
      {"\u0621 a", "a"},
      {"", ""},
      {"   ", ""},
  });
  EXPECT_EQ(normalize_for_search(std::string_view("a\0b", 3)), "ab");
}

TEST(NormalizeForSearch, PunctuationKept) {
  expect_all({
      {"Ahmed.Ali+1@Example.COM", "ahmed.ali+1@example.com"},
      {"+966-50-123 4567", "+966-50-123 4567"},
      {"E-100_x", "e-100_x"},
      {"(قسم) المبيعات", "(قسم) المبيعات"},
  });
}

TEST(NormalizeForSearch, MixedArabicAndLatin) {
  expect_all({
      {"أحمد Ali ١٢٣", "احمد ali 123"},
      {"مستشفى  King Fahd  ٢", "مستشفي king fahd 2"},
      {"Café الإدارة", "cafe الاداره"},
  });
}

TEST(NormalizeForSearch, InvalidUtf8IsSkipped) {
  expect_all({
      {"ab\xFF" "cd", "abcd"},
      {"\xC3", ""},
      {"\xE2\x82" "x", "x"},
      {"\xC0\x80" "a", "a"},                  // overlong NUL
      {"\xED\xA0\x80" "b", "b"},              // surrogate
      {"\xF4\x90\x80\x80" "c", "c"},          // above U+10FFFF
      {"\x80\x80\xD8\xA3", "\u0627"},         // stray continuations, then أ
      {"\xD8" "\xD8\xA3", "\u0627"},          // truncated, then a valid letter
  });
}

TEST(NormalizeForSearch, RandomBytesAreSafeAndIdempotent) {
  std::mt19937 rng(12345);
  std::uniform_int_distribution<int> byte(0, 255), length(0, 40);
  for (int round = 0; round < 5000; ++round) {
    std::string input(static_cast<std::size_t>(length(rng)), '\0');
    for (auto& ch : input) ch = static_cast<char>(byte(rng));
    const std::string once = normalize_for_search(input);
    EXPECT_TRUE(is_valid_utf8(once));
    EXPECT_EQ(normalize_for_search(once), once);
  }
}

TEST(SearchTerms, SplitsNormalizedQuery) {
  EXPECT_EQ(search_terms("  أحمد   علي "), (std::vector<std::string>{"احمد", "علي"}));
  EXPECT_EQ(search_terms("Ahmed\tALI\nE100"),
            (std::vector<std::string>{"ahmed", "ali", "e100"}));
  EXPECT_EQ(search_terms("a \u0621 b"), (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(search_terms("").empty());
  EXPECT_TRUE(search_terms(" \u200B \u064E ").empty());
}

TEST(SearchTerms, AtMostEightTerms) {
  const auto terms = search_terms("1 2 3 4 5 6 7 8 9 10");
  EXPECT_EQ(terms, (std::vector<std::string>{"1", "2", "3", "4", "5", "6", "7", "8"}));
}

TEST(Utf8, IsValid) {
  const std::vector<std::pair<std::string_view, bool>> cases = {
      {"", true},
      {"abc", true},
      {"أحمد", true},
      {"\xF0\x9F\x98\x80", true},       // emoji
      {"\xEF\xBF\xBF", true},           // U+FFFF
      {"\xF4\x8F\xBF\xBF", true},       // U+10FFFF
      {"\xED\x9F\xBF", true},           // U+D7FF, just below surrogates
      {"\xC0\x80", false},              // overlong NUL
      {"\xC1\xBF", false},              // overlong
      {"\xE0\x80\xAF", false},          // overlong '/'
      {"\xF0\x80\x80\xAF", false},      // overlong '/'
      {"\xED\xA0\x80", false},          // high surrogate
      {"\xED\xBF\xBF", false},          // low surrogate
      {"\xF4\x90\x80\x80", false},      // above U+10FFFF
      {"\xF5\x80\x80\x80", false},      // invalid lead byte
      {"\xC3", false},                  // truncated
      {"\xE2\x82", false},              // truncated
      {"\xF0\x9F\x98", false},          // truncated
      {"\x80", false},                  // lone continuation
      {"\xC3\x28", false},              // bad continuation
      {"a\xFF", false},
  };
  for (const auto& [input, valid] : cases) {
    EXPECT_EQ(is_valid_utf8(input), valid) << testing::PrintToString(std::string(input));
  }
}

TEST(Utf8, FindInvalid) {
  EXPECT_EQ(find_invalid_utf8("abc"), std::string_view::npos);
  EXPECT_EQ(find_invalid_utf8("ab\xED\xA0\x80"), 2u);
  EXPECT_EQ(find_invalid_utf8("\xD8\xA3\xFF"), 2u);
}

TEST(Utf8, Length) {
  EXPECT_EQ(utf8_length(""), 0u);
  EXPECT_EQ(utf8_length("abc"), 3u);
  EXPECT_EQ(utf8_length("أحمد"), 4u);
  EXPECT_EQ(utf8_length("\xF0\x9F\x98\x80"), 1u);
  EXPECT_EQ(utf8_length("a\xFF" "b"), 3u);
  EXPECT_EQ(utf8_length("\xE2\x82"), 2u);  // each stray byte counts
}

}  // namespace
}  // namespace muster::domain
