#include "backup/backup.hpp"

#include <nlohmann/json.hpp>

#include "core/clock.hpp"
#include "store/files/disk_file_store.hpp"
#include "store/sqlite/snapshot.hpp"

namespace muster::backup {

namespace fs = std::filesystem;

namespace {

void tell(const Progress& progress, const std::string& line) {
  if (progress) progress(line);
}

std::string hex(const unsigned char* bytes, size_t n) {
  std::string out(n * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), bytes, n);
  out.pop_back();
  return out;
}

}  // namespace

std::string encode_keyring(const crypto::Keyring& keys) {
  nlohmann::json j = {{"current", keys.current().id}, {"keys", nlohmann::json::array()}};
  for (auto id : keys.ids()) {
    auto key = keys.find(id);
    j["keys"].push_back({{"id", id}, {"key", hex(key->bytes.data(), key->bytes.size())}});
    sodium_memzero(key->bytes.data(), key->bytes.size());
  }
  std::string out = j.dump();
  for (auto& k : j["keys"]) sodium_memzero(k["key"].get_ref<std::string&>().data(), crypto::kDataKeyBytes * 2);
  return out;
}

Result<std::shared_ptr<crypto::Keyring>> decode_keyring(std::string_view bytes) {
  auto j = nlohmann::json::parse(bytes, nullptr, false);
  if (!j.is_object() || !j["current"].is_number_unsigned() || !j["keys"].is_array())
    return invalid("The backup's data keys are not valid.");
  std::vector<crypto::DataKey> keys;
  bool has_current = false;
  for (auto& k : j["keys"]) {
    crypto::DataKey key;
    if (!k["id"].is_number_unsigned() || !k["key"].is_string()) return invalid("The backup's data keys are not valid.");
    key.id = k["id"];
    auto& text = k["key"].get_ref<std::string&>();
    size_t n = 0;
    if (sodium_hex2bin(key.bytes.data(), key.bytes.size(), text.data(), text.size(), nullptr, &n, nullptr) != 0 ||
        n != key.bytes.size())
      return invalid("The backup's data keys are not valid.");
    sodium_memzero(text.data(), text.size());
    has_current = has_current || key.id == j["current"];
    keys.push_back(key);
  }
  if (!has_current) return invalid("The backup's data keys are not valid.");
  return std::make_shared<crypto::Keyring>(std::move(keys), j["current"].get<std::uint32_t>());
}

Result<BackupReport> make_backup(const BackupOptions& options, const BackupSecret& secret) {
  nlohmann::json begin = {{"format", kVersion}, {"created_at", now_seconds()}, {"muster_version", options.muster_version}};
  ASSIGN_OR_RETURN(auto writer, BackupWriter::create(options.out, secret, begin, options.chunk_size));
  tell(options.progress, "copying the database");
  ASSIGN_OR_RETURN(auto snapshot, store::sqlite::DatabaseSnapshot::take(options.data_dir, options.keyring));
  ASSIGN_OR_RETURN(auto keys, snapshot->file_keys());
  BackupReport report;
  std::error_code ec;
  report.database_bytes = fs::file_size(snapshot->path(), ec);
  tell(options.progress, "database: " + std::to_string(report.database_bytes / 1024) + " KiB, files: " +
                             std::to_string(keys.size()));
  TRY(writer->add_file(kDatabaseEntry, "muster.db", snapshot->path()));
  snapshot.reset();  // the copy is in the backup: remove it now, not at the end
  if (options.keyring) TRY(writer->add_bytes(kKeyringEntry, "keyring", encode_keyring(*options.keyring)));
  fs::path files_root = options.data_dir / "files";
  size_t done = 0;
  for (const auto& key : keys) {
    ASSIGN_OR_RETURN(auto path, store::files::file_path(files_root, key));
    std::string name = path.lexically_relative(options.data_dir).generic_string();
    auto added = writer->add_file(kFileEntry, name, path);
    if (!added.ok() && added.error().code == ErrorCode::NotFound) {
      writer->note_missing(name);
      ++report.missing_files;
    } else if (!added.ok()) {
      return added.error();
    } else {
      ++report.files;
    }
    if (++done % 500 == 0) tell(options.progress, "files: " + std::to_string(done) + "/" + std::to_string(keys.size()));
  }
  ASSIGN_OR_RETURN(report.bytes, writer->commit());
  return report;
}

}  // namespace muster::backup
