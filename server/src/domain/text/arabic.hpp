#pragma once

// Text folding for search, plus the small UTF-8 helpers it is built on.
// Pure functions, standard library only.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace muster::domain {

// Upper bound on terms per query: keeps the SQL built from them small.
inline constexpr std::size_t kMaxSearchTerms = 8;

// Folds text so spelling variants match: Arabic diacritics/tatweel dropped,
// alef/teh marbuta/alef maqsura/hamza-carrier and Persian letter forms
// unified, Arabic-Indic digits made ASCII, Latin lowercased and unaccented,
// invisible characters dropped, whitespace collapsed and trimmed.
// Punctuation is kept so emails, phones and ids stay searchable.
// The SAME function must be applied to indexed text and to queries.
// Invalid UTF-8 bytes are skipped.
std::string normalize_for_search(std::string_view utf8);

// normalize_for_search(query) split on spaces; at most kMaxSearchTerms terms.
std::vector<std::string> search_terms(std::string_view query);

// Strict UTF-8 (RFC 3629): rejects overlongs, surrogates, > U+10FFFF and
// truncated sequences.
bool is_valid_utf8(std::string_view bytes);

// Byte offset of the first invalid sequence, or std::string_view::npos.
std::size_t find_invalid_utf8(std::string_view bytes);

// Number of code points, for length limits. Each invalid byte counts as one,
// so malformed input cannot slip under a limit.
std::size_t utf8_length(std::string_view utf8);

// Code points of UTF-8 text (an invalid byte becomes U+FFFD), and back.
std::u32string decode_utf8(std::string_view utf8);
std::string encode_utf8(std::u32string_view code_points);

}  // namespace muster::domain
