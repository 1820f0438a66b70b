// The directory's spreadsheet format: reading import rows and writing the export.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "domain/person_patch.hpp"
#include "domain/visibility.hpp"

namespace muster::domain {

struct ImportRow {
  int line = 0;
  PersonPatch patch;              // only the columns the file has
  std::string manager_employee_id;  // resolved to a manager_id by the importer
  std::string manager_email;
  bool has_manager_column = false;
};

struct ImportIssue {
  int line = 0;
  std::string field;
  std::string message;  // English; reason and params say it for translation (Error::reason)
  std::string reason;
  Error::Params params = {};
};

struct ParsedImport {
  std::vector<ImportRow> rows;
  std::vector<ImportIssue> errors;
};

// Reads a directory CSV (header row first; columns as in the export, case-insensitive).
ParsedImport parse_directory_csv(std::string_view text);

// Column names of the export, custom fields last.
std::vector<std::string> export_header(const std::vector<CustomFieldDef>& custom_fields);
// One export row; manager_* columns come from `manager` when the person has one.
std::vector<std::string> export_row(const Person& person, const Person* manager,
                                    const std::vector<CustomFieldDef>& custom_fields);

}  // namespace muster::domain
