#include "app/audit.hpp"

namespace muster::app {

Status record_audit(store::AuditStore& audit, const Actor* actor, std::string action, std::string target_type,
                    std::string target_id, const Json& details, const std::string& ip) {
  store::AuditEntry entry;
  entry.at = now_seconds();
  if (actor) {
    entry.actor_id = actor->person.id;
    entry.actor_name = actor->person.name;
    entry.ip = actor->client.ip;
  }
  if (!ip.empty()) entry.ip = ip;
  entry.action = std::move(action);
  entry.target_type = std::move(target_type);
  entry.target_id = std::move(target_id);
  entry.details_json = details.dump();
  return audit.append(entry);
}

}  // namespace muster::app
