// The one behavioural test suite every store backend must pass (store/store.hpp's contract).
//
// A backend instantiates it once, in its own test file, with a factory that opens a fresh, empty
// set of stores for every test:
//
//   INSTANTIATE_TEST_SUITE_P(Sqlite, StoreConformanceTest,
//                            ::testing::Values(conformance::StoreBackend{"Sqlite", &open_fresh_sqlite}),
//                            conformance::backend_name);
//
// The cases themselves live in store_conformance_test.cpp (compiled once into the unit-test
// binary), so several backends can be instantiated side by side without defining them twice.
#pragma once
#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <ostream>
#include <string>

#include "domain/person.hpp"
#include "store/store.hpp"

namespace muster::store::conformance {

// Opens a fresh, empty database. Returns nullptr when the backend cannot run here (for example
// no PostgreSQL server configured): every case is then skipped, not failed.
using StoresFactory = std::function<std::unique_ptr<Stores>()>;

struct StoreBackend {
  std::string name;  // letters and digits only: it becomes part of the test names
  StoresFactory open;
};

inline void PrintTo(const StoreBackend& backend, std::ostream* os) { *os << backend.name; }

inline std::string backend_name(const ::testing::TestParamInfo<StoreBackend>& info) { return info.param.name; }

class StoreConformanceTest : public ::testing::TestWithParam<StoreBackend> {
 protected:
  void SetUp() override {
    stores_ = GetParam().open();
    if (!stores_) GTEST_SKIP() << "store backend " << GetParam().name << " is not available here";
  }
  void TearDown() override { stores_.reset(); }

  Stores& stores() { return *stores_; }
  PeopleStore& people() { return stores_->people(); }

  // A valid person (validate_person applied, as the app layer does before storing). `edit` runs
  // before validation.
  domain::Person make_person(const std::string& name, const std::function<void(domain::Person&)>& edit = {}) {
    domain::Person p;
    p.id = "p_" + std::to_string(++next_id_);
    p.name = name;
    p.created_at = p.updated_at = 1'700'000'000 + next_id_;
    if (edit) edit(p);
    auto status = domain::validate_person(p);
    EXPECT_TRUE(status.ok()) << name << ": " << status.error().message;
    return p;
  }

  // make_person, then insert; the test fails if the insert does.
  domain::Person add_person(const std::string& name, const std::function<void(domain::Person&)>& edit = {}) {
    auto p = make_person(name, edit);
    auto status = people().insert(p);
    EXPECT_TRUE(status.ok()) << name << ": " << status.error().message;
    return p;
  }

 private:
  std::unique_ptr<Stores> stores_;
  int next_id_ = 0;
};

}  // namespace muster::store::conformance
