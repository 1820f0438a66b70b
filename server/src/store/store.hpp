// Store interfaces, one per aggregate. Backends (store/sqlite, later store/postgres) implement
// them; only main.cpp picks one. Every method is thread-safe. Errors: NotFound when a looked-up
// row is absent, Conflict when a unique key is taken, Unavailable/Internal on database failure.
#pragma once
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "store/attachment_store.hpp"
#include "store/chat_store.hpp"
#include "store/compliance_store.hpp"
#include "store/moderation_store.hpp"
#include "store/oversight_store.hpp"
#include "store/attention_store.hpp"
#include "store/retention_store.hpp"
#include "store/two_factor_store.hpp"
#include "domain/person.hpp"
#include "domain/policies.hpp"
#include "domain/visibility.hpp"

namespace muster::store {

struct Organization {
  std::string name;
  std::string default_language = "en";
  domain::VisibilityPolicy visibility;
  domain::OrgPolicies policies;
  UnixSeconds created_at = 0;
  std::string phone_region;  // ISO 3166 alpha-2 for numbers without a country code; "" for none
  // Which keys the people rows were last indexed with (PeopleStore::refresh_search_keys).
  std::string search_keys_version;
};

class OrganizationStore {
 public:
  virtual ~OrganizationStore() = default;
  virtual Result<std::optional<Organization>> get() = 0;
  virtual Status put(const Organization& org) = 0;  // creates or replaces the one organization
};

struct PeopleQuery {
  std::vector<std::string> terms;  // normalized search terms, all must match
  // Besides names, the fields (domain::hideable_search_fields) the terms may match: the viewer's visible ones.
  std::vector<std::string> fields;
  std::string department;
  std::string location;
  std::string tag;
  std::optional<bool> active;  // nullopt: both
  // When set: only this person and the people who share a conversation with them (externals' view).
  std::string contacts_of;
  int limit = 50;
  std::string after_sort_key;  // keyset cursor
  std::string after_id;
};

struct Facet {
  std::string name;
  int count = 0;
};

// A profile photo as stored: two square JPEGs, named together by `version` (app/thumbnail.hpp makes them).
struct PersonPhoto {
  std::string version;
  std::string large;  // ProfilePhoto::kLargeSide pixels square
  std::string small;  // for lists
};
enum class PhotoSize { Large, Small };

class PeopleStore {
 public:
  virtual ~PeopleStore() = default;
  virtual Status insert(const domain::Person& person) = 0;
  virtual Status update(const domain::Person& person) = 0;  // NotFound if absent
  // Targeted: only the status or the language (and updated_at) change; NotFound if absent.
  virtual Status set_active(const std::string& person_id, bool active, UnixSeconds updated_at) = 0;
  virtual Status set_language(const std::string& person_id, const std::optional<std::string>& language,
                              UnixSeconds updated_at) = 0;
  virtual Status set_password(const std::string& person_id, const std::string& password_hash) = 0;
  virtual Result<domain::Person> get(const std::string& id) = 0;
  virtual Result<std::string> password_hash(const std::string& id) = 0;
  // Finds by email, phone or employee id (any of the keys); NotFound when none or ambiguous.
  virtual Result<domain::Person> find_by_login(const std::string& login) = 0;
  virtual Result<std::optional<domain::Person>> find_by_employee_id(const std::string& employee_id) = 0;
  virtual Result<std::optional<domain::Person>> find_by_email(const std::string& email) = 0;
  virtual Result<std::vector<domain::Person>> search(const PeopleQuery& query) = 0;
  // Everyone, in directory order; shared and read-only, so callers need not copy it.
  virtual Result<std::shared_ptr<const std::vector<domain::Person>>> all() = 0;
  virtual Result<std::vector<Facet>> departments() = 0;  // active people only
  virtual Result<std::vector<Facet>> locations() = 0;
  virtual Result<int> count() = 0;
  // Recomputes every person's phone key, search text and place in name order (after the
  // organization's country or the way keys are made changed); returns how many phone numbers now collide with another person's
  // and were keyed by their digits instead. In the caller's transaction.
  virtual Result<int> refresh_search_keys() = 0;

  // Profile photos: nullopt removes it. Sets the person's photo_version (and updated_at); NotFound if absent.
  virtual Status set_photo(const std::string& person_id, const std::optional<PersonPhoto>& photo,
                           UnixSeconds updated_at) = 0;
  // The JPEG of that version; nullopt when the person has no photo or another version now.
  virtual Result<std::optional<std::string>> photo(const std::string& person_id, const std::string& version,
                                                   PhotoSize size) = 0;
  // Person id -> photo version, for everyone who has a photo.
  virtual Result<std::vector<std::pair<std::string, std::string>>> photo_versions() = 0;
};

struct Session {
  std::string id;
  std::string person_id;
  std::string token_digest;
  std::string csrf_token;  // empty for bearer-token sessions
  std::string kind;        // "cookie" or "bearer"
  std::string device;
  std::string ip;
  UnixSeconds created_at = 0;
  UnixSeconds last_seen_at = 0;
  UnixSeconds expires_at = 0;
};

class SessionStore {
 public:
  virtual ~SessionStore() = default;
  virtual Status insert(const Session& session) = 0;
  virtual Result<Session> find_by_digest(const std::string& token_digest) = 0;
  virtual Result<std::vector<Session>> list_for_person(const std::string& person_id) = 0;
  // Records when the session was last used, without waiting for it to be stored: it runs on the
  // request path, where a wait for a commit would hold up a thread serving many connections.
  // Transactor::flush waits for it.
  virtual Status touch(const std::string& session_id, UnixSeconds at) = 0;
  virtual Status remove(const std::string& session_id) = 0;
  // Returns the ids of the removed sessions, so live connections can be closed.
  virtual Result<std::vector<std::string>> remove_all_for_person(const std::string& person_id) = 0;

