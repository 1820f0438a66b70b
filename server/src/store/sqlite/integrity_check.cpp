#include "store/sqlite/integrity_check.hpp"

#include <filesystem>

#include "store/sqlite/database.hpp"
#include "store/sqlite/encrypted_vfs.hpp"

namespace muster::store::sqlite {

Result<std::vector<std::string>> check_integrity(const std::string& data_dir, std::shared_ptr<crypto::Keyring> keyring) {
  std::vector<std::string> problems;
  int checked = 0;
  for (const char* name : {"muster.db", "search.db"}) {
    auto path = std::filesystem::path(data_dir) / name;
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) continue;
    // Read-write, like the server: an unfinished WAL is recovered first, as a restart would.
    if (keyring) TRY(use_encryption_keys(path.string(), keyring));
    ASSIGN_OR_RETURN(auto connection, Connection::open(path.string(), false, keyring != nullptr));
    ASSIGN_OR_RETURN(auto check, connection->prepare_once("PRAGMA integrity_check"));
    TRY(check.each_row([&](const Statement& row) {
      if (auto line = row.text(0); line != "ok") problems.push_back(std::string(name) + ": " + line);
    }));
    ++checked;
  }
  if (checked == 0) return not_found("No Muster database in '" + data_dir + "'.");
  return problems;
}

}  // namespace muster::store::sqlite
