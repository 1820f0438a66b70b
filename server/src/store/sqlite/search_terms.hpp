// Turning a user's search term into SQL values safely: both searches (directory, messages) bind
// these, never splice them.
#pragma once
#include <string>

namespace muster::store::sqlite {

// A LIKE pattern that finds `term` anywhere, with its wildcards escaped (use with ESCAPE '\'),
// so a search for "50%" or "_" means that text.
std::string like_pattern(const std::string& term);

// An FTS5 string literal: the whole term as one phrase, quotes doubled.
std::string fts_phrase(const std::string& term);

}  // namespace muster::store::sqlite
