#include "domain/text/arabic.hpp"

namespace muster::domain {
namespace {

// Decodes the code point starting at `i` and advances past it. On an invalid
// sequence only one byte is consumed, so decoding resynchronises on the next
// byte instead of swallowing valid text that follows.
bool decode(std::string_view s, std::size_t& i, char32_t& cp) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) {
    cp = b0;
    ++i;
    return true;
  }
  // The allowed range of the second byte is what rules out overlongs
  // (E0, F0), surrogates (ED) and values above U+10FFFF (F4).
  std::size_t len = 0;
  unsigned char lo = 0x80, hi = 0xBF;
  if (b0 >= 0xC2 && b0 <= 0xDF) {  // C0/C1 would only encode overlongs
    len = 2;
    cp = b0 & 0x1Fu;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    len = 3;
    cp = b0 & 0x0Fu;
    if (b0 == 0xE0) lo = 0xA0;
    if (b0 == 0xED) hi = 0x9F;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    len = 4;
    cp = b0 & 0x07u;
    if (b0 == 0xF0) lo = 0x90;
    if (b0 == 0xF4) hi = 0x8F;
  } else {
    ++i;
    return false;
  }
  if (len > s.size() - i) {
    ++i;
    return false;
  }
  for (std::size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if (b < (k == 1 ? lo : 0x80) || b > (k == 1 ? hi : 0xBF)) {
      ++i;
      return false;
    }
    cp = (cp << 6) | (b & 0x3Fu);
  }
  i += len;
  return true;
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

bool is_space(char32_t c) {
  return c == ' ' || (c >= 0x09 && c <= 0x0D) || c == 0x85 || c == 0xA0 ||
         c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 ||
         c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

// Invisible characters (zero-width, bidi controls, BOM, other controls) make
// visually identical strings compare different, so they are dropped.
// Checked after is_space, so tabs and newlines still count as spaces.
bool is_ignorable(char32_t c) {
  return (c >= 0x200B && c <= 0x200F) || c == 0xFEFF ||
         (c >= 0x2066 && c <= 0x2069) || (c >= 0x202A && c <= 0x202E) ||
         c == 0x2060 || c == 0x061C || c < 0x20 || (c >= 0x7F && c <= 0x9F);
}

// Base letters for U+00C0..U+00FF. '*' = multi-letter fold (see below),
// '-' = not a letter (multiplication / division signs).
constexpr std::string_view kLatin1 =
    "aaaaaa*ceeeeiiiidnooooo-ouuuuy**"
    "aaaaaa*ceeeeiiiidnooooo-ouuuuy*y";
static_assert(kLatin1.size() == 0x40);

// Base letters for U+0100..U+017F (Latin Extended-A), in code point order.
constexpr std::string_view kLatinExtA =
    "aaaaaa" "cccccccc" "dddd" "eeeeeeeeee" "gggggggg" "hhhh" "iiiiiiiiii"
    "**" "jj" "kkk" "llllllllll" "nnnnnnnnn" "oooooo" "**" "rrrrrr"
    "ssssssss" "tttttt" "uuuuuuuuuuuu" "ww" "yyy" "zzzzzz" "s";
static_assert(kLatinExtA.size() == 0x80);

// Lowercase unaccented form of a Latin-1 / Latin Extended-A letter, or empty
// when `c` is not one (or is not a letter).
std::string_view fold_latin(char32_t c) {
  switch (c) {
    case 0xC6: case 0xE6: return "ae";
    case 0xDE: case 0xFE: return "th";
    case 0xDF: return "ss";
    case 0x132: case 0x133: return "ij";
    case 0x152: case 0x153: return "oe";
    default: break;
  }
  std::string_view letter;
  if (c >= 0xC0 && c <= 0xFF) letter = kLatin1.substr(c - 0xC0, 1);
  if (c >= 0x100 && c <= 0x17F) letter = kLatinExtA.substr(c - 0x100, 1);
  return letter == "-" ? std::string_view{} : letter;
}

// Harakat, superscript alef, Quranic annotation marks and tatweel: they change
// how a word is written, not which word it is.
bool is_arabic_mark(char32_t c) {
  return (c >= 0x064B && c <= 0x065F) || c == 0x0670 ||
         (c >= 0x06D6 && c <= 0x06ED) || c == 0x0640;
}

// People type these letters interchangeably (or keyboards differ), so each
// group folds to one form. Returns 0 for letters that are dropped.
char32_t fold_arabic(char32_t c) {
  switch (c) {
    case 0x0622: case 0x0623: case 0x0625: case 0x0671: return 0x0627;  // alef
    case 0x0629: return 0x0647;                                    // teh marbuta -> heh
    case 0x0649: case 0x0626: case 0x06CC: return 0x064A;          // -> yeh
    case 0x0624: return 0x0648;                                    // -> waw
    case 0x06A9: return 0x0643;                                    // keheh -> kaf
    case 0x0621: return 0;                                         // standalone hamza
    default: break;
  }
  if (c >= 0x0660 && c <= 0x0669) return U'0' + (c - 0x0660);
  if (c >= 0x06F0 && c <= 0x06F9) return U'0' + (c - 0x06F0);
  return c;
}

// Appends the folded form of one (non-space, non-ignorable) code point;
// appends nothing when the character is dropped.
void append_folded(std::string& out, char32_t c) {
  if (c < 0x80) {
    const char ch = static_cast<char>(c);
    out += (ch >= 'A' && ch <= 'Z') ? static_cast<char>(ch - 'A' + 'a') : ch;
    return;
  }
  if (const auto latin = fold_latin(c); !latin.empty()) {
    out += latin;
    return;
  }
  if (is_arabic_mark(c)) return;
  if (const char32_t f = fold_arabic(c); f != 0) append_utf8(out, f);
}

}  // namespace

std::string normalize_for_search(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  // A space is only emitted once a visible character follows it, which both
  // collapses runs and trims the ends.
  bool pending_space = false;
  for (std::size_t i = 0; i < utf8.size();) {
    // Printable ASCII, most of most messages, is never dropped: skip decoding and the tables.
    if (const char ch = utf8[i]; ch > ' ' && ch < 0x7F) {
      if (pending_space) out += ' ';
      pending_space = false;
      out += (ch >= 'A' && ch <= 'Z') ? static_cast<char>(ch - 'A' + 'a') : ch;
      ++i;
      continue;
    }
    char32_t c = 0;
    if (!decode(utf8, i, c)) continue;
    if (is_space(c)) {
      pending_space = !out.empty();
      continue;
    }
    if (is_ignorable(c)) continue;
    const std::size_t mark = out.size();
    if (pending_space) out += ' ';
    append_folded(out, c);
    if (out.size() == mark + (pending_space ? 1 : 0)) {
      out.resize(mark);  // dropped character: keep the space pending
    } else {
      pending_space = false;
    }
  }
  return out;
}

std::vector<std::string> search_terms(std::string_view query) {
  const std::string normalized = normalize_for_search(query);
  std::vector<std::string> terms;
  std::string_view rest = normalized;
  while (!rest.empty() && terms.size() < kMaxSearchTerms) {
    const std::size_t space = rest.find(' ');
    const std::string_view term = rest.substr(0, space);
    if (!term.empty()) terms.emplace_back(term);
    if (space == std::string_view::npos) break;
    rest.remove_prefix(space + 1);
  }
  return terms;
}

std::size_t find_invalid_utf8(std::string_view bytes) {
  for (std::size_t i = 0; i < bytes.size();) {
    const std::size_t start = i;
    char32_t c = 0;
    if (!decode(bytes, i, c)) return start;
  }
  return std::string_view::npos;
}

bool is_valid_utf8(std::string_view bytes) {
  return find_invalid_utf8(bytes) == std::string_view::npos;
}

std::size_t utf8_length(std::string_view utf8) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < utf8.size(); ++count) {
    char32_t c = 0;
    decode(utf8, i, c);  // an invalid byte advances by one and still counts
  }
  return count;
}

std::u32string decode_utf8(std::string_view utf8) {
  std::u32string out;
  for (std::size_t i = 0; i < utf8.size();) {
    char32_t cp = 0;
    out.push_back(decode(utf8, i, cp) ? cp : U'\uFFFD');
  }
  return out;
}

std::string encode_utf8(std::u32string_view code_points) {
  std::string out;
  for (char32_t cp : code_points) append_utf8(out, cp);
  return out;
}

}  // namespace muster::domain
