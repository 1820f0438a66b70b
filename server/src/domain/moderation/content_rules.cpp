#include "domain/moderation/content_rules.hpp"

#include <re2/re2.h>
#include <re2/set.h>

#include <array>
#include <cstdint>

#include "domain/text/arabic.hpp"

namespace muster::domain {
namespace {

// One admin's pattern: enough for any sensible expression, far from what could hurt the server.
constexpr std::int64_t kPatternMaxMem = 1 << 20;
// A word list of 500 long Arabic phrases compiles to ~100k instructions.
constexpr std::int64_t kWordsMaxMem = 16 << 20;
// All rules of one kind together. Past this the set does not compile and each rule runs alone.
constexpr std::int64_t kSetMaxMem = 32 << 20;

// RE2 has no lookbehind, so a word's edges are matched as characters: the text's edge or anything
// that is not a letter, digit or combining mark.
constexpr std::string_view kWordStart = "(?:^|[^\\pL\\pN\\pM])(?:";
constexpr std::string_view kWordEnd = ")(?:$|[^\\pL\\pN\\pM])";

RE2::Options regex_options(std::int64_t max_mem) {
  RE2::Options options;  // UTF-8, case-sensitive
  options.set_log_errors(false);
  options.set_max_mem(max_mem);
  return options;
}

// Folding lower-cases Latin only; RE2 does the same for Greek, Cyrillic and the rest.
RE2::Options words_options(std::int64_t max_mem) {
  RE2::Options options = regex_options(max_mem);
  options.set_case_sensitive(false);
  return options;
}

re2::StringPiece piece(std::string_view text) { return {text.data(), text.size()}; }

std::string_view trim(std::string_view s) {
  constexpr std::string_view kSpace = " \t\n\r\f\v";
  const auto first = s.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(kSpace) - first + 1);
}

Status check_name(std::string_view name) {
  const auto trimmed = trim(name);
  if (trimmed.empty()) return invalid("Name is required.", "name");
  if (utf8_length(trimmed) > kMaxContentRuleNameChars)
    return invalid("Name is longer than " + std::to_string(kMaxContentRuleNameChars) + " characters.", "name");
  return ok_status();
}

// One alternation of the folded, quoted words between word edges, matched against folded text.
Result<std::unique_ptr<RE2>> compile_words(const std::vector<std::string>& words) {
  if (words.empty()) return invalid("Add at least one word.", "words");
  if (words.size() > kMaxContentRuleWords)
    return invalid("A rule can have at most " + std::to_string(kMaxContentRuleWords) + " words.", "words");
  std::string alternatives;
  for (const auto& word : words) {
    const auto trimmed = trim(word);
    if (trimmed.empty()) return invalid("Words cannot be empty.", "words");
    if (utf8_length(trimmed) > kMaxContentRuleWordChars)
      return invalid("\"" + std::string(trimmed) + "\" is longer than " + std::to_string(kMaxContentRuleWordChars) +
                         " characters.", "words");
    // Folding also collapses whitespace to one space, in the words and in the message alike, so
    // the quoted space of a phrase matches any run of whitespace as written.
    const std::string folded = normalize_for_search(trimmed);
    if (folded.empty())
      return invalid("\"" + std::string(trimmed) + "\" is only diacritics or invisible characters.", "words");
    if (!alternatives.empty()) alternatives += '|';
    alternatives += RE2::QuoteMeta(piece(folded));
  }
  auto re = std::make_unique<RE2>(std::string(kWordStart) + alternatives + std::string(kWordEnd),
                                  words_options(kWordsMaxMem));
  if (!re->ok()) return invalid("The word list is too large: " + re->error(), "words");
  return re;
}

Result<std::unique_ptr<RE2>> compile_pattern(const std::string& pattern) {
  if (pattern.empty()) return invalid("Pattern is required.", "pattern").because("field_required");
  if (utf8_length(pattern) > kMaxContentRulePatternChars)
    return invalid("Pattern is longer than " + std::to_string(kMaxContentRulePatternChars) + " characters.", "pattern")
        .because("field_too_long", {{"max", std::to_string(kMaxContentRulePatternChars)}});
  auto re = std::make_unique<RE2>(pattern, regex_options(kPatternMaxMem));
  if (!re->ok())
    return invalid("Pattern is not a valid regular expression: " + re->error(), "pattern")
        .because("pattern_invalid", {{"detail", re->error()}});
  if (re->ProgramSize() > kMaxContentRuleProgramSize)
    return invalid("Pattern is too complex: make repetitions smaller or split it into several rules.", "pattern")
        .because("pattern_too_complex");
  if (RE2::PartialMatch("", *re))
    return invalid("Pattern matches empty text, so it would match every message.", "pattern").because("pattern_matches_empty");
  return re;
}

// The compiled matcher of a rule; null for detectors, which need none.
Result<std::unique_ptr<RE2>> compile_rule(const ContentRule& rule) {
  TRY(check_name(rule.name));
  const bool takes_words = rule.kind == ContentRuleKind::Words;
  const bool takes_pattern = rule.kind == ContentRuleKind::Regex;
  if (!takes_words && !rule.words.empty()) return invalid("This kind of rule takes no words.", "words");
  if (!takes_pattern && !rule.pattern.empty()) return invalid("This kind of rule takes no pattern.", "pattern");
  if (takes_words) return compile_words(rule.words);
  if (takes_pattern) return compile_pattern(rule.pattern);
  return std::unique_ptr<RE2>{};
}

// The detectors scan folded text: Arabic-Indic digits are ASCII there, letters lower-case and
// every run of whitespace one space.
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_alnum(char c) { return is_digit(c) || is_letter(c); }

bool passes_luhn(std::string_view digits) {
  int sum = 0;
  bool doubled = false;
  for (auto it = digits.rbegin(); it != digits.rend(); ++it, doubled = !doubled) {
    int d = *it - '0';
    if (doubled) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 == 0;
}

// Digits written together or in groups joined by single spaces or hyphens. The whole run must hold
// 13-19 digits: a longer number is something else, not a card hidden inside it.
bool has_card_number(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    if (!is_digit(s[i])) {
      ++i;
      continue;
    }
    std::array<char, 19> digits;
    std::size_t count = 0;
    for (;;) {
      if (count < digits.size()) digits[count] = s[i];
      ++count;
      ++i;
      if (i < s.size() && is_digit(s[i])) continue;
      if (i + 1 < s.size() && (s[i] == ' ' || s[i] == '-') && is_digit(s[i + 1])) {
        ++i;
        continue;
      }
      break;
    }
    if (count >= 13 && count <= digits.size() && passes_luhn({digits.data(), count})) return true;
  }
  return false;
}

// The Saudi check digit is Luhn over all 10 digits.
bool has_saudi_national_id(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    if (!is_digit(s[i])) {
      ++i;
      continue;
    }
    const std::size_t start = i;
    while (i < s.size() && is_digit(s[i])) ++i;
    const auto run = s.substr(start, i - start);
    if (run.size() == 10 && (run[0] == '1' || run[0] == '2') && passes_luhn(run)) return true;
  }
  return false;
}

