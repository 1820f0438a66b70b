// Smart groups: a rule over directory attributes decides who is in a conversation. Stored as JSON
// with a version, so later versions can add operators without breaking stored rules:
//
//   {"version": 1, "match": <node>}
//   node := {"all": [node, ...]} | {"any": [node, ...]} | {"not": node} | condition
//   condition := {"field": F, "equals": "text"} | {"field": F, "in": ["text", ...]}
//              | {"field": "manager", "reports_to": "p_id"}   direct reports
//              | {"field": "manager", "under": "p_id"}        everyone below, at any depth
//   F := department | location | job_title | role | kind | company | tag | custom.<key>
//
// Text compares folded (normalize_for_search), so "sales" matches "Sales" and Arabic spelling
// variants match each other. Deactivated people are never matched.
#pragma once
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/json.hpp"
#include "core/result.hpp"
#include "domain/person.hpp"

namespace muster::domain {

inline constexpr int kMembershipRuleVersion = 1;

// Who a person's manager is, by id: the evaluation walks chains through it.
using ManagerLookup = std::function<std::optional<std::string>(const std::string& person_id)>;

class MembershipRule {
 public:
  // Validates and compiles a stored or submitted rule; errors name the JSON path at fault
  // (field "rule.match.all[1].in").
  static Result<MembershipRule> parse(const Json& rule);

  bool matches(const Person& person, const ManagerLookup& manager_of) const;
  // Whether the rule looks at the reporting line: then a manager change can move people below.
  bool uses_manager() const { return uses_manager_; }
  // The rule as stored (normalized: version set, values as given).
  const Json& json() const { return json_; }

  struct Node;

 private:
  std::shared_ptr<const Node> root_;
  Json json_;
  bool uses_manager_ = false;
};

}  // namespace muster::domain
