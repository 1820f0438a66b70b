// The scheduled backups' last outcome, for admins (app/backup_schedule.hpp). Read-only: backups
// are made and restored from the command line or by the schedule, never over HTTP.
#include "app/backup_schedule.hpp"
#include "transport/http/api.hpp"
#include "transport/http/mappers.hpp"

namespace muster::transport::http_api {

namespace {

Json status_json(const app::BackupStatusView& v) {
  Json last = nullptr;
  if (v.last)
    last = {{"at", to_rfc3339(v.last->at)},
            {"ok", v.last->ok},
            {"file", v.last->file},
            {"bytes", v.last->bytes},
            {"files", v.last->files},
            {"message", v.last->ok ? Json(nullptr) : Json(v.last->message)}};
  return {{"enabled", v.enabled},
          {"every_seconds", v.enabled ? Json(v.every_seconds) : Json(nullptr)},
          {"keep", v.enabled ? Json(v.keep) : Json(nullptr)},
          {"last", last}};
}

}  // namespace

void register_backup_routes(Router& router, Services& s) {
  router.add("GET", "/api/v1/admin/backups", Access::SignedIn, Body::None, [&s](Request&, const app::Actor* a) {
    static const app::BackupSchedule none{std::nullopt};
    auto status = (s.backups ? *s.backups : none).status(*a);
    RETURN_IF_ERROR(status);
    return json_response(200, status_json(status.value()));
  });
}

}  // namespace muster::transport::http_api
