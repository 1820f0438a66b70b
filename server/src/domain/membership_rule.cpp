#include "domain/membership_rule.hpp"

#include <algorithm>
#include <set>

#include "domain/text/arabic.hpp"

namespace muster::domain {

namespace {
constexpr size_t kMaxNodes = 200;      // a rule an admin can read on one screen, and cheap to run
constexpr size_t kMaxDepth = 8;
constexpr size_t kMaxValues = 500;     // IN lists
constexpr size_t kMaxValueChars = 200;
constexpr size_t kMaxChainLength = 64;  // manager chains longer than this are treated as cycles
}  // namespace

struct MembershipRule::Node {
  enum class Kind { All, Any, Not, Field, ReportsTo, Under } kind = Kind::All;
  std::vector<Node> children;
  std::string field;               // Field: department, ..., custom.<key>
  std::vector<std::string> values;  // Field: folded and sorted; ReportsTo/Under: the manager id
};

namespace {

using Node = MembershipRule::Node;

bool is_text_field(const std::string& f) {
  static const std::set<std::string> known = {"department", "location", "job_title", "role", "kind", "company", "tag"};
  return known.contains(f) || (f.starts_with("custom.") && f.size() > 7);
}

// The person's values for a field, folded (tags may give several).
std::vector<std::string> values_of(const Person& p, const std::string& field) {
  auto one = [](std::string_view v) { return std::vector<std::string>{normalize_for_search(v)}; };
  if (field == "department") return one(p.department);
  if (field == "location") return one(p.location);
  if (field == "job_title") return one(p.job_title);
  if (field == "role") return one(to_string(p.role));
  if (field == "kind") return one(to_string(p.kind));
  if (field == "company") return one(p.company);
  if (field == "tag") {
    std::vector<std::string> out;
    for (const auto& t : p.tags) out.push_back(normalize_for_search(t));
    return out;
  }
  auto it = p.custom.find(field.substr(7));
  return one(it == p.custom.end() ? "" : it->second);
}

struct Parser {
  size_t nodes = 0;
  bool uses_manager = false;

  Result<std::string> text(const Json& v, const std::string& path) {
    if (!v.is_string()) return invalid("Expected text at " + path + ".", path);
    auto s = v.get<std::string>();
    if (utf8_length(s) > kMaxValueChars || !is_valid_utf8(s)) return invalid("The value at " + path + " is too long.", path);
    return s;
  }

  Result<Node> condition(const Json& j, const std::string& path) {
    auto field = j.find("field");
    if (field == j.end() || !field->is_string()) return invalid("A condition names a field at " + path + ".", path);
    Node n;
    n.field = field->get<std::string>();
    if (j.size() != 2) return invalid("A condition has a field and one test at " + path + ".", path);
    if (n.field == "manager") {
      uses_manager = true;
      bool direct = j.contains("reports_to");
      if (!direct && !j.contains("under"))
        return invalid("A manager condition uses \"reports_to\" or \"under\" at " + path + ".", path);
      n.kind = direct ? Node::Kind::ReportsTo : Node::Kind::Under;
      ASSIGN_OR_RETURN(auto id, text(direct ? j["reports_to"] : j["under"], path));
      if (id.empty()) return invalid("Name the manager at " + path + ".", path);
      n.values = {id};
      return n;
    }
    if (!is_text_field(n.field)) return invalid("Unknown field '" + n.field + "' at " + path + ".", path + ".field");
    n.kind = Node::Kind::Field;
    if (j.contains("equals")) {
      ASSIGN_OR_RETURN(auto v, text(j["equals"], path + ".equals"));
      n.values = {normalize_for_search(v)};
    } else if (j.contains("in")) {
      const auto& list = j["in"];
      if (!list.is_array() || list.empty() || list.size() > kMaxValues)
        return invalid("\"in\" takes a list of 1 to 500 values at " + path + ".", path + ".in");
      for (size_t i = 0; i < list.size(); ++i) {
        ASSIGN_OR_RETURN(auto v, text(list[i], path + ".in[" + std::to_string(i) + "]"));
        n.values.push_back(normalize_for_search(v));
      }
      std::sort(n.values.begin(), n.values.end());
    } else {
      return invalid("A condition tests with \"equals\" or \"in\" at " + path + ".", path);
    }
    return n;
  }

