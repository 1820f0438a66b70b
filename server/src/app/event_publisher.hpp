// The one way events leave the app layer (app/events.hpp): queued inside the transaction of the
// change they report, published after its commit, in commit order, never when it rolls back.
// Shared by every use case that changes conversations or memberships.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "core/json.hpp"
#include "realtime/hub.hpp"
#include "store/store.hpp"

namespace muster::app {

class EventPublisher {
 public:
  EventPublisher(store::Transactor& transactor, realtime::Hub& hub) : transactor_(transactor), hub_(hub) {}

  // Inside a transaction: `payload` with its "kind" reaches `recipients` once the transaction commits.
  void after_commit(std::vector<std::string> recipients, std::string_view kind, Json payload);
  // member.added for `added` people: one event to the members already there, and one to each
  // added person (naming only them).
  void members_added(const std::string& conversation_id, const std::vector<std::string>& members_after,
                     const std::vector<std::string>& added);

 private:
  store::Transactor& transactor_;
  realtime::Hub& hub_;
};

}  // namespace muster::app
