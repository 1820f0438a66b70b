#include "app/backup_schedule.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <ctime>

namespace muster::app {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kPrefix = "muster-";
constexpr std::string_view kSuffix = ".mbk";

std::string file_name(UnixSeconds at) {
  std::time_t t = static_cast<std::time_t>(at);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm);
  return std::string(kPrefix) + buf + std::string(kSuffix);
}

bool is_scheduled_backup(const std::string& name) {
  return name.size() == kPrefix.size() + 16 + kSuffix.size() && name.starts_with(kPrefix) && name.ends_with(kSuffix);
}

}  // namespace

Status BackupSchedule::run() {
  if (!config_) return ok_status();
  const auto& c = *config_;
  BackupRun run;
  std::error_code ec;
  fs::create_directories(c.dir, ec);
  auto started = now_seconds();
  run.file = file_name(started);
  backup::BackupOptions options;
  options.data_dir = c.data_dir;
  options.out = c.dir / run.file;
  options.keyring = c.keyring;
  options.muster_version = c.muster_version;
  auto made = fs::exists(options.out, ec) ? Result<backup::BackupReport>(conflict("a backup of this second exists"))
                                          : backup::make_backup(options, *c.secret);
  run.at = now_seconds();
  if (made.ok()) {
    run.ok = true;
    run.bytes = made->bytes;
    run.files = made->files;
    spdlog::info("backup done file={} bytes={} files={} missing_files={} seconds={}", run.file, run.bytes, run.files,
                 made->missing_files, run.at - started);
    prune();
  } else {
    run.message = made.error().message;
    spdlog::error("backup failed file={} reason=\"{}\"", run.file, run.message);
  }
  {
    MutexLock lock(mutex_);
    last_ = run;
  }
  return made.ok() ? ok_status() : Status(made.error());
}

// Keeps the newest `keep` scheduled backups (their names sort by time); never touches other files.
void BackupSchedule::prune() {
  std::vector<std::string> names;
  std::error_code ec;
  for (auto it = fs::directory_iterator(config_->dir, ec); !ec && it != fs::directory_iterator(); it.increment(ec))
    if (it->is_regular_file() && is_scheduled_backup(it->path().filename().string()))
      names.push_back(it->path().filename().string());
  std::sort(names.begin(), names.end());
  for (size_t i = 0; i + static_cast<size_t>(config_->keep) < names.size(); ++i) {
    fs::remove(config_->dir / names[i], ec);
    if (ec) spdlog::warn("backup: cannot remove old backup file={}: {}", names[i], ec.message());
    else spdlog::info("backup: removed old backup file={}", names[i]);
  }
}

Result<BackupStatusView> BackupSchedule::status(const Actor& actor) const {
  if (!actor.is_admin()) return denied("Only administrators can do this.");
  BackupStatusView view;
  view.enabled = config_.has_value();
  if (config_) view.every_seconds = config_->every_seconds, view.keep = config_->keep;
  MutexLock lock(mutex_);
  view.last = last_;
  return view;
}

}  // namespace muster::app
