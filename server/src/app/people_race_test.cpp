// An admin's edit and a deactivation at the same moment, many times, against the real store: the
// deactivated person stays deactivated and the edit stays too, because each reads, checks and
// writes in one transaction (before, the edit wrote back a copy read before the deactivation and
// brought the leaver back). A person changing their own language never undoes either.
#include <gtest/gtest.h>

#include <filesystem>
#include <random>

#include "app/auth_service.hpp"
#include "app/people_service.hpp"
#include "app/race_testing.hpp"
#include "crypto/crypto.hpp"
#include "realtime/hub.hpp"
#include "store/sqlite/sqlite_stores.hpp"

namespace muster::app {
namespace {

namespace fs = std::filesystem;
using race_testing::race;

class PeopleRaceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(crypto::init().ok());
    dir_ = fs::temp_directory_path() / ("muster-people-race-" + std::to_string(std::random_device{}()));
    auto opened = store::sqlite::open_stores(dir_.string());
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    stores_ = std::move(opened).value();
    store::Organization org;
    org.name = "Acme";
    ASSERT_TRUE(stores_->organization().put(org).ok());
    auth_ = std::make_unique<AuthService>(*stores_, hub_, AppConfig{});
    memberships_ = std::make_unique<MembershipSync>(*stores_, hub_);
    people_ = std::make_unique<PeopleService>(*stores_, *auth_, *memberships_);
    admin_.person = add("p_admin", "Admin", domain::Role::Owner);
  }
  void TearDown() override {
    people_.reset();
    auth_.reset();
    stores_.reset();
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  domain::Person add(const std::string& id, const std::string& name, domain::Role role = domain::Role::Member) {
    domain::Person p;
    p.id = id;
    p.name = name;
    p.role = role;
    p.created_at = p.updated_at = 1'700'000'000;
    EXPECT_TRUE(stores_->people().insert(p).ok());
    return p;
  }

  fs::path dir_;
  realtime::LocalHub hub_;
  std::unique_ptr<store::Stores> stores_;
  std::unique_ptr<AuthService> auth_;
  std::unique_ptr<MembershipSync> memberships_;
  std::unique_ptr<PeopleService> people_;
  Actor admin_;
};

TEST_F(PeopleRaceTest, EditingWhileDeactivatingKeepsBoth) {
  for (int i = 0; i < 60; ++i) {
    auto id = "p_" + std::to_string(i);
    add(id, "Leaver " + std::to_string(i));
    domain::PersonPatch retitle;
    retitle.text["job_title"] = "Driver";
    race([&] { ASSERT_TRUE(people_->update(admin_, id, retitle).ok()); },
         [&] { ASSERT_TRUE(people_->deactivate(admin_, id).ok()); });
    auto stored = stores_->people().get(id).value();
    ASSERT_FALSE(stored.active) << "round " << i << ": the leaver is active again";
    ASSERT_EQ(stored.job_title, "Driver") << "round " << i << ": the edit was lost";
  }
}

TEST_F(PeopleRaceTest, ChangingOnesLanguageNeverUndoesAnAdminsChanges) {
  for (int i = 0; i < 60; ++i) {
    auto id = "p_lang_" + std::to_string(i);
    Actor self;
    self.person = add(id, "Self " + std::to_string(i));  // the session's copy, read before the changes
    domain::PersonPatch retitle;
    retitle.text["job_title"] = "Cashier";
    race([&] { ASSERT_TRUE(auth_->set_language(self, "ar").ok()); },
         [&] {
           ASSERT_TRUE(people_->update(admin_, id, retitle).ok());
           ASSERT_TRUE(people_->deactivate(admin_, id).ok());
         });
    auto stored = stores_->people().get(id).value();
    ASSERT_FALSE(stored.active) << "round " << i;
    ASSERT_EQ(stored.job_title, "Cashier") << "round " << i;
    ASSERT_EQ(stored.language, "ar") << "round " << i;
  }
}

}  // namespace
}  // namespace muster::app