// ISO 13616: the country and check digits moved to the end, letters as 10..35, mod 97 must be 1.
bool passes_mod97(std::string_view iban) {
  int rest = 0;
  auto add = [&rest](char c) {
    if (is_digit(c)) {
      rest = (rest * 10 + (c - '0')) % 97;
    } else {
      rest = (rest * 100 + ((c | 0x20) - 'a' + 10)) % 97;
    }
  };
  for (char c : iban.substr(4)) add(c);
  for (char c : iban.substr(0, 4)) add(c);
  return rest == 1;
}

// Two letters, two check digits, 11-30 letters or digits, optionally in groups of 4 separated by
// single spaces. The length is not known before the check, so every token end is tried: a word
// after the last group must not hide the IBAN before it.
bool has_iban(std::string_view s) {
  for (std::size_t start = 0; start + 4 <= s.size(); ++start) {
    // Most text has no digits: test the check digits first.
    if (!is_digit(s[start + 2]) || !is_digit(s[start + 3]) || !is_letter(s[start]) || !is_letter(s[start + 1]))
      continue;
    if (start > 0 && is_alnum(s[start - 1])) continue;
    std::array<char, 34> chars;
    std::size_t count = 0;
    for (std::size_t i = start;;) {
      if (i < s.size() && is_alnum(s[i])) {
        if (count == chars.size()) break;  // longer than any IBAN
        chars[count++] = s[i++];
        continue;
      }
      if (count >= 15 && passes_mod97({chars.data(), count})) return true;
      const bool group_gap = count % 4 == 0 && i + 1 < s.size() && s[i] == ' ' && is_alnum(s[i + 1]);
      if (!group_gap) break;
      ++i;
    }
  }
  return false;
}

bool detect(ContentRuleKind kind, std::string_view folded) {
  switch (kind) {
    case ContentRuleKind::CardNumber: return has_card_number(folded);
    case ContentRuleKind::Iban: return has_iban(folded);
    case ContentRuleKind::NationalId: return has_saudi_national_id(folded);
    default: return false;
  }
}

}  // namespace

struct ContentRuleSet::Compiled {
  struct Rule {
    std::string id;
    std::string name;
    ContentRuleKind kind;
    ContentRuleAction action;
    std::unique_ptr<RE2> re;  // Words and Regex
  };
  // Rules of one kind matched in a single pass by `set`. Null set (too large to compile together,
  // or no rules): each rule's own RE2 runs instead.
  struct Group {
    std::unique_ptr<RE2::Set> set;
    std::vector<std::size_t> rules;  // the set's pattern index -> index in `rules` above
  };

  std::vector<Rule> rules;
  Group words;    // over the folded text
  Group regexes;  // over the text as written
  bool folds = false;

