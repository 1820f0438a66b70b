// The 50 content rules both benchmarks use: 32 word lists (30 of 20 made-up words, 2 of 5 real
// phrases), 15 regular expressions, and the card, IBAN and Saudi id detectors. Shared by
// muster_content_rules_bench (µs per check) and muster_store_bench --content-rules (throughput).
#pragma once
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "domain/moderation/content_rules.hpp"

namespace muster::bench {

using namespace muster::domain;

// Words nobody types: the message must not match them by accident.
inline std::string made_up_word(std::mt19937& rng, bool arabic) {
  static const std::vector<std::string> kArabicLetters = {"ب", "ت", "ث", "ج", "ح", "خ", "د", "ذ", "ر", "ز", "س",
                                                          "ش", "ص", "ض", "ط", "ظ", "ع", "غ", "ف", "ق", "ك", "ل",
                                                          "م", "ن", "ه", "و", "ي", "ة", "أ", "ى"};
  constexpr std::string_view kConsonants = "bcdfghjklmnpqrstvwxz";
  constexpr std::string_view kVowels = "aeiou";
  const int length = std::uniform_int_distribution<int>(4, 8)(rng);
  std::string word;
  for (int i = 0; i < length; ++i) {
    if (arabic) {
      word += kArabicLetters[rng() % kArabicLetters.size()];
    } else {
      word += i % 2 ? kVowels[rng() % kVowels.size()] : kConsonants[rng() % kConsonants.size()];
    }
  }
  return word;
}

inline std::vector<ContentRule> fifty_rules() {
  std::mt19937 rng(42);
  std::vector<ContentRule> rules;
  auto add = [&](ContentRuleKind kind, ContentRuleAction action) -> ContentRule& {
    const std::string id = "cr_" + std::to_string(rules.size());
    return rules.emplace_back(ContentRule{id, "Rule " + id, kind, action, {}, {}, true});
  };
  for (int r = 0; r < 30; ++r) {
    auto& rule = add(ContentRuleKind::Words, r % 3 ? ContentRuleAction::Block : ContentRuleAction::Flag);
    for (int w = 0; w < 20; ++w) {
      std::string word = made_up_word(rng, w % 2 == 1);
      if (w % 5 == 0) word += " " + made_up_word(rng, w % 2 == 1);  // some phrases
      rule.words.push_back(word);
    }
  }
  add(ContentRuleKind::Words, ContentRuleAction::Flag).words = {"confidential salary", "راتب سري", "leaked memo",
                                                                "تسريب", "insider tip"};
  add(ContentRuleKind::Words, ContentRuleAction::Block).words = {"kill yourself", "اقتل نفسك", "سأقتلك",
                                                                 "i will kill you", "bomb threat"};
  for (const char* pattern : {
           "(?i)password\\s*[:=]", "(?i)\\bbit\\.ly/\\w+", "\\b\\d{3}-\\d{2}-\\d{4}\\b", "(?i)buy\\s+now",
           "(?i)\\b(?:viagra|cialis)\\b", "[A-Z]{6,}", "(?i)wire\\s+transfer\\s+urgent",
           "(?i)api[_-]?key\\s*[:=]\\s*\\w{16,}", "-----BEGIN [A-Z ]*PRIVATE KEY-----", "\\bAKIA[0-9A-Z]{16}\\b",
           "(?i)https?://\\S+\\.(?:exe|scr|bat)\\b", "تحويل\\s+عاجل", "(?i)\\bsecret\\s+project\\s+\\w+",
           "(?:\\+?966|\\b0)5\\d{8}\\b", "(?i)\\b(?:crypto|bitcoin)\\s+(?:giveaway|double)"})
    add(ContentRuleKind::Regex, ContentRuleAction::Block).pattern = pattern;
  add(ContentRuleKind::CardNumber, ContentRuleAction::Block);
  add(ContentRuleKind::Iban, ContentRuleAction::Block);
  add(ContentRuleKind::NationalId, ContentRuleAction::Flag);
  return rules;
}

}  // namespace muster::bench
