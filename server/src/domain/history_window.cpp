#include "domain/history_window.hpp"

namespace muster::domain {

HistoryVisibility default_history(ConversationKind kind) {
  return kind == ConversationKind::Group ? HistoryVisibility::SinceJoined : HistoryVisibility::Full;
}

Status validate_history(ConversationKind kind, HistoryVisibility history) {
  if (kind == ConversationKind::Direct && history != HistoryVisibility::Full)
    return invalid("A direct conversation always shows its whole history.", "history");
  return ok_status();
}

HistoryWindow history_window(const Conversation& c, const std::optional<Member>& me) {
  if (c.kind == ConversationKind::Direct || c.history == HistoryVisibility::Full) return {};
  if (!me) return {HistoryWindow::kNothing};
  return {me->joined_seq};
}

}  // namespace muster::domain
