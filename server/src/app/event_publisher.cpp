#include "app/event_publisher.hpp"

#include <memory>
#include <set>

#include "app/events.hpp"

namespace muster::app {

void EventPublisher::after_commit(std::vector<std::string> recipients, std::string_view kind, Json payload) {
  transactor_.after_commit([this, recipients = std::move(recipients), kind, payload = std::move(payload)]() mutable {
    payload["kind"] = kind;
    hub_.publish(recipients,
                 std::make_shared<const std::string>(payload.dump(-1, ' ', false, Json::error_handler_t::replace)));
  });
}

// The members already there hear of a batch once, with its names only while it is small: a list of
// 10,000 ids sent to 10,000 members would be 2 GB of socket writes. Each added person hears of
// themselves, so their devices fetch the conversation.
void EventPublisher::members_added(const std::string& conversation_id, const std::vector<std::string>& members_after,
                                   const std::vector<std::string>& added) {
  constexpr size_t kNamedUpTo = 100;
  if (added.empty()) return;
  std::set<std::string> is_added(added.begin(), added.end());
  std::vector<std::string> before;
  for (const auto& id : members_after)
    if (!is_added.contains(id)) before.push_back(id);
  Json batch = {{"conversation_id", conversation_id}, {"added", added.size()}};
  if (added.size() <= kNamedUpTo) batch["person_ids"] = added;
  if (!before.empty()) after_commit(std::move(before), events::kMemberAdded, std::move(batch));
  for (const auto& id : added)
    after_commit({id}, events::kMemberAdded,
                 {{"conversation_id", conversation_id}, {"added", added.size()}, {"person_ids", {id}}});
}

}  // namespace muster::app