  static void add(Group& group, std::size_t rule_index, const RE2& re) {
    group.rules.push_back(rule_index);
    if (group.set && group.set->Add(re.pattern(), nullptr) < 0) group.set.reset();
  }

  static void finish(Group& group) {
    if (group.set && (group.rules.empty() || !group.set->Compile())) group.set.reset();
  }

  void match(const Group& group, std::string_view text, std::vector<char>& hit) const {
    if (group.rules.empty()) return;
    if (group.set) {
      std::vector<int> found;
      RE2::Set::ErrorInfo error{RE2::Set::kNoError};
      if (group.set->Match(piece(text), &found, &error) || error.kind == RE2::Set::kNoError) {
        for (int k : found) hit[group.rules[k]] = 1;
        return;
      }
      // The set's DFA ran out of memory on this text: each RE2 alone can fall back to its NFA.
    }
    for (std::size_t index : group.rules)
      if (RE2::PartialMatch(piece(text), *rules[index].re)) hit[index] = 1;
  }
};

std::string_view to_string(ContentRuleKind kind) {
  switch (kind) {
    case ContentRuleKind::Words: return "words";
    case ContentRuleKind::Regex: return "regex";
    case ContentRuleKind::CardNumber: return "card_number";
    case ContentRuleKind::Iban: return "iban";
    case ContentRuleKind::NationalId: return "national_id";
  }
  return "words";
}

std::optional<ContentRuleKind> parse_content_rule_kind(std::string_view text) {
  for (auto kind : {ContentRuleKind::Words, ContentRuleKind::Regex, ContentRuleKind::CardNumber,
                    ContentRuleKind::Iban, ContentRuleKind::NationalId})
    if (to_string(kind) == text) return kind;
  return std::nullopt;
}

std::string_view to_string(ContentRuleAction action) {
  return action == ContentRuleAction::Block ? "block" : "flag";
}

std::optional<ContentRuleAction> parse_content_rule_action(std::string_view text) {
  if (text == "block") return ContentRuleAction::Block;
  if (text == "flag") return ContentRuleAction::Flag;
  return std::nullopt;
}

Status validate_content_rule(const ContentRule& rule) {
  TRY(compile_rule(rule));
  return ok_status();
}

ContentRuleSet::ContentRuleSet(std::unique_ptr<const Compiled> compiled) : compiled_(std::move(compiled)) {}
ContentRuleSet::~ContentRuleSet() = default;

Result<std::shared_ptr<const ContentRuleSet>> ContentRuleSet::compile(const std::vector<ContentRule>& rules) {
  auto compiled = std::make_unique<Compiled>();
  compiled->words.set = std::make_unique<RE2::Set>(words_options(kSetMaxMem), RE2::UNANCHORED);
  compiled->regexes.set = std::make_unique<RE2::Set>(regex_options(kSetMaxMem), RE2::UNANCHORED);
  for (const auto& rule : rules) {
    if (!rule.enabled) continue;
    ASSIGN_OR_RETURN(auto re, compile_rule(rule));
    const std::size_t index = compiled->rules.size();
    if (rule.kind == ContentRuleKind::Words) Compiled::add(compiled->words, index, *re);
    if (rule.kind == ContentRuleKind::Regex) Compiled::add(compiled->regexes, index, *re);
    if (rule.kind != ContentRuleKind::Regex) compiled->folds = true;
    compiled->rules.push_back({rule.id, rule.name, rule.kind, rule.action, std::move(re)});
  }
  Compiled::finish(compiled->words);
  Compiled::finish(compiled->regexes);
  return std::shared_ptr<const ContentRuleSet>(new ContentRuleSet(std::move(compiled)));
}

bool ContentRuleSet::empty() const { return compiled_->rules.empty(); }

std::vector<ContentMatch> ContentRuleSet::check(std::string_view text) const {
  const Compiled& c = *compiled_;
  std::vector<char> hit(c.rules.size(), 0);
  c.match(c.regexes, text, hit);
  if (c.folds) {
    const std::string folded = normalize_for_search(text);  // once, for every rule that needs it
    c.match(c.words, folded, hit);
    std::array<std::optional<bool>, 5> detected;  // by kind: two rules of one kind scan once
    for (std::size_t i = 0; i < c.rules.size(); ++i) {
      const auto kind = c.rules[i].kind;
      if (kind == ContentRuleKind::Words || kind == ContentRuleKind::Regex) continue;
      auto& found = detected[static_cast<std::size_t>(kind)];
      if (!found) found = detect(kind, folded);
      if (*found) hit[i] = 1;
    }
  }
  std::vector<ContentMatch> matches;
  for (std::size_t i = 0; i < c.rules.size(); ++i)
    if (hit[i]) matches.push_back({c.rules[i].id, c.rules[i].name, c.rules[i].action});
  return matches;
}

}  // namespace muster::domain
