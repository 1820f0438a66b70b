// Latin spellings of Arabic names vary: Ahmad / Ahmed, Mohamed / Mohammed / Muhammad, Abdulla /
// Abdullah, Hussein / Hussain. A spelling key folds a word so such variants meet: doubled letters
// are one, a run of vowels becomes "a" (a, e, i) or "u" (o, u: Mohamed and Muhammad keep their
// back vowel, so Hussein and Hassan stay apart), and a final "h" after a vowel goes in longer
// words. The directory indexes each Latin name word's key beside the word, and a query term
// matches either; keys work on prefixes too, so a search as people type still finds them.
#pragma once
#include <string>
#include <string_view>

namespace muster::domain {

// The key of one normalized (lower-case) word; the word itself when it is not all Latin letters.
std::string spelling_key(std::string_view word);

// The space-separated keys of the Latin words in normalized text that differ from the words
// themselves ("" when none): what is appended to a name's search text.
std::string spelling_keys(std::string_view normalized);

}  // namespace muster::domain
