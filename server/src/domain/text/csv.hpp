#pragma once

// RFC 4180 CSV reading (spreadsheet imports) and writing (exports).
// Pure functions, standard library only.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace muster::domain {

// Limits protecting the importer from huge or hostile files.
inline constexpr std::size_t kCsvMaxRecords = 100'000;
inline constexpr std::size_t kCsvMaxFields = 1'000;
inline constexpr std::size_t kCsvMaxFieldBytes = 10'000;

struct CsvRecord {
  int line;  // 1-based line where the record starts
  std::vector<std::string> fields;
};

struct CsvError {
  int line;  // 1-based
  std::string message;
};

struct CsvTable {
  char delimiter;
  std::vector<CsvRecord> records;  // records[0] is the header, if any
  std::vector<CsvError> errors;
};

// Parses a whole file. Never throws on bad input: problems are reported in
// `errors` and the offending record is skipped. Parsing stops at an
// unterminated quote or when the record limit is hit.
// - strips a UTF-8 BOM; delimiter ';' if the first line has more semicolons
//   than commas (European Excel), else ','
// - CRLF, LF and lone CR line endings; completely empty lines are skipped
// - a quote inside an unquoted field is kept literally (as spreadsheets do)
CsvTable parse_csv(std::string_view text);

// One field, quoted when needed and guarded against formula injection.
std::string csv_escape(std::string_view field, char delimiter = ',');

// A full record terminated by "\r\n" (RFC 4180).
std::string to_csv_line(const std::vector<std::string>& fields,
                        char delimiter = ',');

}  // namespace muster::domain