  // Devices and session policies (app/auth_sessions.cpp).
  virtual Result<std::vector<Session>> list_all() = 0;  // for the sweep of lapsed sessions
  // "End and erase": the ended session's token is remembered until `expires_at`.
  virtual Status add_tombstone(const Session& ended, UnixSeconds at) = 0;
  virtual Result<bool> has_tombstone(const std::string& token_digest, UnixSeconds now) = 0;
  virtual Status remove_tombstones_before(UnixSeconds now) = 0;
};

struct Invitation {
  std::string token_digest;
  std::string person_id;
  UnixSeconds created_at = 0;
  UnixSeconds expires_at = 0;
  std::optional<UnixSeconds> used_at;
};

class InvitationStore {
 public:
  virtual ~InvitationStore() = default;
  // Replaces any unused invitation of the same person: only the newest link works.
  virtual Status replace(const Invitation& invitation) = 0;
  virtual Result<Invitation> find(const std::string& token_digest) = 0;
  virtual Status mark_used(const std::string& token_digest, UnixSeconds at) = 0;
};

struct AuditEntry {
  std::int64_t id = 0;
  UnixSeconds at = 0;
  std::string actor_id;  // empty for the command line
  std::string actor_name;
  std::string action;
  std::string target_type;
  std::string target_id;
  std::string ip;
  std::string details_json = "{}";
};

struct AuditQuery {
  std::string actor_id;
  std::string action;
  std::optional<UnixSeconds> since;
  std::optional<UnixSeconds> until;
  int limit = 50;
  std::optional<std::int64_t> before_id;  // cursor: entries older than this id
};

// The audit log's hash chain (store/audit_chain.hpp): what verification found.
enum class AuditChainFault { Edited, Removed, Reordered, Inserted };
struct AuditChainProblem {
  AuditChainFault fault = AuditChainFault::Edited;
  std::int64_t seq = 0;  // the sequence number where the chain breaks
  std::int64_t id = 0;   // the entry found there (for a removal: the one after the gap)
  std::string message;   // one sentence for people
};

struct AuditChainReport {
  std::int64_t count = 0;      // entries checked
  std::string head;            // the last entry's hash (the genesis hash when empty)
  std::optional<AuditChainProblem> problem;  // the first break, if any
};

class AuditStore {
 public:
  virtual ~AuditStore() = default;
  virtual Status append(const AuditEntry& entry) = 0;
  virtual Result<std::vector<AuditEntry>> list(const AuditQuery& query) = 0;
  // The chain's newest entry: its sequence number and hash (0 and the genesis hash when empty).
  virtual Result<std::pair<std::int64_t, std::string>> head() = 0;
  // Walks the whole chain in order and reports the first entry that was edited, removed,
  // inserted or reordered (reading, never writing).
  virtual Result<AuditChainReport> verify() = 0;
};

// Runs `work` in one write transaction: every store call made inside it on this thread commits
// or rolls back together. Rolls back when `work` returns an error.
class Transactor {
 public:
  virtual ~Transactor() = default;
  // Runs `work` in a transaction (joining the caller's, when nested) and returns once it has
  // committed and its effects have run, or it rolled back.
  virtual Status in_transaction(const std::function<Status()>& work) = 0;
  // The same without waiting: `work` runs in a transaction of its own (group-committed with
  // others) and `done` gets its result after the commit and its effects, or after the rollback.
  // `done` runs where effects run: quick work only, and no transaction of its own.
  // Submissions from one thread are stored in the order they were made.
  virtual void submit(std::function<Status()> work, std::function<void(Status)> done) = 0;
  // Returns once everything submitted before it has been stored and answered.
  Status flush() {
    return in_transaction([] { return ok_status(); });
  }
  // Inside in_transaction: runs `effect` after the commit and after every earlier transaction's
  // effects, so effects (events) leave in commit order. Dropped if the transaction rolls back.
  // Effects must not start a transaction.
  virtual void after_commit(std::function<void()> effect) = 0;
};

struct Stores {
  virtual ~Stores() = default;
  virtual OrganizationStore& organization() = 0;
  virtual PeopleStore& people() = 0;
  virtual SessionStore& sessions() = 0;
  virtual InvitationStore& invitations() = 0;
  virtual AuditStore& audit() = 0;
  virtual ConversationStore& conversations() = 0;
  virtual MessageStore& messages() = 0;
  virtual MessageSearch& message_search() = 0;
  virtual AttachmentStore& attachments() = 0;
  virtual FileStore& files() = 0;  // attachment bytes, under <data dir>/files
  virtual ModerationStore& moderation() = 0;
  virtual OversightStore& oversight() = 0;
  virtual RetentionStore& retention() = 0;
  virtual TwoFactorStore& two_factor() = 0;
  virtual AttentionStore& attention() = 0;

  virtual ComplianceStore& compliance() = 0;
  virtual Transactor& transactor() = 0;
  virtual bool ready() = 0;
};

}  // namespace muster::store
