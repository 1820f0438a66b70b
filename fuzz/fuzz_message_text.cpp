// Message text as the server reads it: the Markdown mention syntax "@[Name](p_id)" and "@all"
// (the rest of the Markdown subset renders only in the browser, web/src/features/chat/markdown.ts,
// fuzzed by web/src/features/chat/markdown.fuzz.test.ts), the text the search index keeps, and
// its folding for search.
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>

#include "domain/conversation.hpp"
#include "domain/text/arabic.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  if (!muster::domain::validate_message_text(text).ok()) return 0;  // what a send refuses
  auto mentions = muster::domain::parse_mentions(text);
  std::set<std::string> unique(mentions.people.begin(), mentions.people.end());
  if (unique.size() != mentions.people.size()) __builtin_trap();  // each person once
  for (const auto& id : mentions.people)
    if (id.empty() || text.find(id) == std::string::npos) __builtin_trap();
  std::string searchable = muster::domain::searchable_text(text);
  std::string folded = muster::domain::normalize_for_search(searchable);
  if (!muster::domain::is_valid_utf8(folded)) __builtin_trap();
  // Folding is idempotent: the index and a query folded twice agree.
  if (muster::domain::normalize_for_search(folded) != folded) __builtin_trap();
  return 0;
}
