// Catch-up: a newcomer's first screen. The conversations someone else or a smart group's rule put
// them into, each with its pinned messages — what they may read of them, nothing more — and a mark
// that they have caught up, kept on the server so every device of theirs stops showing it.
#include "app/chat_service.hpp"

namespace muster::app {

namespace {
constexpr int kMaxCatchUp = 100;
}

Result<std::vector<CatchUpItem>> ChatService::catch_up(const Actor& actor) {
  ASSIGN_OR_RETURN(auto rows, stores_.conversations().catch_up(actor.person.id, kMaxCatchUp));
  std::vector<CatchUpItem> out;
  out.reserve(rows.size());
  for (auto& row : rows) {
    CatchUpItem item;
    ASSIGN_OR_RETURN(item.view, view(actor, row.conversation, row.me));
    // The same pins the conversation shows them, through the same history window.
    ASSIGN_OR_RETURN(item.pins, pins(actor, row.conversation.id));
    if (!row.me.added_by.empty()) {
      auto name = person_name(row.me.added_by);
      if (name.ok()) item.added_by_name = std::move(name).value();
    }
    item.done = row.done;
    out.push_back(std::move(item));
  }
  return out;
}

Status ChatService::finish_catch_up(const Actor& actor, const std::vector<std::string>& conversation_ids) {
  std::vector<std::string> ids = conversation_ids;
  if (ids.empty()) {
    ASSIGN_OR_RETURN(auto rows, stores_.conversations().catch_up(actor.person.id, kMaxCatchUp));
    for (const auto& row : rows) ids.push_back(row.conversation.id);
  }
  // Only one's own memberships are marked (the store reads the member row): another person's
  // conversation id marks nothing.
  return stores_.conversations().mark_caught_up(actor.person.id, ids);
}

}  // namespace muster::app
