#pragma once

#include "store/sqlite/committed_cache.hpp"
#include "store/sqlite/database.hpp"
#include "store/store.hpp"

namespace muster::store::sqlite {

class SqlitePeopleStore final : public PeopleStore {
 public:
  explicit SqlitePeopleStore(Database& db) : db_(db) {}
  Status insert(const domain::Person& person) override;
  Status update(const domain::Person& person) override;
  Status set_password(const std::string& person_id, const std::string& password_hash) override;
  Status set_active(const std::string& person_id, bool active, UnixSeconds updated_at) override;
  Status set_language(const std::string& person_id, const std::optional<std::string>& language,
                      UnixSeconds updated_at) override;
  Result<domain::Person> get(const std::string& id) override;
  Result<std::string> password_hash(const std::string& id) override;
  Result<domain::Person> find_by_login(const std::string& login) override;
  Result<std::optional<domain::Person>> find_by_employee_id(const std::string& employee_id) override;
  Result<std::optional<domain::Person>> find_by_email(const std::string& email) override;
  Result<std::vector<domain::Person>> search(const PeopleQuery& query) override;
  Result<std::shared_ptr<const std::vector<domain::Person>>> all() override;
  Result<std::vector<Facet>> departments() override;
  Result<std::vector<Facet>> locations() override;
  Result<int> count() override;
  Result<int> refresh_search_keys() override;
  Status set_photo(const std::string& person_id, const std::optional<PersonPhoto>& photo,
                   UnixSeconds updated_at) override;
  Result<std::optional<std::string>> photo(const std::string& person_id, const std::string& version,
                                           PhotoSize size) override;
  Result<std::vector<std::pair<std::string, std::string>>> photo_versions() override;

 private:
  Result<std::optional<domain::Person>> find_one(const char* sql, const std::string& key);
  Result<std::vector<Facet>> facets(const char* sql);
  void changed(const std::string& person_id);  // inside every write of a person
  Database& db_;
  CommittedCache<domain::Person> cache_{db_, 100'000};  // by id: every request reads its person
  // The whole directory, for what evaluates every person (smart-group rules, import matching):
  // read once per change instead of once per call (100,000 people cost ≈0.5 s to read).
  CommittedCache<std::shared_ptr<const std::vector<domain::Person>>> everyone_{db_, 1};
};

}  // namespace muster::store::sqlite
