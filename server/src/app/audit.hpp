// Writes audit entries for admin actions; part of the same transaction as the action.
#pragma once
#include <string>

#include "app/context.hpp"
#include "core/json.hpp"
#include "store/store.hpp"

namespace muster::app {

Status record_audit(store::AuditStore& audit, const Actor* actor, std::string action, std::string target_type,
                    std::string target_id, const Json& details = Json::object(), const std::string& ip = {});

}  // namespace muster::app
