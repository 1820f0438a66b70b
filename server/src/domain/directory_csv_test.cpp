#include "domain/directory_csv.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "domain/text/csv.hpp"

namespace muster::domain {
namespace {

std::string errors_of(const ParsedImport& parsed) {
  std::string out;
  for (const auto& e : parsed.errors) out += std::to_string(e.line) + " [" + e.field + "] " + e.message + "\n";
  return out;
}

TEST(DirectoryCsv, ReadsRowsIntoPatches) {
  auto parsed = parse_directory_csv(
      "employee_id,name,name_latin,job_title,department,location,phone,email,company\n"
      "E-1,أحمد علي,Ahmed Ali,Engineer,IT,Riyadh,+966 50 123 4567,ahmed@example.com,\n"
      "E-2, سارة ,Sara,,Finance,Jeddah,,sara@example.com,\n");
  ASSERT_TRUE(parsed.errors.empty()) << errors_of(parsed);
  ASSERT_EQ(parsed.rows.size(), 2u);
  const auto& first = parsed.rows[0];
  EXPECT_EQ(first.line, 2);
  EXPECT_EQ(first.patch.text.at("employee_id"), "E-1");
  EXPECT_EQ(first.patch.text.at("name"), "أحمد علي");
  EXPECT_EQ(first.patch.text.at("phone"), "+966 50 123 4567");
  EXPECT_EQ(first.patch.text.at("company"), "");
  EXPECT_FALSE(first.has_manager_column);
  EXPECT_FALSE(first.patch.tags.has_value()) << "no tags column: tags untouched";
  EXPECT_FALSE(first.patch.active.has_value()) << "no status column: status untouched";
  EXPECT_FALSE(first.patch.custom.has_value());
  EXPECT_EQ(parsed.rows[1].line, 3);
  EXPECT_EQ(parsed.rows[1].patch.text.at("name"), "سارة") << "cells are trimmed";
  EXPECT_EQ(parsed.rows[1].patch.text.at("job_title"), "");
}

TEST(DirectoryCsv, HeaderIsCaseInsensitiveAndTrimmed) {
  auto parsed = parse_directory_csv(" Name ,EMAIL,Job_Title\nAhmed,a@example.com,Boss\n");
  ASSERT_TRUE(parsed.errors.empty()) << errors_of(parsed);
  ASSERT_EQ(parsed.rows.size(), 1u);
  EXPECT_EQ(parsed.rows[0].patch.text.at("name"), "Ahmed");
  EXPECT_EQ(parsed.rows[0].patch.text.at("email"), "a@example.com");
  EXPECT_EQ(parsed.rows[0].patch.text.at("job_title"), "Boss");
}

TEST(DirectoryCsv, HeaderProblems) {
  struct Case {
    std::string name;
    std::string csv;
    std::string field;       // of the expected error
    std::string in_message;  // substring of the expected error
  };
  const std::vector<Case> cases = {
      {"unknown column", "name,email,nickname\nA,a@example.com,x\n", "nickname", "nickname"},
      {"bare custom prefix", "name,email,custom.\nA,a@example.com,x\n", "custom.", "Unknown column"},
      {"duplicate column", "name,email,Email\nA,a@example.com,b@example.com\n", "email", "twice"},
      {"missing name", "employee_id,email\nE1,a@example.com\n", "name", "name"},
      {"no way to match people", "name,phone\nA,0501234567\n", "", "employee_id"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto parsed = parse_directory_csv(c.csv);
    EXPECT_TRUE(parsed.rows.empty()) << "no rows are read when the header is wrong";
    ASSERT_EQ(parsed.errors.size(), 1u) << errors_of(parsed);
    EXPECT_EQ(parsed.errors[0].line, 1);
    EXPECT_EQ(parsed.errors[0].field, c.field);
    EXPECT_NE(parsed.errors[0].message.find(c.in_message), std::string::npos) << parsed.errors[0].message;
  }
}

TEST(DirectoryCsv, EitherEmployeeIdOrEmailIsEnough) {
  EXPECT_TRUE(parse_directory_csv("name,employee_id\nA,E1\n").errors.empty());
  EXPECT_TRUE(parse_directory_csv("name,email\nA,a@example.com\n").errors.empty());
}

TEST(DirectoryCsv, EmptyFile) {
  for (std::string text : {"", "\xEF\xBB\xBF", "\n\n"}) {
    auto parsed = parse_directory_csv(text);
    EXPECT_TRUE(parsed.rows.empty());
    ASSERT_EQ(parsed.errors.size(), 1u);
    EXPECT_EQ(parsed.errors[0].line, 1);
  }
}

TEST(DirectoryCsv, HeaderOnlyHasNoRows) {
  auto parsed = parse_directory_csv("name,email\n");
  EXPECT_TRUE(parsed.errors.empty()) << errors_of(parsed);
  EXPECT_TRUE(parsed.rows.empty());
}

TEST(DirectoryCsv, SemicolonFileWithBomFromExcel) {
  auto parsed = parse_directory_csv(
      "\xEF\xBB\xBFname;email;department\r\n"
      "أحمد;ahmed@example.com;\"R&D; Labs\"\r\n"
      "Sara;sara@example.com;Finance, Jeddah\r\n");
  ASSERT_TRUE(parsed.errors.empty()) << errors_of(parsed);
  ASSERT_EQ(parsed.rows.size(), 2u);
  EXPECT_EQ(parsed.rows[0].patch.text.at("name"), "أحمد") << "the BOM is not part of the first column name";
  EXPECT_EQ(parsed.rows[0].patch.text.at("department"), "R&D; Labs");
  EXPECT_EQ(parsed.rows[1].patch.text.at("department"), "Finance, Jeddah");
}

TEST(DirectoryCsv, QuotedNewlineKeepsLaterLineNumbersRight) {
  auto parsed = parse_directory_csv(
      "name,email,location,status\n"
      "A,a@example.com,\"Building 2\nFloor 3\",active\n"  // lines 2-3
      "B,b@example.com,Riyadh,active\n"                    // line 4
      "C,c@example.com,Riyadh,retired\n");                 // line 5
  ASSERT_EQ(parsed.rows.size(), 2u);
  EXPECT_EQ(parsed.rows[0].line, 2);
  EXPECT_EQ(parsed.rows[0].patch.text.at("location"), "Building 2\nFloor 3");
  EXPECT_EQ(parsed.rows[1].line, 4);
  ASSERT_EQ(parsed.errors.size(), 1u) << errors_of(parsed);
  EXPECT_EQ(parsed.errors[0].line, 5);
  EXPECT_EQ(parsed.errors[0].field, "status");
}

TEST(DirectoryCsv, KindRoleAndStatusValues) {
  struct Case {
    std::string column;
    std::string value;
    bool ok;
    std::function<void(const PersonPatch&)> check;
  };
  const std::vector<Case> cases = {
      {"kind", "employee", true, [](const PersonPatch& p) { EXPECT_EQ(p.kind, PersonKind::Employee); }},
      {"kind", "External", true, [](const PersonPatch& p) { EXPECT_EQ(p.kind, PersonKind::External); }},
      {"kind", "", true, [](const PersonPatch& p) { EXPECT_EQ(p.kind, PersonKind::Employee); }},
      {"kind", "contractor", false, nullptr},
      {"role", "Admin", true, [](const PersonPatch& p) { EXPECT_EQ(p.role, Role::Admin); }},
      {"role", "manager", true, [](const PersonPatch& p) { EXPECT_EQ(p.role, Role::Manager); }},
      {"role", "", true, [](const PersonPatch& p) { EXPECT_FALSE(p.role.has_value()) << "blank role: unchanged"; }},
      {"role", "boss", false, nullptr},
      {"status", "active", true, [](const PersonPatch& p) { EXPECT_EQ(p.active, true); }},
      {"status", "Deactivated", true, [](const PersonPatch& p) { EXPECT_EQ(p.active, false); }},
      {"status", "inactive", true, [](const PersonPatch& p) { EXPECT_EQ(p.active, false); }},
      {"status", "", true, [](const PersonPatch& p) { EXPECT_EQ(p.active, true); }},
      {"status", "on leave", false, nullptr},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.column + "=" + c.value);
    auto parsed = parse_directory_csv("name,email," + c.column + "\nOk,ok@example.com,\nA,a@example.com," + c.value + "\n");
    // Row 2 is a plain row, row 3 carries the value under test.
    if (c.ok) {
      ASSERT_TRUE(parsed.errors.empty()) << errors_of(parsed);
      ASSERT_EQ(parsed.rows.size(), 2u);
      EXPECT_EQ(parsed.rows[1].line, 3);
      c.check(parsed.rows[1].patch);
    } else {
      ASSERT_EQ(parsed.errors.size(), 1u) << errors_of(parsed);
      EXPECT_EQ(parsed.errors[0].line, 3);
      EXPECT_EQ(parsed.errors[0].field, c.column);
      ASSERT_EQ(parsed.rows.size(), 1u) << "the bad row is skipped, the good one kept";
      EXPECT_EQ(parsed.rows[0].line, 2);
    }
  }
}

TEST(DirectoryCsv, TagsSplitOnPipe) {
  auto parsed = parse_directory_csv(
      "name,email,tags\n"
      "A,a@example.com,first-aid| arabic ||مسعف\n"
      "B,b@example.com,\n");
  ASSERT_TRUE(parsed.errors.empty()) << errors_of(parsed);
  ASSERT_EQ(parsed.rows.size(), 2u);
  EXPECT_EQ(parsed.rows[0].patch.tags, (std::vector<std::string>{"first-aid", "arabic", "مسعف"}));
  ASSERT_TRUE(parsed.rows[1].patch.tags.has_value());
  EXPECT_TRUE(parsed.rows[1].patch.tags->empty()) << "an empty tags cell clears the tags";
}

TEST(DirectoryCsv, CustomColumns) {
  auto parsed = parse_directory_csv(
      "name,email,custom.blood_type,Custom.Locker\n"
      "A,a@example.com,O+,12\n"
      "B,b@example.com,,\n");
  ASSERT_TRUE(parsed.errors.empty()) << errors_of(parsed);
  ASSERT_EQ(parsed.rows.size(), 2u);
  ASSERT_TRUE(parsed.rows[0].patch.custom.has_value());
  EXPECT_EQ(*parsed.rows[0].patch.custom,
            (std::map<std::string, std::string>{{"blood_type", "O+"}, {"locker", "12"}}));
  // Empty cells are passed on, so an import can clear a custom value.
  EXPECT_EQ(*parsed.rows[1].patch.custom, (std::map<std::string, std::string>{{"blood_type", ""}, {"locker", ""}}));
  EXPECT_EQ(parsed.rows[0].patch.text.count("custom.blood_type"), 0u);
}

TEST(DirectoryCsv, ManagerColumns) {
  auto parsed = parse_directory_csv(
      "name,employee_id,manager_employee_id,manager_email\n"
      "A,E2,E1,\n"
      "B,E3,,boss@example.com\n");
  ASSERT_TRUE(parsed.errors.empty()) << errors_of(parsed);
  ASSERT_EQ(parsed.rows.size(), 2u);
  EXPECT_TRUE(parsed.rows[0].has_manager_column);
  EXPECT_EQ(parsed.rows[0].manager_employee_id, "E1");
  EXPECT_EQ(parsed.rows[1].manager_email, "boss@example.com");
  EXPECT_EQ(parsed.rows[0].patch.text.count("manager_employee_id"), 0u);
}

TEST(DirectoryCsv, BlankRowsAreSkipped) {
  auto parsed = parse_directory_csv(
      "name,email,status,kind\n"
      "A,a@example.com,active,employee\n"
      ",,,\n"
      " , ,\t,\n"
      "\n"
      "B,b@example.com,,\n");
  ASSERT_TRUE(parsed.errors.empty()) << errors_of(parsed);
  ASSERT_EQ(parsed.rows.size(), 2u);
  EXPECT_EQ(parsed.rows[0].line, 2);
  EXPECT_EQ(parsed.rows[1].line, 6);
}

TEST(DirectoryCsv, RowsWithTooManyFieldsAreErrorsShortRowsArePadded) {
  auto parsed = parse_directory_csv(
      "name,email,department\n"
      "A,a@example.com,IT,extra\n"
      "B,b@example.com\n");
  ASSERT_EQ(parsed.errors.size(), 1u) << errors_of(parsed);
  EXPECT_EQ(parsed.errors[0].line, 2);
  ASSERT_EQ(parsed.rows.size(), 1u);
  EXPECT_EQ(parsed.rows[0].line, 3);
  EXPECT_EQ(parsed.rows[0].patch.text.at("department"), "");
}

TEST(DirectoryCsv, CsvSyntaxErrorsCarryLineNumbers) {
  auto parsed = parse_directory_csv("name,email\nA,a@example.com\nB,\"b@example.com\n");
  ASSERT_FALSE(parsed.errors.empty());
  EXPECT_EQ(parsed.errors[0].line, 3);
}

TEST(DirectoryCsv, ExportHeaderPutsCustomFieldsLast) {
  std::vector<CustomFieldDef> defs = {{"blood_type", "Blood", "", Visibility::Everyone},
                                      {"locker", "Locker", "", Visibility::Admins}};
  auto header = export_header(defs);
  ASSERT_GE(header.size(), 2u);
  EXPECT_EQ(header[header.size() - 2], "custom.blood_type");
  EXPECT_EQ(header.back(), "custom.locker");
  EXPECT_EQ(export_header({}).size(), header.size() - 2);
}

Person exported_person() {
  Person p;
  p.id = "p_1";
  p.name = "أحمد \"أبو علي\" الشهراني";
  p.name_latin = "Ahmed, Al-Shahrani";
  p.job_title = "Head of R&D; Labs";
  p.department = "R&D";
  p.location = "Riyadh\nHQ";
  p.employee_id = "E-100";
  p.phone = "+966 50 123 4567";
  p.email = "ahmed@example.com";
  p.tags = {"arabic", "first-aid"};
  p.custom = {{"blood_type", "O+"}, {"locker", "=12"}};
  p.role = Role::Manager;
  p.active = false;
  return p;
}

TEST(DirectoryCsv, ExportRoundTripsThroughImport) {
  std::vector<CustomFieldDef> defs = {{"blood_type", "Blood", "", Visibility::Everyone},
                                      {"shoe", "Shoe", "", Visibility::Everyone}};
  Person manager;
  manager.employee_id = "E-1";
  manager.email = "boss@example.com";
  Person p = exported_person();
  p.custom.erase("locker");  // "=12" is exported with a formula-guard apostrophe, so it does not round-trip

  std::string file = "\xEF\xBB\xBF" + to_csv_line(export_header(defs)) + to_csv_line(export_row(p, &manager, defs));
  Person external;
  external.name = "Visitor";
  external.email = "v@acme.example";
  external.kind = PersonKind::External;
  external.role = Role::External;
  external.company = "Acme";
  file += to_csv_line(export_row(external, nullptr, defs));

  auto parsed = parse_directory_csv(file);
  ASSERT_TRUE(parsed.errors.empty()) << errors_of(parsed);
  ASSERT_EQ(parsed.rows.size(), 2u);

  ASSERT_TRUE(validate_person(p).ok());
  Person back;
  back.id = p.id;
  apply_patch(parsed.rows[0].patch, back);
  ASSERT_TRUE(validate_person(back).ok());  // as the importer does: drops empty custom values
  EXPECT_TRUE(changed_fields(p, back).empty()) << ::testing::PrintToString(changed_fields(p, back));
  EXPECT_EQ(back.tags, p.tags);
  EXPECT_EQ(back.custom, p.custom);
  EXPECT_TRUE(parsed.rows[0].has_manager_column);
  EXPECT_EQ(parsed.rows[0].manager_employee_id, "E-1");
  EXPECT_EQ(parsed.rows[0].manager_email, "boss@example.com");

  Person ext_back;
  apply_patch(parsed.rows[1].patch, ext_back);
  EXPECT_TRUE(changed_fields(external, ext_back).empty()) << ::testing::PrintToString(changed_fields(external, ext_back));
  EXPECT_EQ(parsed.rows[1].manager_employee_id, "");
  EXPECT_EQ(parsed.rows[1].line, 4) << "the quoted newline in row 2 counts";
}

TEST(DirectoryCsv, ExportRowHasOneCellPerHeaderColumn) {
  std::vector<CustomFieldDef> defs = {{"blood_type", "Blood", "", Visibility::Everyone},
                                      {"missing", "Missing", "", Visibility::Everyone}};
  auto header = export_header(defs);
  auto row = export_row(exported_person(), nullptr, defs);
  ASSERT_EQ(row.size(), header.size());
  auto cell = [&](const std::string& column) {
    auto it = std::find(header.begin(), header.end(), column);
    return it == header.end() ? std::string("<no column>") : row[it - header.begin()];
  };
  EXPECT_EQ(cell("employee_id"), "E-100");
  EXPECT_EQ(cell("tags"), "arabic|first-aid");
  EXPECT_EQ(cell("status"), "deactivated");
  EXPECT_EQ(cell("role"), "manager");
  EXPECT_EQ(cell("kind"), "employee");
  EXPECT_EQ(cell("manager_email"), "");
  EXPECT_EQ(cell("custom.blood_type"), "O+");
  EXPECT_EQ(cell("custom.missing"), "");
}

// An exported phone typed in Arabic-Indic digits ("+٩٦٦ ...") gets the spreadsheet formula guard
// (a leading apostrophe) because the guard only whitelists ASCII digits after '+', and the importer
// does not remove the guard again: re-importing the export then fails validation (or stores "'+٩٦٦...").
TEST(DirectoryCsv, ArabicIndicPhoneSurvivesExportAndReimport) {
  Person p;
  p.name = "أحمد";
  p.email = "ahmed@example.com";
  p.phone = "+٩٦٦ ٥٠ ١٢٣ ٤٥٦٧";
  ASSERT_TRUE(validate_person(p).ok());
  std::string file = to_csv_line(export_header({})) + to_csv_line(export_row(p, nullptr, {}));
  auto parsed = parse_directory_csv(file);
  ASSERT_TRUE(parsed.errors.empty()) << errors_of(parsed);
  ASSERT_EQ(parsed.rows.size(), 1u);
  Person back;
  apply_patch(parsed.rows[0].patch, back);
  EXPECT_EQ(back.phone, p.phone);
  EXPECT_TRUE(validate_person(back).ok());
}

// The export joins tags with '|' and the import splits on it, so a tag may not contain '|':
// otherwise re-importing an export would turn the tag "R|D" into two tags.
TEST(DirectoryCsv, TagWithPipeIsRefusedSoExportsReimportUnchanged) {
  Person p;
  p.name = "Sara";
  p.email = "sara@example.com";
  p.tags = {"R|D"};
  auto status = validate_person(p);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().field, "tags");
}

}  // namespace
}  // namespace muster::domain
