#include "domain/text/latin_spelling.hpp"

#include <algorithm>

namespace muster::domain {

namespace {
bool is_latin_letter(char c) { return c >= 'a' && c <= 'z'; }
bool is_vowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }
}  // namespace

std::string spelling_key(std::string_view word) {
  if (word.empty() || !std::all_of(word.begin(), word.end(), is_latin_letter)) return std::string(word);
  std::string key;
  for (size_t i = 0; i < word.size();) {
    if (is_vowel(word[i])) {
      bool back = false;
      for (; i < word.size() && is_vowel(word[i]); ++i) back = back || word[i] == 'o' || word[i] == 'u';
      key += back ? 'u' : 'a';
      continue;
    }
    if (key.empty() || key.back() != word[i]) key += word[i];  // "mm" -> "m"
    ++i;
  }
  // "Abdullah" and "Abdulla": a final h after a vowel is silent. Short words keep it: "Moh" is
  // a prefix being typed, not a name.
  if (word.size() >= 6 && key.size() >= 2 && key.back() == 'h' && is_vowel(word[word.size() - 2])) key.pop_back();
  return key;
}

std::string spelling_keys(std::string_view normalized) {
  std::string out;
  size_t start = 0;
  while (start <= normalized.size()) {
    size_t end = normalized.find(' ', start);
    if (end == std::string_view::npos) end = normalized.size();
    auto word = normalized.substr(start, end - start);
    if (word.size() >= 3) {
      auto key = spelling_key(word);
      if (key != word && key.size() >= 3) out += (out.empty() ? "" : " ") + key;
    }
    start = end + 1;
  }
  return out;
}

}  // namespace muster::domain
