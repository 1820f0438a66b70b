#include "transport/http/static_files.hpp"

#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "crypto/crypto.hpp"

namespace muster::transport::http_api {

namespace {

std::string content_type_for(const std::string& ext) {
  static const std::map<std::string, std::string> types = {
      {".html", "text/html; charset=utf-8"},  {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},          {".webmanifest", "application/manifest+json"},
      {".svg", "image/svg+xml"},              {".png", "image/png"},
      {".ico", "image/x-icon"},               {".woff2", "font/woff2"},
      {".txt", "text/plain; charset=utf-8"},  {".map", "application/json"}};
  auto it = types.find(ext);
  return it == types.end() ? "application/octet-stream" : it->second;
}

std::string gzip(const std::string& data) {
  z_stream zs{};
  if (deflateInit2(&zs, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return {};
  std::string out(deflateBound(&zs, data.size()) + 32, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return rc == Z_STREAM_END ? out : std::string{};
}

}  // namespace

std::unique_ptr<StaticFiles> StaticFiles::load(const std::string& dir) {
  auto files = std::make_unique<StaticFiles>();
  std::error_code ec;
  if (dir.empty() || !std::filesystem::is_directory(dir, ec)) return files;
  for (auto& entry : std::filesystem::recursive_directory_iterator(dir, ec)) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream buf;
    buf << in.rdbuf();
    StaticFile f;
    f.body = buf.str();
    std::string ext = entry.path().extension().string();
    f.content_type = content_type_for(ext);
    bool compressible = f.content_type.starts_with("text/") || ext == ".json" || ext == ".svg" ||
                        ext == ".webmanifest" || ext == ".map";
    if (compressible && f.body.size() > 512) {
      f.gzip = gzip(f.body);
      if (f.gzip.size() >= f.body.size()) f.gzip.clear();
    }
    f.etag = "\"" + crypto::token_digest(f.body).substr(0, 16) + "\"";
    std::string url = "/" + std::filesystem::relative(entry.path(), dir).generic_string();
    f.immutable = url.starts_with("/assets/");
    files->files_[url] = std::move(f);
  }
  return files;
}

const StaticFile* StaticFiles::find(const std::string& path) const {
  auto it = files_.find(path == "/" ? "/index.html" : path);
  if (it != files_.end()) return &it->second;
  auto last_slash = path.rfind('/');
  bool has_extension = path.find('.', last_slash) != std::string::npos;
  if (has_extension) return nullptr;
  auto index = files_.find("/index.html");
  return index == files_.end() ? nullptr : &index->second;
}

}  // namespace muster::transport::http_api
