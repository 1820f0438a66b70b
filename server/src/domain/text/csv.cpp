#include "domain/text/csv.hpp"

#include <algorithm>
#include <utility>

#include "domain/text/arabic.hpp"

namespace muster::domain {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

bool is_line_break(char c) { return c == '\r' || c == '\n'; }

// Line breaks in `s`; CRLF counts once.
int count_line_breaks(std::string_view s) {
  int breaks = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\n' || (s[i] == '\r' && (i + 1 == s.size() || s[i + 1] != '\n'))) {
      ++breaks;
    }
  }
  return breaks;
}

// Excel in many European (and some Arabic) locales saves with ';', so pick
// whichever separator dominates the first non-empty line. Quotes are read as
// the parser reads them (opening only at a field start), so quoted
// separators are ignored and a stray quote cannot hide the rest of the line.
char detect_delimiter(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size() && is_line_break(text[i])) ++i;
  bool quoted = false, field_start = true;
  int commas = 0, semicolons = 0;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          ++i;  // doubled quote inside a quoted field
        } else {
          quoted = false;
        }
      }
      continue;
    }
    if (is_line_break(c)) break;
    if (c == '"' && field_start) quoted = true;
    if (c == ',') ++commas;
    if (c == ';') ++semicolons;
    field_start = c == ',' || c == ';';
  }
  return semicolons > commas ? ';' : ',';
}

class Parser {
 public:
  explicit Parser(std::string_view text, CsvTable& table)
      : text_(text), table_(table) {
    const char stops[] = {table.delimiter, '\r', '\n'};
    stops_.assign(stops, sizeof stops);
  }

  void run() {
    while (!at_end()) {
      if (is_line_break(text_[pos_])) {
        skip_line_break();  // empty line: skipped, but still counted
        continue;
      }
      if (table_.records.size() == kCsvMaxRecords) {
        add_error(line_, "too many records (limit " +
                             std::to_string(kCsvMaxRecords) + ")");
        return;
      }
      if (!read_record()) return;
    }
  }

 private:
  enum class FieldEnd { kOk, kUnterminated, kJunkAfterQuote };

  bool at_end() const { return pos_ >= text_.size(); }

  void add_error(int line, std::string message) {
    table_.errors.push_back({line, std::move(message)});
  }

  // Consumes one line break at pos_ (CRLF counts as one).
  void skip_line_break() {
    if (text_[pos_] == '\r' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n') {
      ++pos_;
    }
    ++pos_;
    ++line_;
  }

  // Reads one field, leaving pos_ on the delimiter, a line break or the end.
  FieldEnd read_field(std::string& field) {
    if (at_end() || text_[pos_] != '"') {
      // Unquoted: everything up to the next stop, quotes included literally.
      const std::size_t end = std::min(text_.find_first_of(stops_, pos_), text_.size());
      field.assign(text_.substr(pos_, end - pos_));
      pos_ = end;
      return FieldEnd::kOk;
    }
    ++pos_;  // opening quote
    for (;;) {
      if (at_end()) return FieldEnd::kUnterminated;
      const char c = text_[pos_];
      if (c == '"') {
        if (pos_ + 1 < text_.size() && text_[pos_ + 1] == '"') {
          field += '"';
          pos_ += 2;
          continue;
        }
        ++pos_;  // closing quote
        break;
      }
      // Line breaks inside quotes are data, but still advance the line count
      // so later records report the right line.
      if (c == '\n' || (c == '\r' && (pos_ + 1 == text_.size() || text_[pos_ + 1] != '\n'))) {
        ++line_;
      }
      field += c;
      ++pos_;
    }
    if (!at_end() && text_[pos_] != table_.delimiter && !is_line_break(text_[pos_])) {
      return FieldEnd::kJunkAfterQuote;
    }
    return FieldEnd::kOk;
  }

