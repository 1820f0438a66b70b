// The built web app, loaded into memory at start-up with a gzip copy of each compressible file.
// Serving only what was loaded means no request path ever reaches the file system.
#pragma once
#include <map>
#include <memory>
#include <string>

namespace muster::transport::http_api {

struct StaticFile {
  std::string content_type;
  std::string body;
  std::string gzip;  // empty when compression would not help
  std::string etag;
  bool immutable = false;  // hashed asset names may be cached for a year
};

class StaticFiles {
 public:
  // Loads every file below `dir` (missing dir: an empty set that serves a "not built" page).
  static std::unique_ptr<StaticFiles> load(const std::string& dir);
  // The file for a URL path; unknown paths without a file extension get index.html (client routes).
  const StaticFile* find(const std::string& path) const;
  bool empty() const { return files_.empty(); }
  size_t size() const { return files_.size(); }

 private:
  std::map<std::string, StaticFile> files_;
};

}  // namespace muster::transport::http_api
