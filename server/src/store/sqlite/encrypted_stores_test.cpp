// The store conformance suite once more, on SQLite files encrypted by the VFS: every store behaves
// the same whether its pages are sealed or not.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <random>

#include "store/sqlite/sqlite_stores.hpp"
#include "store/testing/store_conformance.hpp"

namespace muster::store::sqlite {
namespace {

namespace fs = std::filesystem;

// Encrypted stores in a temporary directory that goes with them.
class EncryptedTempStores final : public Stores {
 public:
  EncryptedTempStores(fs::path dir, std::unique_ptr<Stores> inner) : dir_(std::move(dir)), inner_(std::move(inner)) {}
  ~EncryptedTempStores() override {
    inner_.reset();
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  OrganizationStore& organization() override { return inner_->organization(); }
  PeopleStore& people() override { return inner_->people(); }
  SessionStore& sessions() override { return inner_->sessions(); }
  InvitationStore& invitations() override { return inner_->invitations(); }
  AuditStore& audit() override { return inner_->audit(); }
  ConversationStore& conversations() override { return inner_->conversations(); }
  MessageStore& messages() override { return inner_->messages(); }
  MessageSearch& message_search() override { return inner_->message_search(); }
  AttachmentStore& attachments() override { return inner_->attachments(); }
  FileStore& files() override { return inner_->files(); }
  ModerationStore& moderation() override { return inner_->moderation(); }
  OversightStore& oversight() override { return inner_->oversight(); }
  RetentionStore& retention() override { return inner_->retention(); }
  TwoFactorStore& two_factor() override { return inner_->two_factor(); }
  ComplianceStore& compliance() override { return inner_->compliance(); }
  Transactor& transactor() override { return inner_->transactor(); }
  bool ready() override { return inner_->ready(); }

 private:
  fs::path dir_;
  std::unique_ptr<Stores> inner_;
};

std::unique_ptr<Stores> open_fresh_encrypted() {
  static std::atomic<int> counter{0};
  static const std::string run = std::to_string(std::random_device{}());
  fs::path dir = fs::temp_directory_path() / ("muster-encrypted-store-" + run + "-" + std::to_string(++counter));
  auto keyring = std::make_shared<crypto::Keyring>(std::vector<crypto::DataKey>{crypto::generate_data_key(1)}, 1);
  auto stores = open_stores(dir.string(), keyring);
  if (!stores.ok()) {
    ADD_FAILURE() << "cannot open encrypted SQLite stores in " << dir << ": " << stores.error().message;
    return nullptr;
  }
  return std::make_unique<EncryptedTempStores>(dir, std::move(stores).value());
}

using conformance::StoreConformanceTest;

INSTANTIATE_TEST_SUITE_P(EncryptedSqlite, StoreConformanceTest,
                         ::testing::Values(conformance::StoreBackend{"EncryptedSqlite", &open_fresh_encrypted}),
                         conformance::backend_name);

}  // namespace
}  // namespace muster::store::sqlite
