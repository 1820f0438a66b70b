#include "domain/text/csv.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

namespace muster::domain {
namespace {

using Rows = std::vector<std::vector<std::string>>;

Rows fields_of(const CsvTable& table) {
  Rows rows;
  for (const auto& record : table.records) rows.push_back(record.fields);
  return rows;
}

std::vector<int> lines_of(const CsvTable& table) {
  std::vector<int> lines;
  for (const auto& record : table.records) lines.push_back(record.line);
  return lines;
}

std::vector<int> error_lines(const CsvTable& table) {
  std::vector<int> lines;
  for (const auto& error : table.errors) lines.push_back(error.line);
  return lines;
}

TEST(ParseCsv, Structure) {
  struct Case {
    std::string_view input;
    Rows expected;
  };
  const std::vector<Case> cases = {
      {"name,email\nAhmed,a@x.com\n", {{"name", "email"}, {"Ahmed", "a@x.com"}}},
      {"a,b,c", {{"a", "b", "c"}}},  // final line without newline
      {"a,b,\n", {{"a", "b", ""}}},  // trailing delimiter
      {",\n", {{"", ""}}},
      {"\"a,b\",c\n", {{"a,b", "c"}}},
      {"\"say \"\"hi\"\"\",x", {{"say \"hi\"", "x"}}},
      {"\"\",x", {{"", "x"}}},
      {"\"\"", {{""}}},
      {"a\"b,c\"", {{"a\"b", "c\""}}},  // stray quotes kept literally
      {" \"a\" ,b", {{" \"a\" ", "b"}}},  // not at field start: literal
      {" a , b ", {{" a ", " b "}}},      // spaces are data
      {"a,b\r\nc,d\r\n", {{"a", "b"}, {"c", "d"}}},
      {"a,b\rc,d\r", {{"a", "b"}, {"c", "d"}}},
      {"a\nb\r\nc\rd", {{"a"}, {"b"}, {"c"}, {"d"}}},
      {"\"multi\nline\",x\ny,z", {{"multi\nline", "x"}, {"y", "z"}}},
      {"\"cr\r\nlf\",\"lone\rcr\"", {{"cr\r\nlf", "lone\rcr"}}},
      {"\"a\"\r\n", {{"a"}}},
      {"أحمد,علي\nمدرسة,١٢", {{"أحمد", "علي"}, {"مدرسة", "١٢"}}},
      {"", {}},
      {"\n\r\n\r", {}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(testing::PrintToString(std::string(c.input)));
    const CsvTable table = parse_csv(c.input);
    EXPECT_EQ(fields_of(table), c.expected);
    EXPECT_TRUE(table.errors.empty());
    EXPECT_EQ(table.delimiter, ',');
  }
}

TEST(ParseCsv, LineNumbersAccountForEmbeddedNewlinesAndEmptyLines) {
  const CsvTable lf = parse_csv("h1,h2\n\"a\nb\nc\",x\n\nlast,1\n");
  EXPECT_EQ(fields_of(lf), (Rows{{"h1", "h2"}, {"a\nb\nc", "x"}, {"last", "1"}}));
  EXPECT_EQ(lines_of(lf), (std::vector<int>{1, 2, 6}));

  const CsvTable crlf = parse_csv("h1,h2\r\n\"a\r\nb\r\nc\",x\r\n\r\nlast,1\r\n");
  EXPECT_EQ(lines_of(crlf), (std::vector<int>{1, 2, 6}));

  const CsvTable cr = parse_csv("h\r\"a\rb\"\r\rz");
  EXPECT_EQ(lines_of(cr), (std::vector<int>{1, 2, 5}));
}

TEST(ParseCsv, SkipsEmptyLinesButCountsThem) {
  const CsvTable table = parse_csv("\n\na,b\n\n\nc,d\n\n");
  EXPECT_EQ(fields_of(table), (Rows{{"a", "b"}, {"c", "d"}}));
  EXPECT_EQ(lines_of(table), (std::vector<int>{3, 6}));
  EXPECT_TRUE(table.errors.empty());
}

TEST(ParseCsv, StripsBom) {
  const CsvTable table = parse_csv("\xEF\xBB\xBFname,email\r\nAhmed,a@x.com\r\n");
  EXPECT_EQ(fields_of(table), (Rows{{"name", "email"}, {"Ahmed", "a@x.com"}}));
  EXPECT_TRUE(parse_csv("\xEF\xBB\xBF").records.empty());
}

TEST(ParseCsv, DetectsDelimiter) {
  const std::vector<std::pair<std::string_view, char>> cases = {
      {"a,b,c\n", ','},
      {"a;b;c\n", ';'},
      {"a,b;c;d\n", ';'},
      {"a;b,c\n", ','},               // tie -> comma
      {"\"x;y;z\",a\n", ','},         // quoted separators ignored
      {"\"x,y\";a;b\n", ';'},
      {"\"a\"\",b\";c;d\n", ';'},     // doubled quote inside quotes
      {"a\"b\n,\";x\n", ','},          // mid-field quote opens nothing
      {"\n\nx;y\n", ';'},             // first non-empty line
      {"one\na;b;c\n", ','},          // only the first line decides
      {"\xEF\xBB\xBFname;phone\n", ';'},
      {"", ','},
  };
  for (const auto& [input, delimiter] : cases) {
    EXPECT_EQ(parse_csv(input).delimiter, delimiter)
        << testing::PrintToString(std::string(input));
  }
}

TEST(ParseCsv, SemicolonFile) {
  const CsvTable table =
      parse_csv("name;phone;note\r\nأحمد;+966 50;\"a;b, c\"\r\nSara;;x,y\r\n");
  EXPECT_EQ(table.delimiter, ';');
  EXPECT_EQ(fields_of(table), (Rows{{"name", "phone", "note"},
                                    {"أحمد", "+966 50", "a;b, c"},
                                    {"Sara", "", "x,y"}}));
  EXPECT_TRUE(table.errors.empty());
}

TEST(ParseCsv, UnterminatedQuoteStopsParsing) {
  const CsvTable table = parse_csv("a,b\nc,\"open\nmore\nd,e\n");
  EXPECT_EQ(fields_of(table), (Rows{{"a", "b"}}));
  ASSERT_EQ(table.errors.size(), 1u);
  EXPECT_EQ(table.errors[0].line, 2);
  EXPECT_FALSE(table.errors[0].message.empty());

  // The line reported is where the quoted field starts, not the record.
  const CsvTable later = parse_csv("x\n\"a\nb\",\"c\n");
  EXPECT_EQ(error_lines(later), (std::vector<int>{3}));
}

TEST(ParseCsv, TextAfterClosingQuoteSkipsRecord) {
  const CsvTable table = parse_csv("a,b\n\"x\"y,c\nd,e\n");
  EXPECT_EQ(fields_of(table), (Rows{{"a", "b"}, {"d", "e"}}));
  EXPECT_EQ(lines_of(table), (std::vector<int>{1, 3}));
  EXPECT_EQ(error_lines(table), (std::vector<int>{2}));

  // After a multi-line field the error names the line holding the junk.
  const CsvTable multi = parse_csv("\"x\ny\"z,1\nok\n");
  EXPECT_EQ(fields_of(multi), (Rows{{"ok"}}));
  EXPECT_EQ(lines_of(multi), (std::vector<int>{3}));
  EXPECT_EQ(error_lines(multi), (std::vector<int>{2}));

  const CsvTable last = parse_csv("a\n\"b\" ");
  EXPECT_EQ(fields_of(last), (Rows{{"a"}}));
  EXPECT_EQ(error_lines(last), (std::vector<int>{2}));
}

TEST(ParseCsv, InvalidUtf8SkipsRecord) {
  const CsvTable table = parse_csv("a,b\nbad\xFF,c\nd,e\n");
  EXPECT_EQ(fields_of(table), (Rows{{"a", "b"}, {"d", "e"}}));
  EXPECT_EQ(error_lines(table), (std::vector<int>{2}));

  // Reported on the physical line that holds the bad byte.
  const CsvTable multi = parse_csv("h\n\"x\n\xC0\x80\",1\nok\n");
  EXPECT_EQ(fields_of(multi), (Rows{{"h"}, {"ok"}}));
  EXPECT_EQ(lines_of(multi), (std::vector<int>{1, 4}));
  EXPECT_EQ(error_lines(multi), (std::vector<int>{3}));
}

TEST(ParseCsv, FieldSizeLimit) {
  const std::string ok(kCsvMaxFieldBytes, 'x');
  const std::string big(kCsvMaxFieldBytes + 1, 'x');
  const CsvTable table = parse_csv("a,b\n" + big + ",1\n\"" + big + "\"\n" + ok + ",2\n");
  EXPECT_EQ(lines_of(table), (std::vector<int>{1, 4}));
  EXPECT_EQ(table.records.back().fields, (std::vector<std::string>{ok, "2"}));
  EXPECT_EQ(error_lines(table), (std::vector<int>{2, 3}));
}

TEST(ParseCsv, FieldCountLimit) {
  const std::string ok(kCsvMaxFields - 1, ',');  // kCsvMaxFields empty fields
  const std::string many(kCsvMaxFields, ',');
  const CsvTable table = parse_csv(ok + "\n" + many + "\nx\n");
  ASSERT_EQ(table.records.size(), 2u);
  EXPECT_EQ(table.records[0].fields.size(), kCsvMaxFields);
  EXPECT_EQ(table.records[1].fields, (std::vector<std::string>{"x"}));
  EXPECT_EQ(error_lines(table), (std::vector<int>{2}));
}

TEST(ParseCsv, RecordCountLimitStops) {
  std::string text;
  for (std::size_t i = 0; i < kCsvMaxRecords + 5; ++i) text += "r\n";
  const CsvTable table = parse_csv(text);
  EXPECT_EQ(table.records.size(), kCsvMaxRecords);
  EXPECT_EQ(error_lines(table), (std::vector<int>{static_cast<int>(kCsvMaxRecords) + 1}));
}

TEST(CsvEscape, QuotesWhenNeeded) {
  const std::vector<std::pair<std::string_view, std::string_view>> cases = {
      {"plain", "plain"},
      {"", ""},
      {"أحمد علي", "أحمد علي"},
      {"a,b", "\"a,b\""},
      {"a;b", "\"a;b\""},  // quoted even for ',' files: keeps detection safe
      {"say \"hi\"", "\"say \"\"hi\"\"\""},
      {"line\nbreak", "\"line\nbreak\""},
      {"cr\rhere", "\"cr\rhere\""},
      {" lead", "\" lead\""},
      {"trail ", "\"trail \""},
      {"in side", "in side"},
  };
  for (const auto& [field, expected] : cases) {
    EXPECT_EQ(csv_escape(field), expected) << field;
  }
  EXPECT_EQ(csv_escape("a;b", ';'), "\"a;b\"");
  EXPECT_EQ(csv_escape("x", ';'), "x");
}

TEST(CsvEscape, FormulaInjection) {
  const std::vector<std::pair<std::string_view, std::string_view>> cases = {
      {"=SUM(A1)", "'=SUM(A1)"},
      {"=1+1", "'=1+1"},
      {"@cmd", "'@cmd"},
      {"+SUM(A1)", "'+SUM(A1)"},
      {"-1+cmd|' /C calc'!A0", "'-1+cmd|' /C calc'!A0"},
      {"-A1", "'-A1"},
      {"\tx", "'\tx"},
      {"\rx", "\"'\rx\""},
      {"=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""},
      // Legitimate phone numbers and numbers stay untouched.
      {"+966 50 123 4567", "+966 50 123 4567"},
      {"+1 (555) 123-4567", "+1 (555) 123-4567"},
      {"-5", "-5"},
      {"-", "-"},
      {"+", "+"},
      {"0500000000", "0500000000"},
      // Only the first character matters.
      {"a=b", "a=b"},
      {"user@example.com", "user@example.com"},
  };
  for (const auto& [field, expected] : cases) {
    EXPECT_EQ(csv_escape(field), expected) << field;
  }
}

TEST(ToCsvLine, Basics) {
  EXPECT_EQ(to_csv_line({"a", "b"}), "a,b\r\n");
  EXPECT_EQ(to_csv_line({"a", "b"}, ';'), "a;b\r\n");
  EXPECT_EQ(to_csv_line({"a,1", "=x", ""}), "\"a,1\",'=x,\r\n");
  EXPECT_EQ(to_csv_line({}), "\r\n");
  EXPECT_EQ(to_csv_line({""}), "\"\"\r\n");  // not an empty (skipped) line
}

TEST(ToCsvLine, RoundTripsThroughParser) {
  const Rows rows = {
      {"name", "phone", "note", "empty"},
      {"أحمد علي", "+966 50 123 4567", "said \"hi\", then left", ""},
      {"multi\nline", "crlf\r\ninside", " padded ", "semi;colon"},
      {""},
      {"", ""},
      {"trailing", ""},
      {"Émile", "-5", "a\"b", "x"},
  };
  for (const char delimiter : {',', ';'}) {
    std::string text = "\xEF\xBB\xBF";  // as exports for Excel are written
    for (const auto& row : rows) text += to_csv_line(row, delimiter);
    const CsvTable table = parse_csv(text);
    EXPECT_EQ(table.delimiter, delimiter);
    EXPECT_EQ(fields_of(table), rows) << delimiter;
    EXPECT_TRUE(table.errors.empty());
  }
}

}  // namespace
}  // namespace muster::domain
