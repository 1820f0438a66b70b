// Who is told about a new message on their phone, and when: after each message commits, its
// recipients who have push subscriptions are run through the notification policy
// (domain/attention/notification_policy.hpp) on the notifier's own thread — never on the send
// path — and each gets a push now, a place in their next digest, or nothing. At the start of a
// person's working period the digest job sends one "while you were off" push.
#pragma once
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>

#include "app/attention/attention_service.hpp"
#include "app/attention/hours_book.hpp"
#include "app/attention/push_sender.hpp"
#include "app/org_guards.hpp"
#include "store/store.hpp"

namespace muster::app {

struct NotifierStats {
  std::uint64_t messages = 0;
  std::uint64_t decisions = 0;
  std::uint64_t pushes = 0;
  std::uint64_t held = 0;
  std::uint64_t dropped_full = 0;  // messages not considered: the notifier's queue was full
  // Thread CPU time: deciding (loading recipients, the policy, holds) and pushing (payloads,
  // encryption, handing to the sender).
  double decide_cpu_seconds = 0;
  double push_cpu_seconds = 0;
};

class Notifier {
 public:
  Notifier(store::Stores& stores, OrgGuards& guards, HoursBook& hours, AttentionService& attention, PushSender& sender,
           size_t queue_capacity = 10'000);
  ~Notifier();
  Notifier(const Notifier&) = delete;
  Notifier& operator=(const Notifier&) = delete;

  // After a message commits: queued for the notifier's thread; never blocks, never fails the send.
  void message_committed(std::shared_ptr<const store::Roster> roster, domain::Message message, std::string author_name);
  // The digest job: everyone whose notifications were held and who is at work now gets their digest.
  Status send_due_digests();
  NotifierStats stats() const;
  void drain();  // waits until every queued message has been considered (tests and benchmarks)
  void stop();

  struct Item {
    std::shared_ptr<const store::Roster> roster;
    domain::Message message;
    std::string author_name;
  };
  // One message's decisions and pushes, on the calling thread (the benchmark times this).
  Status notify(const Item& item);

 private:
  void run();
  // Everyone by id, for a fan-out's recipients; rebuilt only when the directory changed.
  struct PeopleById {
    std::shared_ptr<const std::vector<domain::Person>> people;  // what by_id points into
    std::unordered_map<std::string_view, const domain::Person*> by_id;
  };
  Result<std::shared_ptr<const PeopleById>> people_index();
  // A subscription's keys, parsed once (a fifth of an encryption's cost).
  std::optional<crypto::PushRecipient> recipient(const store::PushSubscription& s);
  // Encrypts `payload` for each of a person's subscriptions and hands them to the sender.
  void push(const std::vector<const store::PushSubscription*>& subscriptions, const std::string& person_id,
            const std::string& payload, domain::Urgency urgency, const std::string& topic);

  store::Stores& stores_;
  OrgGuards& guards_;
  HoursBook& hours_;
  AttentionService& attention_;
  PushSender& sender_;
  const size_t capacity_;

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable idle_;
  std::deque<Item> queue_;  // guarded by mutex_
  bool busy_ = false;       // guarded by mutex_
  bool stopping_ = false;   // guarded by mutex_
  NotifierStats stats_;     // guarded by mutex_
  std::thread thread_;
  std::mutex people_mutex_;
  std::shared_ptr<const PeopleById> people_by_id_;  // guarded by people_mutex_
  std::mutex recipients_mutex_;
  std::unordered_map<std::string, crypto::PushRecipient> recipients_;  // guarded by recipients_mutex_
};

}  // namespace muster::app
