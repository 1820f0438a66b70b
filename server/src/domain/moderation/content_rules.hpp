// Admin-defined content rules that every message is checked against before it is stored: word
// lists, regular expressions and detectors for sensitive numbers. A rule either blocks the message
// (the author is told the rule's name) or flags it for the moderation queue.
//
// Patterns are written by admins, so none of them may stall a sending thread: regular expressions
// are RE2 (time linear in the text, no backreferences or lookaround) with a bounded program size,
// and the detectors are linear scans.
#pragma once
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace muster::domain {

enum class ContentRuleKind {
  Words,       // any of a list of words or phrases, Arabic- and case-insensitive, whole words only
  Regex,       // an RE2 pattern over the text as written
  CardNumber,  // 13-19 digits, optionally grouped by single spaces or hyphens, passing Luhn
  Iban,        // ISO 13616, optionally in groups of 4, passing the mod-97 check
  NationalId,  // Saudi national id / iqama (10 digits, 1 or 2 first, check digit). Other countries'
               // formats are meant to be added as detector kinds of their own.
};
enum class ContentRuleAction { Block, Flag };

std::string_view to_string(ContentRuleKind kind);  // "words", "regex", "card_number", "iban", "national_id"
std::optional<ContentRuleKind> parse_content_rule_kind(std::string_view text);
std::string_view to_string(ContentRuleAction action);  // "block", "flag"
std::optional<ContentRuleAction> parse_content_rule_action(std::string_view text);

inline constexpr std::size_t kMaxContentRuleNameChars = 80;
inline constexpr std::size_t kMaxContentRuleWords = 500;
inline constexpr std::size_t kMaxContentRuleWordChars = 100;
inline constexpr std::size_t kMaxContentRulePatternChars = 500;
// RE2 instructions: refuses patterns like a{1000}{1000} whose text is short but whose program is not.
inline constexpr int kMaxContentRuleProgramSize = 5000;

struct ContentRule {
  std::string id;    // opaque, set by the caller (e.g. "cr_...")
  std::string name;  // shown to admins and, for block, in the author's error message
  ContentRuleKind kind = ContentRuleKind::Words;
  ContentRuleAction action = ContentRuleAction::Block;
  std::vector<std::string> words;  // Words: each a word or phrase
  std::string pattern;             // Regex: RE2 syntax
  bool enabled = true;
};

// Checks a rule before it is saved. Errors name the field at fault: "name", "words" or "pattern"
// (with RE2's own error text). A pattern that matches empty text is refused: it would match every
// message. Detector kinds take neither words nor a pattern.
Status validate_content_rule(const ContentRule& rule);

struct ContentMatch {
  std::string rule_id;
  std::string rule_name;
  ContentRuleAction action;
};

// The enabled rules compiled once, whenever rules change, and then shared read-only by every
// sending thread (matching with RE2 is thread-safe).
//
// Words rules and detectors see the text folded by normalize_for_search (domain/text/arabic.hpp),
// so Arabic spelling variants, Arabic-Indic digits and Latin case do not matter and any run of
// whitespace separates a phrase's words; a word matches only where letters, digits and marks do
// not continue it on either side. Regex rules see the text as written and are case-sensitive
// unless the pattern says (?i).
class ContentRuleSet {
 public:
  // Disabled rules are skipped; an enabled rule that fails validate_content_rule is an error.
  static Result<std::shared_ptr<const ContentRuleSet>> compile(const std::vector<ContentRule>& rules);

  // Every rule the text matches, each once, in the order the rules were given. Empty: no match.
  std::vector<ContentMatch> check(std::string_view text) const;
  bool empty() const;

  ~ContentRuleSet();

 private:
  struct Compiled;  // the RE2 objects, kept out of this header
  explicit ContentRuleSet(std::unique_ptr<const Compiled> compiled);
  std::unique_ptr<const Compiled> compiled_;
};

}  // namespace muster::domain