  Result<Node> node(const Json& j, const std::string& path, size_t depth) {
    if (++nodes > kMaxNodes) return invalid("A rule has at most 200 parts.", path);
    if (depth > kMaxDepth) return invalid("A rule nests at most 8 levels deep.", path);
    if (!j.is_object() || j.empty()) return invalid("Expected a condition or all/any/not at " + path + ".", path);
    if (j.size() == 1 && (j.contains("all") || j.contains("any"))) {
      bool all = j.contains("all");
      const auto& list = all ? j["all"] : j["any"];
      auto at = path + (all ? ".all" : ".any");
      if (!list.is_array() || list.empty()) return invalid("Expected a non-empty list at " + at + ".", at);
      Node n;
      n.kind = all ? Node::Kind::All : Node::Kind::Any;
      for (size_t i = 0; i < list.size(); ++i) {
        ASSIGN_OR_RETURN(auto child, node(list[i], at + "[" + std::to_string(i) + "]", depth + 1));
        n.children.push_back(std::move(child));
      }
      return n;
    }
    if (j.size() == 1 && j.contains("not")) {
      Node n;
      n.kind = Node::Kind::Not;
      ASSIGN_OR_RETURN(auto child, node(j["not"], path + ".not", depth + 1));
      n.children.push_back(std::move(child));
      return n;
    }
    return condition(j, path);
  }
};

bool reports_to(const Person& p, const std::string& manager, bool any_depth, const ManagerLookup& manager_of) {
  auto current = p.manager_id;
  for (size_t i = 0; current && i < kMaxChainLength; ++i) {
    if (*current == manager) return true;
    if (!any_depth) return false;
    current = manager_of(*current);
  }
  return false;
}

bool eval(const Node& n, const Person& p, const ManagerLookup& manager_of) {
  switch (n.kind) {
    case Node::Kind::All:
      return std::all_of(n.children.begin(), n.children.end(), [&](const Node& c) { return eval(c, p, manager_of); });
    case Node::Kind::Any:
      return std::any_of(n.children.begin(), n.children.end(), [&](const Node& c) { return eval(c, p, manager_of); });
    case Node::Kind::Not:
      return !eval(n.children.front(), p, manager_of);
    case Node::Kind::ReportsTo:
    case Node::Kind::Under:
      return reports_to(p, n.values.front(), n.kind == Node::Kind::Under, manager_of);
    case Node::Kind::Field:
      for (const auto& v : values_of(p, n.field))
        if (std::binary_search(n.values.begin(), n.values.end(), v)) return true;
      return false;
  }
  return false;
}

}  // namespace

Result<MembershipRule> MembershipRule::parse(const Json& rule) {
  if (!rule.is_object()) return invalid("A rule is a JSON object with \"version\" and \"match\".", "rule");
  for (const auto& [key, _] : rule.items())
    if (key != "version" && key != "match") return invalid("Unknown field '" + key + "' in the rule.", "rule." + key);
  auto version = rule.find("version");
  if (version != rule.end() && (!version->is_number_integer() || version->get<int>() != kMembershipRuleVersion))
    return invalid("This server reads rules of version 1.", "rule.version");
  if (!rule.contains("match")) return invalid("A rule needs \"match\".", "rule.match");
  Parser parser;
  ASSIGN_OR_RETURN(auto root, parser.node(rule["match"], "rule.match", 0));
  MembershipRule out;
  out.root_ = std::make_shared<const Node>(std::move(root));
  out.json_ = {{"version", kMembershipRuleVersion}, {"match", rule["match"]}};
  out.uses_manager_ = parser.uses_manager;
  return out;
}

bool MembershipRule::matches(const Person& person, const ManagerLookup& manager_of) const {
  return person.active && root_ && eval(*root_, person, manager_of);
}

}  // namespace muster::domain