  // Reads the record at pos_ and the line break ending it. A bad record is
  // reported and skipped. Returns false when parsing must stop.
  bool read_record() {
    const int start_line = line_;
    const std::size_t start_pos = pos_;
    CsvRecord record{start_line, {}};
    int problem_line = 0;
    std::string problem;
    for (;;) {
      const int field_line = line_;
      std::string field;
      const FieldEnd end = read_field(field);
      if (end == FieldEnd::kUnterminated) {
        // Everything after it would be misread, so give up on the file.
        add_error(field_line, "unterminated quoted field");
        return false;
      }
      if (end == FieldEnd::kJunkAfterQuote) {
        if (problem.empty()) {
          problem_line = line_;
          problem = "unexpected text after closing quote";
        }
        pos_ = std::min(text_.find_first_of("\r\n", pos_), text_.size());
        break;
      }
      if (!problem.empty()) {
        // Already rejected: keep consuming fields to find the record's end.
      } else if (field.size() > kCsvMaxFieldBytes) {
        problem_line = field_line;
        problem = "field too long (limit " + std::to_string(kCsvMaxFieldBytes) + " bytes)";
      } else if (record.fields.size() == kCsvMaxFields) {
        problem_line = field_line;
        problem = "too many fields (limit " + std::to_string(kCsvMaxFields) + ")";
      } else {
        record.fields.push_back(std::move(field));
      }
      if (at_end() || text_[pos_] != table_.delimiter) break;
      ++pos_;  // delimiter; a trailing one yields an empty last field
    }
    const std::string_view raw = text_.substr(start_pos, pos_ - start_pos);
    if (!at_end()) skip_line_break();

    if (problem.empty()) {
      // Structure bytes are ASCII, so validating the raw record is the same
      // as validating its fields, and it tells us which line is bad.
      if (const std::size_t bad = find_invalid_utf8(raw); bad != std::string_view::npos) {
        problem_line = start_line + count_line_breaks(raw.substr(0, bad));
        problem = "invalid UTF-8";
      }
    }
    if (!problem.empty()) {
      add_error(problem_line, std::move(problem));
    } else {
      table_.records.push_back(std::move(record));
    }
    return true;
  }

  std::string_view text_;
  CsvTable& table_;
  std::string stops_;
  std::size_t pos_ = 0;
  int line_ = 1;
};

// Spreadsheets run a cell starting with = + - @ (or tab/CR tricks) as a
// formula, so exported fields that could be one get a leading apostrophe.
// Prefixing every '+'/'-' would mangle phone numbers ("+966 50 123 4567") and
// negative numbers, so those are only guarded when something besides digits,
// spaces and "-()+" follows: such text holds no function call or cell
// reference, at worst harmless arithmetic.
// Digits (ASCII, Arabic-Indic U+0660-0669 or Extended U+06F0-06F9), spaces and + - ( ):
// a phone number or a plain number, which a spreadsheet shows rather than runs.
bool looks_like_number(std::string_view field) {
  for (size_t i = 0; i < field.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(field[i]);
    if ((c >= '0' && c <= '9') || c == ' ' || c == '-' || c == '(' || c == ')' || c == '+' || c == '.') continue;
    unsigned char next = i + 1 < field.size() ? static_cast<unsigned char>(field[i + 1]) : 0;
    bool arabic_indic = c == 0xD9 && next >= 0xA0 && next <= 0xA9;
    bool extended = c == 0xDB && next >= 0xB0 && next <= 0xB9;
    if (!arabic_indic && !extended) return false;
    ++i;
  }
  return true;
}

bool needs_formula_guard(std::string_view field) {
  if (field.empty()) return false;
  switch (field.front()) {
    case '=': case '@': case '\t': case '\r':
      return true;
    case '+': case '-':
      return !looks_like_number(field);
    default:
      return false;
  }
}

}  // namespace

CsvTable parse_csv(std::string_view text) {
  if (text.substr(0, kBom.size()) == kBom) text.remove_prefix(kBom.size());
  CsvTable table{detect_delimiter(text), {}, {}};
  Parser(text, table).run();
  return table;
}

std::string csv_escape(std::string_view field, char delimiter) {
  std::string value;
  if (needs_formula_guard(field)) value += '\'';
  value += field;
  // Both ',' and ';' are quoted whatever the delimiter, so parse_csv's
  // delimiter detection cannot be fooled by our own output.
  const char specials[] = {delimiter, ',', ';', '"', '\r', '\n'};
  const bool quote =
      value.find_first_of(std::string_view(specials, sizeof specials)) != std::string::npos ||
      (!value.empty() && (value.front() == ' ' || value.back() == ' '));
  if (!quote) return value;
  std::string out = "\"";
  for (const char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string to_csv_line(const std::vector<std::string>& fields, char delimiter) {
  // A lone empty field would be an empty line, which readers skip.
  if (fields.size() == 1 && fields.front().empty()) return "\"\"\r\n";
  std::string line;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) line += delimiter;
    line += csv_escape(fields[i], delimiter);
  }
  line += "\r\n";
  return line;
}

}  // namespace muster::domain
