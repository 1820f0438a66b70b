// For tests: SQLite stores in a fresh temporary directory that is removed when they close, plain
// or encrypted (the conformance suite runs on both).
#pragma once
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <memory>
#include <random>
#include <string>

#include "store/sqlite/sqlite_stores.hpp"

namespace muster::store::sqlite::testing {

namespace fs = std::filesystem;

// The stores plus the temporary directory holding their database, removed when they close.
class TempDirStores final : public Stores {
 public:
  TempDirStores(fs::path dir, std::unique_ptr<Stores> inner) : dir_(std::move(dir)), inner_(std::move(inner)) {}
  ~TempDirStores() override {
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
  AttentionStore& attention() override { return inner_->attention(); }
  ComplianceStore& compliance() override { return inner_->compliance(); }
  Transactor& transactor() override { return inner_->transactor(); }
  bool ready() override { return inner_->ready(); }

 private:
  fs::path dir_;
  std::unique_ptr<Stores> inner_;
};

// Stores in `<tmp>/<prefix>-<run>-<n>`; a null keyring keeps them plaintext.
inline std::unique_ptr<Stores> open_temp_stores(const std::string& prefix,
                                                std::shared_ptr<crypto::Keyring> keyring = nullptr) {
  static std::atomic<int> counter{0};
  static const std::string run = std::to_string(std::random_device{}());
  fs::path dir = fs::temp_directory_path() / (prefix + "-" + run + "-" + std::to_string(++counter));
  std::error_code ec;
  fs::remove_all(dir, ec);
  auto stores = open_stores(dir.string(), std::move(keyring));
  if (!stores.ok()) {
    ADD_FAILURE() << "cannot open SQLite stores in " << dir << ": " << stores.error().message;
    return nullptr;
  }
  return std::make_unique<TempDirStores>(dir, std::move(stores).value());
}

}  // namespace muster::store::sqlite::testing
