#include "domain/moderation/content_rules.hpp"

#include <gtest/gtest.h>

#include <iterator>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace muster::domain {
namespace {

ContentRule words_rule(std::string id, std::vector<std::string> words,
                       ContentRuleAction action = ContentRuleAction::Block) {
  return {id, "Rule " + id, ContentRuleKind::Words, action, std::move(words), {}, true};
}

ContentRule regex_rule(std::string id, std::string pattern) {
  return {id, "Rule " + id, ContentRuleKind::Regex, ContentRuleAction::Block, {}, std::move(pattern), true};
}

ContentRule detector_rule(std::string id, ContentRuleKind kind, ContentRuleAction action = ContentRuleAction::Flag) {
  return {id, "Rule " + id, kind, action, {}, {}, true};
}

std::shared_ptr<const ContentRuleSet> compile_ok(const std::vector<ContentRule>& rules) {
  auto set = ContentRuleSet::compile(rules);
  EXPECT_TRUE(set.ok()) << set.error().message;
  return set.ok() ? set.value() : nullptr;
}

std::vector<std::string> matched_ids(const ContentRuleSet& set, std::string_view text) {
  std::vector<std::string> ids;
  for (const auto& m : set.check(text)) ids.push_back(m.rule_id);
  return ids;
}

bool matches(const ContentRule& rule, std::string_view text) {
  const auto set = compile_ok({rule});
  return set && !set->check(text).empty();
}

std::string error_field(const ContentRule& rule) {
  const auto status = validate_content_rule(rule);
  return status.ok() ? "(valid)" : status.error().field;
}

TEST(ContentRuleNames, ParseAndToStringRoundTrip) {
  for (auto kind : {ContentRuleKind::Words, ContentRuleKind::Regex, ContentRuleKind::CardNumber,
                    ContentRuleKind::Iban, ContentRuleKind::NationalId})
    EXPECT_EQ(parse_content_rule_kind(to_string(kind)), kind);
  for (auto action : {ContentRuleAction::Block, ContentRuleAction::Flag})
    EXPECT_EQ(parse_content_rule_action(to_string(action)), action);
  EXPECT_EQ(to_string(ContentRuleKind::CardNumber), "card_number");
  EXPECT_FALSE(parse_content_rule_kind("Words"));
  EXPECT_FALSE(parse_content_rule_action("delete"));
}

TEST(ContentRuleWords, ArabicSpellingVariantsMatch) {
  const auto idiot = words_rule("w", {"أحمق"});
  for (std::string text : {"انت احمق", "أَحْمَق جداً", "يا احـــــمق", "إحمق", "آحمق"})
    EXPECT_TRUE(matches(idiot, text)) << text;
  EXPECT_TRUE(matches(words_rule("w", {"احمق"}), "أنتَ أحمقُ")) << "a word typed plainly matches the careful spelling";
  EXPECT_TRUE(matches(words_rule("w", {"كلمة"}), "هذه كلمه سيئة")) << "teh marbuta / heh";
  EXPECT_TRUE(matches(words_rule("w", {"مستشفى"}), "في المستشفي او مستشفي")) << "alef maqsura / yeh";
  EXPECT_TRUE(matches(words_rule("w", {"رقم ١٢٣"}), "رقم 123")) << "Arabic-Indic digits";
  EXPECT_FALSE(matches(idiot, "احمد"));
}

TEST(ContentRuleWords, LatinIsCaseInsensitive) {
  const auto rule = words_rule("w", {"Spam"});
  for (std::string text : {"spam", "SPAM here", "no Spam!", "SpAm"}) EXPECT_TRUE(matches(rule, text)) << text;
  EXPECT_TRUE(matches(words_rule("w", {"привет"}), "ПРИВЕТ")) << "beyond Latin too";
}

TEST(ContentRuleWords, MatchOnlyWholeWordsInEnglish) {
  const auto rule = words_rule("w", {"ass"});
  for (std::string text : {"ass", "you ass!", "(ass)", "ass.", "an ass, really", "ASS"})
    EXPECT_TRUE(matches(rule, text)) << text;
  for (std::string text : {"class", "assassin", "passing", "bass guitar", "ass2"})
    EXPECT_FALSE(matches(rule, text)) << text;
}

TEST(ContentRuleWords, MatchOnlyWholeWordsInArabic) {
  const auto poison = words_rule("w", {"سم"});
  for (std::string text : {"سم", "هذا سم!", "سم، قاتل", "poison سم", "«سم»"}) EXPECT_TRUE(matches(poison, text)) << text;
  for (std::string text : {"سمير", "اسم", "بسم الله", "مسموم"}) EXPECT_FALSE(matches(poison, text)) << text;
}

TEST(ContentRuleWords, PhrasesMatchAcrossAnyWhitespace) {
  const auto rule = words_rule("w", {"free   money", "ربح سريع"});
  for (std::string text : {"get free money now", "FREE    money", "free\tmoney", "free\n money", "ربح    سريع",
                           "ربـح\u00a0سريع"})
    EXPECT_TRUE(matches(rule, text)) << text;
  for (std::string text : {"freemoney", "free moneys", "free, money", "free", "ربح"})
    EXPECT_FALSE(matches(rule, text)) << text;
}

TEST(ContentRuleWords, RegexCharactersInWordsAreLiteral) {
  const auto rule = words_rule("w", {"c++", "a.b"});
  EXPECT_TRUE(matches(rule, "I like c++ a lot"));
  EXPECT_TRUE(matches(rule, "a.b"));
  EXPECT_FALSE(matches(rule, "axb"));
  EXPECT_FALSE(matches(rule, "cc"));
}

TEST(ContentRuleRegex, IsCaseSensitiveUnlessThePatternSaysOtherwise) {
  const auto exact = regex_rule("r", "Secret");
  EXPECT_TRUE(matches(exact, "this is Secret stuff"));
  EXPECT_FALSE(matches(exact, "this is secret stuff"));
  const auto any_case = regex_rule("r", "(?i)secret");
  EXPECT_TRUE(matches(any_case, "SECRET"));
  EXPECT_TRUE(matches(any_case, "top sEcReT"));
}

TEST(ContentRuleRegex, SeesTheTextAsWritten) {
  EXPECT_TRUE(matches(regex_rule("r", "أحمد"), "مرحبا أحمد"));
  EXPECT_FALSE(matches(regex_rule("r", "أحمد"), "مرحبا احمد")) << "no folding for regular expressions";
  EXPECT_TRUE(matches(regex_rule("r", "\\d{3}-\\d{4}"), "call 555-1234 now")) << "a match anywhere counts";
  EXPECT_TRUE(matches(regex_rule("r", "^hello"), "hello world"));
  EXPECT_FALSE(matches(regex_rule("r", "^hello"), "say hello"));
}

TEST(ContentRuleRegex, CatastrophicPatternsRunInLinearTime) {
  // Backtracking engines take exponential time on these; RE2 returns after one pass.
  const std::string many_a(100'000, 'a');
  EXPECT_FALSE(matches(regex_rule("r", "(a+)+$"), many_a + "!"));
  EXPECT_TRUE(matches(regex_rule("r", "(a+)+$"), "!" + many_a));
  const std::string many_x(100'000, 'x');
  EXPECT_FALSE(matches(regex_rule("r", "(x+x+)+y"), many_x));
  EXPECT_TRUE(matches(regex_rule("r", "(x+x+)+y"), many_x + "y"));
}

TEST(ContentRuleValidation, NameIsRequiredAndShort) {
  auto rule = words_rule("w", {"spam"});
  EXPECT_EQ(error_field(rule), "(valid)");
  rule.name = "   ";
  EXPECT_EQ(error_field(rule), "name");
  rule.name = std::string(81, 'n');
  EXPECT_EQ(error_field(rule), "name");
  rule.name.clear();
  for (int i = 0; i < 80; ++i) rule.name += "ب";  // 80 characters, 160 bytes
  EXPECT_EQ(error_field(rule), "(valid)");
}

TEST(ContentRuleValidation, WordsAreCheckedOneByOne) {
  EXPECT_EQ(error_field(words_rule("w", {})), "words");
  EXPECT_EQ(error_field(words_rule("w", std::vector<std::string>(501, "spam"))), "words");
  EXPECT_EQ(error_field(words_rule("w", std::vector<std::string>(500, "spam"))), "(valid)");
  EXPECT_EQ(error_field(words_rule("w", {"spam", "  "})), "words");
  EXPECT_EQ(error_field(words_rule("w", {std::string(101, 'x')})), "words");
  EXPECT_EQ(error_field(words_rule("w", {"  " + std::string(100, 'x') + "  "})), "(valid)") << "trimmed first";
  EXPECT_EQ(error_field(words_rule("w", {"ًّ"})), "words") << "only diacritics";
  auto with_pattern = words_rule("w", {"spam"});
  with_pattern.pattern = "x";
  EXPECT_EQ(error_field(with_pattern), "pattern");
}

TEST(ContentRuleValidation, PatternsMustCompileAndStaySmall) {
  EXPECT_EQ(error_field(regex_rule("r", "")), "pattern");
  const auto broken = validate_content_rule(regex_rule("r", "(unclosed"));
  ASSERT_FALSE(broken.ok());
  EXPECT_EQ(broken.error().field, "pattern");
  EXPECT_NE(broken.error().message.find("missing )"), std::string::npos) << broken.error().message;
  EXPECT_EQ(error_field(regex_rule("r", std::string(501, 'a'))), "pattern");
  EXPECT_EQ(error_field(regex_rule("r", std::string(500, 'a'))), "(valid)");
  EXPECT_EQ(error_field(regex_rule("r", "a{1000}{1000}")), "pattern");
  EXPECT_EQ(error_field(regex_rule("r", "(?:\\pL{100}){10}")), "pattern") << "short text, huge program";
  EXPECT_EQ(error_field(regex_rule("r", "(?:abcdefgh){1000}")), "pattern") << "8,000 instructions";
  EXPECT_EQ(error_field(regex_rule("r", "\\pL{30}")), "pattern") << "every letter of Unicode, 30 times";
  EXPECT_EQ(error_field(regex_rule("r", "(a+)+$")), "(valid)");
  EXPECT_EQ(error_field(regex_rule("r", "a*")), "pattern") << "would match every message";
  EXPECT_EQ(error_field(regex_rule("r", "spam|")), "pattern");
  auto with_words = regex_rule("r", "spam");
  with_words.words = {"x"};
  EXPECT_EQ(error_field(with_words), "words");
}

TEST(ContentRuleValidation, DetectorsTakeNeitherWordsNorPattern) {
  for (auto kind : {ContentRuleKind::CardNumber, ContentRuleKind::Iban, ContentRuleKind::NationalId}) {
    auto rule = detector_rule("d", kind);
    EXPECT_EQ(error_field(rule), "(valid)");
    rule.words = {"x"};
    EXPECT_EQ(error_field(rule), "words");
    rule.words.clear();
    rule.pattern = "x";
    EXPECT_EQ(error_field(rule), "pattern");
  }
}

TEST(ContentRuleValidation, CompileRefusesAnInvalidEnabledRule) {
  auto bad = regex_rule("bad", "(");
  const auto refused = ContentRuleSet::compile({words_rule("w", {"spam"}), bad});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().field, "pattern");
  bad.enabled = false;
  EXPECT_TRUE(ContentRuleSet::compile({words_rule("w", {"spam"}), bad}).ok()) << "a disabled rule is not compiled";
}

TEST(ContentRuleCardNumber, MatchesLuhnValidNumbersAsPeopleWriteThem) {
  const auto rule = detector_rule("c", ContentRuleKind::CardNumber);
  for (std::string text : {"4111 1111 1111 1111", "4111-1111-1111-1111", "card:4111111111111111.",
                           "رقم البطاقة 4111111111111111 شكرا", "4222222222222" /* 13 */,
                           "4111111111111111110" /* 19 */, "٤١١١ ١١١١ ١١١١ ١١١١", "۴۱۱۱۱۱۱۱۱۱۱۱۱۱۱۱",
                           "4111\u00a01111\u00a01111\u00a01111"})
    EXPECT_TRUE(matches(rule, text)) << text;
}

TEST(ContentRuleCardNumber, IgnoresOtherNumbers) {
  const auto rule = detector_rule("c", ContentRuleKind::CardNumber);
  for (std::string text : {"4111 1111 1111 1112" /* Luhn fails */, "41111111111111110000" /* 20 digits */,
                           "4111 1111 1111 1111 0000", "4111--1111-1111-1111", "422222222222" /* 12 */,
                           "call 0551234567", "3.14159265358979"})
    EXPECT_FALSE(matches(rule, text)) << text;
}

TEST(ContentRuleIban, MatchesValidIbans) {
  const auto rule = detector_rule("i", ContentRuleKind::Iban);
  for (std::string text : {"SA03 8000 0000 6080 1016 7519", "SA0380000000608010167519", "gb82 west 1234 5698 7654 32",
                           "IBAN: GB82WEST12345698765432, thanks", "SA03 8000 0000 6080 1016 7519 please",
                           "حسابي SA03 8000 0000 6080 1016 7519"})
    EXPECT_TRUE(matches(rule, text)) << text;
}

TEST(ContentRuleIban, IgnoresInvalidCheckDigitsAndLookalikes) {
  const auto rule = detector_rule("i", ContentRuleKind::Iban);
  for (std::string text : {"SA04 8000 0000 6080 1016 7519", "GB83 WEST 1234 5698 7654 32",
                           "XSA0380000000608010167519", "SA0380000000608010167519X", "SA03 8000"})
    EXPECT_FALSE(matches(rule, text)) << text;
}

TEST(ContentRuleNationalId, MatchesValidSaudiIds) {
  const auto rule = detector_rule("n", ContentRuleKind::NationalId);
  for (std::string text : {"1012345672", "رقم الإقامة 2012345670.", "id:1012345672", "١٠١٢٣٤٥٦٧٢"})
    EXPECT_TRUE(matches(rule, text)) << text;
  for (std::string text : {"1012345673" /* check digit */, "3012345678" /* starts with 3 */,
                           "10123456724" /* 11 digits, Luhn-valid */, "91012345672", "0551234567"})
    EXPECT_FALSE(matches(rule, text)) << text;
}

TEST(ContentRuleSet, ReportsEachMatchingRuleOnceInRuleOrder) {
  const auto set = compile_ok({
      regex_rule("r1", "x{2}"),
      words_rule("w1", {"spam", "junk"}, ContentRuleAction::Flag),
      detector_rule("c1", ContentRuleKind::CardNumber, ContentRuleAction::Block),
      words_rule("w2", {"nothing here"}),
      words_rule("w3", {"spam"}),
      detector_rule("c2", ContentRuleKind::CardNumber, ContentRuleAction::Flag),
  });
  ASSERT_TRUE(set);
  const auto found = set->check("junk spam spam 4111111111111111 xx xx");
  EXPECT_EQ(matched_ids(*set, "junk spam spam 4111111111111111 xx xx"),
            (std::vector<std::string>{"r1", "w1", "c1", "w3", "c2"}));
  ASSERT_EQ(found.size(), 5u);
  EXPECT_EQ(found[1].rule_name, "Rule w1");
  EXPECT_EQ(found[1].action, ContentRuleAction::Flag);
  EXPECT_EQ(found[2].action, ContentRuleAction::Block);
  EXPECT_TRUE(set->check("a perfectly fine message").empty());
}

TEST(ContentRuleSet, SkipsDisabledRules) {
  auto off = words_rule("off", {"spam"});
  off.enabled = false;
  const auto set = compile_ok({off, words_rule("on", {"junk"})});
  ASSERT_TRUE(set);
  EXPECT_TRUE(set->check("spam").empty());
  EXPECT_EQ(matched_ids(*set, "spam junk"), std::vector<std::string>{"on"});
  const auto none = compile_ok({off});
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());
  EXPECT_TRUE(none->check("spam").empty());
}

// Too large to compile into one RE2::Set: each rule then runs on its own, with the same answers.
TEST(ContentRuleSet, HugeWordListsStillMatch) {
  const char* letters[] = {"ب", "ت", "ج", "د", "ر", "س", "ع", "ف", "ق", "ل", "م", "ن"};
  std::mt19937 rng(1);
  std::vector<ContentRule> rules;
  for (int r = 0; r < 12; ++r) {
    std::vector<std::string> words;
    for (std::size_t w = 0; w < kMaxContentRuleWords; ++w) {
      std::string word;
      for (std::size_t c = 0; c < kMaxContentRuleWordChars; ++c) word += letters[rng() % std::size(letters)];
      words.push_back(word);
    }
    rules.push_back(words_rule("w" + std::to_string(r), words));
  }
  const std::string last_word = rules.back().words.back();
  const auto set = compile_ok(rules);
  ASSERT_TRUE(set);
  EXPECT_EQ(matched_ids(*set, "قال " + last_word + " ثم"), std::vector<std::string>{"w11"});
  EXPECT_TRUE(set->check("قال " + last_word.substr(2) + " ثم").empty());
}

TEST(ContentRuleSet, ManyThreadsShareOneSet) {
  const auto set = compile_ok({words_rule("w", {"spam", "أحمق"}), regex_rule("r", "(?i)secret"),
                               detector_rule("c", ContentRuleKind::CardNumber)});
  ASSERT_TRUE(set);
  std::vector<std::thread> threads;
  std::vector<int> wrong(4, 0);
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 500; ++i) {
        if (matched_ids(*set, "SECRET: احمق 4111111111111111") != std::vector<std::string>{"w", "r", "c"}) ++wrong[t];
        if (!set->check("hello there " + std::to_string(i)).empty()) ++wrong[t];
      }
    });
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(wrong, std::vector<int>(4, 0));
}

}  // namespace
}  // namespace muster::domain
