#include "domain/directory_csv.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include "domain/text/csv.hpp"

namespace muster::domain {

namespace {

std::string lower_trim(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  auto b = s.find_first_not_of(" \t");
  auto e = s.find_last_not_of(" \t");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

std::string trim(const std::string& s) {
  auto b = s.find_first_not_of(" \t\r\n");
  auto e = s.find_last_not_of(" \t\r\n");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

std::vector<std::string> split_tags(const std::string& text) {
  std::vector<std::string> tags;
  size_t start = 0;
  while (start <= text.size()) {
    auto end = text.find('|', start);
    if (end == std::string::npos) end = text.size();
    auto tag = trim(text.substr(start, end - start));
    if (!tag.empty()) tags.push_back(tag);
    start = end + 1;
  }
  return tags;
}

const std::set<std::string> kKnownColumns = {"name",  "name_latin", "job_title", "department", "location",
                                             "employee_id", "phone", "email",     "company",    "kind",
                                             "tags",  "role",       "status",    "manager_employee_id",
                                             "manager_email", "end_date"};

}  // namespace

ParsedImport parse_directory_csv(std::string_view text) {
  ParsedImport out;
  CsvTable table = parse_csv(text);
  for (const auto& e : table.errors) out.errors.push_back({e.line, "", e.message, "csv_syntax"});
  if (table.records.empty()) {
    if (out.errors.empty()) out.errors.push_back({1, "", "The file is empty: the first row must name the columns.", "csv_empty"});
    return out;
  }
  std::vector<std::string> columns;
  std::set<std::string> seen;
  const auto& header = table.records.front();
  for (const auto& raw : header.fields) {
    std::string col = lower_trim(raw);
    bool custom = col.starts_with("custom.") && col.size() > 7;
    if (!col.empty() && !kKnownColumns.count(col) && !custom)
      out.errors.push_back({header.line, col, "Unknown column '" + raw + "'.", "csv_unknown_column", {{"column", raw}}});
    if (!col.empty() && !seen.insert(col).second)
      out.errors.push_back({header.line, col, "Column '" + raw + "' appears twice.", "csv_duplicate_column", {{"column", raw}}});
    columns.push_back(col);
  }
  if (!seen.count("name")) out.errors.push_back({header.line, "name", "The file needs a 'name' column.", "csv_needs_name"});
  if (!seen.count("employee_id") && !seen.count("email"))
    out.errors.push_back(
        {header.line, "", "The file needs an 'employee_id' or an 'email' column to match people.", "csv_needs_key"});
  if (!out.errors.empty()) return out;

  for (size_t r = 1; r < table.records.size(); ++r) {
    const auto& record = table.records[r];
    ImportRow row;
    row.line = record.line;
    if (record.fields.size() > columns.size()) {
      out.errors.push_back({record.line, "", "This row has more fields than the header has columns.", "csv_too_many_fields"});
      continue;
    }
    bool row_ok = true;
    for (size_t i = 0; i < columns.size() && row_ok; ++i) {
      const std::string& col = columns[i];
      std::string value = i < record.fields.size() ? trim(record.fields[i]) : "";
      if (col.empty()) continue;
      auto fail = [&](std::string message) {
        out.errors.push_back({record.line, col, std::move(message), "field_invalid"});
        row_ok = false;
      };
      if (col == "kind") {
        auto kind = parse_kind(value.empty() ? "employee" : lower_trim(value));
        kind ? void(row.patch.kind = *kind) : fail("Kind must be 'employee' or 'external'.");
      } else if (col == "role") {
        if (value.empty()) continue;
        auto role = parse_role(lower_trim(value));
        role ? void(row.patch.role = *role) : fail("Role must be owner, admin, manager, member or external.");
      } else if (col == "status") {
        auto status = lower_trim(value);
        if (status.empty() || status == "active") row.patch.active = true;
        else if (status == "deactivated" || status == "inactive") row.patch.active = false;
        else fail("Status must be 'active' or 'deactivated'.");
      } else if (col == "tags") {
        row.patch.tags = split_tags(value);
      } else if (col == "manager_employee_id") {
        row.manager_employee_id = value;
        row.has_manager_column = true;
      } else if (col == "end_date") {
        // The day (or moment) the person leaves; empty clears it (PersonPatch::end_at).
        auto text = trim(value);
        if (text.empty()) row.patch.end_at = std::optional<UnixSeconds>{};
        else if (auto at = parse_rfc3339(text)) row.patch.end_at = at;
        else fail("End date must be a date (2026-12-31) or a date and time (2026-12-31T17:00:00Z).");
      } else if (col == "manager_email") {
        row.manager_email = value;
        row.has_manager_column = true;
      } else if (col.starts_with("custom.")) {
        if (!row.patch.custom) row.patch.custom.emplace();
        (*row.patch.custom)[col.substr(7)] = value;
      } else {
        row.patch.text[col] = value;
      }
    }
    bool blank = std::all_of(record.fields.begin(), record.fields.end(), [](const std::string& f) { return trim(f).empty(); });
    if (row_ok && !blank) out.rows.push_back(std::move(row));
  }
  return out;
}

std::vector<std::string> export_header(const std::vector<CustomFieldDef>& custom_fields) {
  std::vector<std::string> header = {"employee_id", "name",   "name_latin", "job_title",           "department",
                                     "location",    "phone",  "email",      "kind",                "company",
                                     "tags",        "role",   "status",     "manager_employee_id", "manager_email"};
  for (const auto& def : custom_fields) header.push_back("custom." + def.key);
  return header;
}

std::vector<std::string> export_row(const Person& p, const Person* manager,
                                    const std::vector<CustomFieldDef>& custom_fields) {
  std::string tags;
  for (const auto& t : p.tags) tags += (tags.empty() ? "" : "|") + t;
  std::vector<std::string> row = {p.employee_id, p.name,  p.name_latin, p.job_title,
                                  p.department,  p.location, p.phone,   p.email,
                                  std::string(to_string(p.kind)), p.company, tags,
                                  std::string(to_string(p.role)), p.active ? "active" : "deactivated",
                                  manager ? manager->employee_id : "", manager ? manager->email : ""};
  for (const auto& def : custom_fields) {
    auto it = p.custom.find(def.key);
    row.push_back(it == p.custom.end() ? "" : it->second);
  }
  return row;
}

}  // namespace muster::domain
