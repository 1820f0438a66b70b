#include "backup/archive.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace muster::backup {

namespace fs = std::filesystem;

namespace {

constexpr size_t kDataRecord = 64 * 1024;  // bytes of an entry per DATA record

std::string hex_digest(crypto_generichash_state& state) {
  unsigned char digest[32];
  crypto_generichash_final(&state, digest, sizeof digest);
  char hex[65];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

Error damaged(const std::string& what) { return invalid("The backup is damaged: " + what + "."); }

nlohmann::json entry_json(const EntryInfo& e) {
  return {{"kind", e.kind}, {"name", e.name}, {"size", e.size}, {"blake2b", e.digest}};
}

}  // namespace

Result<std::unique_ptr<BackupWriter>> BackupWriter::create(const fs::path& out, const BackupSecret& secret,
                                                           nlohmann::json begin, std::uint32_t chunk_size) {
  std::unique_ptr<BackupWriter> w(new BackupWriter());
  w->out_ = out;
  w->partial_ = out;
  w->partial_ += ".partial";
  w->file_ = std::fopen(w->partial_.c_str(), "wbx");
  if (!w->file_)
    return Error{ErrorCode::Unavailable, "Cannot create " + w->partial_.string() + ": " + std::strerror(errno)};
  ::fchmod(::fileno(w->file_), 0600);
  ASSIGN_OR_RETURN(w->records_, RecordWriter::start(w->file_, secret, chunk_size));
  TRY(w->records_->write(RecordType::Begin, begin.dump()));
  return w;
}

BackupWriter::~BackupWriter() {
  if (file_) std::fclose(file_);
  if (!committed_) {
    std::error_code ec;
    fs::remove(partial_, ec);
  }
}

Status BackupWriter::begin_entry(const std::string& kind, const std::string& name) {
  entries_.push_back({kind, name, 0, ""});
  crypto_generichash_init(&hash_, nullptr, 0, 32);
  return records_->write(RecordType::Entry, nlohmann::json{{"kind", kind}, {"name", name}}.dump());
}

Status BackupWriter::data(std::string_view bytes) {
  entries_.back().size += bytes.size();
  crypto_generichash_update(&hash_, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  return records_->write(RecordType::Data, bytes);
}

void BackupWriter::end_entry() { entries_.back().digest = hex_digest(hash_); }

Status BackupWriter::add_bytes(const std::string& kind, const std::string& name, std::string_view bytes) {
  TRY(begin_entry(kind, name));
  for (size_t at = 0; at < bytes.size(); at += kDataRecord) TRY(data(bytes.substr(at, kDataRecord)));
  end_entry();
  return ok_status();
}

Status BackupWriter::add_file(const std::string& kind, const std::string& name, const fs::path& path) {
  std::FILE* in = std::fopen(path.c_str(), "rb");
  if (!in) {
    if (errno == ENOENT) return not_found("gone");
    return Error{ErrorCode::Unavailable, "Cannot read " + path.string() + ": " + std::strerror(errno)};
  }
  Status status = begin_entry(kind, name);
  std::string buffer(kDataRecord, '\0');
  while (status.ok()) {
    size_t n = std::fread(buffer.data(), 1, buffer.size(), in);
    if (n > 0) status = data(std::string_view(buffer.data(), n));
    if (n < buffer.size()) {
      if (std::ferror(in)) status = Error{ErrorCode::Unavailable, "Cannot read " + path.string() + "."};
      break;
    }
  }
  std::fclose(in);
  if (status.ok()) end_entry();
  return status;
}

Result<std::uint64_t> BackupWriter::commit() {
  nlohmann::json entries = nlohmann::json::array();
  size_t files = 0, databases = 0, keyrings = 0;
  for (const auto& e : entries_) {
    entries.push_back(entry_json(e));
    (e.kind == kFileEntry ? files : e.kind == kDatabaseEntry ? databases : keyrings)++;
  }
  nlohmann::json manifest = {{"entries", entries},
                             {"counts", {{"database", databases}, {"files", files}, {"keyring", keyrings}}},
                             {"missing_files", missing_}};
  TRY(records_->write(RecordType::Manifest, manifest.dump()));
  TRY(records_->finish());
  if (::fsync(::fileno(file_)) != 0 || std::fclose(file_) != 0) {
    file_ = nullptr;
    return Error{ErrorCode::Unavailable, "Cannot write " + partial_.string() + "."};
  }
  file_ = nullptr;
  std::error_code ec;
  fs::rename(partial_, out_, ec);
  if (ec) return Error{ErrorCode::Unavailable, "Cannot rename the backup to " + out_.string() + ": " + ec.message()};
  committed_ = true;
  return static_cast<std::uint64_t>(fs::file_size(out_, ec));
}

Result<BackupSummary> read_backup(const fs::path& path, const BackupSecret& secret, BackupSink* sink) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!file) return invalid("Cannot open " + path.string() + ": " + std::strerror(errno));
  ASSIGN_OR_RETURN(auto records, RecordReader::open(file.get(), secret));
  BackupSummary summary;
  std::optional<EntryInfo> open_entry;
  crypto_generichash_state hash;
  std::optional<nlohmann::json> manifest;
  RecordType type;
  std::string payload;
  bool first = true;
  auto close_entry = [&]() -> Status {
    if (!open_entry) return ok_status();
    open_entry->digest = hex_digest(hash);
    summary.entries.push_back(std::move(*open_entry));
    open_entry.reset();
    return sink ? sink->end_entry() : ok_status();
  };
  while (true) {
    ASSIGN_OR_RETURN(bool more, records->next(type, payload));
    if (!more) break;
    if (manifest) return damaged("records follow the manifest");
    if (first != (type == RecordType::Begin)) return damaged("its records are out of order");
    switch (type) {
      case RecordType::Begin:
        first = false;
        summary.begin = nlohmann::json::parse(payload, nullptr, false);
        if (!summary.begin.is_object()) return damaged("its first record is not valid");
        break;
      case RecordType::Entry: {
        TRY(close_entry());
        auto j = nlohmann::json::parse(payload, nullptr, false);
        if (!j.is_object() || !j["kind"].is_string() || !j["name"].is_string()) return damaged("an entry is not valid");
        open_entry = EntryInfo{j["kind"].get<std::string>(), j["name"].get<std::string>(), 0, ""};
        crypto_generichash_init(&hash, nullptr, 0, 32);
        if (sink) TRY(sink->begin_entry(open_entry->kind, open_entry->name));
        break;
      }
      case RecordType::Data:
        if (!open_entry) return damaged("data outside an entry");
        open_entry->size += payload.size();
        crypto_generichash_update(&hash, reinterpret_cast<const unsigned char*>(payload.data()), payload.size());
        if (sink) TRY(sink->data(payload));
        break;
      case RecordType::Manifest:
        TRY(close_entry());
        manifest = nlohmann::json::parse(payload, nullptr, false);
        if (!manifest->is_object()) return damaged("its manifest is not valid");
        break;
    }
  }
  if (!manifest) return damaged("its manifest is missing");
  // The manifest must list exactly the entries read, in order, with their sizes and digests.
  const auto& listed = (*manifest)["entries"];
  if (!listed.is_array() || listed.size() != summary.entries.size())
    return damaged("the manifest lists " + std::to_string(listed.is_array() ? listed.size() : 0) + " entries, " +
                   std::to_string(summary.entries.size()) + " were found");
  size_t databases = 0, keyrings = 0;
  for (size_t i = 0; i < listed.size(); ++i) {
    const auto& e = summary.entries[i];
    if (listed[i] != entry_json(e)) return damaged("entry '" + e.name + "' does not match its manifest line");
    if (e.kind == kFileEntry) ++summary.files;
    else if (e.kind == kDatabaseEntry) ++databases, summary.database_bytes += e.size;
    else if (e.kind == kKeyringEntry) ++keyrings;
    else return damaged("unknown entry kind '" + e.kind + "'");
  }
  nlohmann::json counts = {{"database", databases}, {"files", summary.files}, {"keyring", keyrings}};
  if ((*manifest)["counts"] != counts) return damaged("the manifest's counts do not match its entries");
  if (databases != 1) return damaged("it holds no database");
  summary.has_keyring = keyrings == 1;
  if (auto& missing = (*manifest)["missing_files"]; missing.is_array())
    for (auto& m : missing)
      if (m.is_string()) summary.missing_files.push_back(m.get<std::string>());
  return summary;
}

}  // namespace muster::backup
