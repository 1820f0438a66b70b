#include "app/oversight_service.hpp"

#include <algorithm>
#include <charconv>

#include "domain/text/arabic.hpp"

namespace muster::app {

namespace {

// "<last activity ms>.<conversation seq>" of a page's last row.
std::string cursor_of(const store::OversightRow& row) {
  return std::to_string(row.conversation.last_activity_ms) + "." + std::to_string(row.seq);
}

Result<std::pair<std::int64_t, std::int64_t>> parse_cursor(const std::string& text) {
  auto dot = text.find('.');
  std::int64_t activity = 0, seq = 0;
  auto number = [](std::string_view part, std::int64_t& out) {
    auto [ptr, ec] = std::from_chars(part.data(), part.data() + part.size(), out);
    return !part.empty() && ec == std::errc() && ptr == part.data() + part.size() && out >= 0;
  };
  if (dot == std::string::npos || !number(std::string_view(text).substr(0, dot), activity) ||
      !number(std::string_view(text).substr(dot + 1), seq))
    return invalid("The cursor is not valid.", "cursor");
  return std::make_pair(activity, seq);
}

// SQLite's lower() folds ASCII only; the names are matched the same way.
std::string ascii_lower(std::string text) {
  for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

}  // namespace

Status OversightService::check_admin(const Actor& actor) {
  if (!actor.is_admin()) return denied("Only administrators can do this.");
  return ok_status();
}

Result<Oversight> OversightService::reason_of(const std::string& reason) {
  auto length = domain::utf8_length(reason);
  if (length == 0 || length > kMaxReasonChars)
    return invalid("Give a reason of 1 to " + std::to_string(kMaxReasonChars) + " characters.", "reason");
  return Oversight{reason};
}

Result<OversightPage> OversightService::conversations(const Actor& actor, const OversightFilter& f) {
  TRY(check_admin(actor));
  store::OversightQuery q;
  q.kind = f.kind;
  q.archived = f.archived;
  q.has_externals = f.has_externals;
  q.name = ascii_lower(f.q);
  if (!f.q.empty()) q.name_norm = domain::normalize_for_search(f.q);
  q.limit = std::clamp(f.limit, 1, 200) + 1;  // one more tells whether there is a next page
  if (!f.cursor.empty()) {
    ASSIGN_OR_RETURN(q.after, parse_cursor(f.cursor));
  }
  OversightPage page;
  ASSIGN_OR_RETURN(page.items, stores_.oversight().conversations(q));
  if (static_cast<int>(page.items.size()) == q.limit) {
    page.items.pop_back();
    page.next_cursor = cursor_of(page.items.back());
  }
  return page;
}

Result<OversightDetail> OversightService::conversation(const Actor& actor, const std::string& id) {
  TRY(check_admin(actor));
  store::OversightQuery q;
  q.id = id;
  q.limit = 1;
  ASSIGN_OR_RETURN(auto rows, stores_.oversight().conversations(q));
  if (rows.empty()) return not_found("No such conversation.");
  OversightDetail out{std::move(rows.front()), {}};
  auto& conversations = stores_.conversations();
  ASSIGN_OR_RETURN(auto members, conversations.members(id));
  ASSIGN_OR_RETURN(auto names, conversations.member_names(id));
  ASSIGN_OR_RETURN(auto externals, conversations.external_members(id));
  out.members.reserve(members.size());
  for (auto& m : members) {
    auto external = externals.find(m.person_id);
    auto company = external == externals.end() ? std::nullopt : std::optional(external->second);
    std::string name = names[m.person_id];
    out.members.push_back({std::move(m), std::move(name), std::move(company)});
  }
  return out;
}

Result<OversightDetail> OversightService::set_archived(const Actor& actor, const std::string& id, bool archived,
                                                       const std::string& reason) {
  TRY(check_admin(actor));
  ASSIGN_OR_RETURN(auto why, reason_of(reason));
  TRY(chat_.set_archived(actor, id, archived, why));
  return conversation(actor, id);
}

Result<OversightDetail> OversightService::transfer_ownership(const Actor& actor, const std::string& id,
                                                             const std::string& person_id,
                                                             std::optional<domain::MemberRole> previous_owners_become,
                                                             const std::string& reason) {
  TRY(check_admin(actor));
  ASSIGN_OR_RETURN(auto why, reason_of(reason));
  TRY(chat_.transfer_ownership(actor, id, person_id, previous_owners_become, why));
  return conversation(actor, id);
}

Result<OversightDetail> OversightService::remove_member(const Actor& actor, const std::string& id,
                                                        const std::string& person_id, const std::string& reason) {
  TRY(check_admin(actor));
  ASSIGN_OR_RETURN(auto why, reason_of(reason));
  TRY(chat_.remove_member(actor, id, person_id, &why));
  return conversation(actor, id);
}

}  // namespace muster::app
