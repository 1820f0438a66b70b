#include "app/attention/notifier.hpp"

#include <spdlog/spdlog.h>

#include <time.h>

#include <algorithm>
#include <unordered_map>

#include "app/attention/background_thread.hpp"
#include "app/attention/push_payload.hpp"
#include "domain/attention/notification_policy.hpp"

namespace muster::app {

namespace {

// RFC 8030 Urgency: what a phone on battery saving still wakes for.
std::string push_urgency(domain::Urgency u) { return u == domain::Urgency::Urgent ? "high" : "normal"; }

double thread_cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}

// What the digest counts as a mention: the person, or everyone, named in the text.
bool is_mention(domain::EventKind kind) {
  return kind == domain::EventKind::Mention || kind == domain::EventKind::MentionEveryone;
}

}  // namespace

Notifier::Notifier(store::Stores& stores, OrgGuards& guards, HoursBook& hours, AttentionService& attention,
                   PushSender& sender, size_t queue_capacity)
    : stores_(stores), guards_(guards), hours_(hours), attention_(attention), sender_(sender), capacity_(queue_capacity) {
  thread_ = std::thread([this] { run(); });
}

Notifier::~Notifier() { stop(); }

void Notifier::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Notifier::message_committed(std::shared_ptr<const store::Roster> roster, domain::Message message,
                                 std::string author_name) {
  if (attention_.subscribers().empty()) return;  // nobody has a device to notify
  bool was_idle = false;
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    if (queue_.size() >= capacity_) {
      ++stats_.dropped_full;
      return;
    }
    // Only a waiting notifier needs waking; a busy one finds the queue when it is done.
    was_idle = queue_.empty() && !busy_;
    queue_.push_back({std::move(roster), std::move(message), std::move(author_name)});
  }
  if (was_idle) wake_.notify_one();
}

NotifierStats Notifier::stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

void Notifier::drain() {
  std::unique_lock lock(mutex_);
  idle_.wait(lock, [&] { return stopping_ || (queue_.empty() && !busy_); });
}

void Notifier::run() {
  lower_thread_priority();
  std::unique_lock lock(mutex_);
  while (true) {
    wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    if (stopping_) return;
    Item item = std::move(queue_.front());
    queue_.pop_front();
    busy_ = true;
    lock.unlock();
    if (auto done = notify(item); !done.ok())
      spdlog::warn("attention: notifications for message {} not decided: {}", item.message.id, done.error().message);
    lock.lock();
    busy_ = false;
    if (queue_.empty()) idle_.notify_all();
  }
}

Status Notifier::notify(const Item& item) {
  double cpu_start = thread_cpu_seconds();
  const auto& roster = *item.roster;
  const auto& m = item.message;
  // Only members with a device to notify matter here; everyone else sees it in the app.
  if (!attention_.subscribers().any_of(roster.person_ids)) return ok_status();
  // Kept from message to message (one per thread that notifies): 10,000 rows' memory is not
  // allocated and faulted in again for each.
  thread_local std::vector<store::PushAudienceRow> audience;
  TRY(stores_.attention().push_audience(m.conversation_id, audience));
  struct Notify {
    const store::PushAudienceRow* row;
    const domain::Person* person;
    std::string_view reason;
    size_t devices;
  };
  std::vector<Notify> to_send;
  std::vector<store::HeldNotification> held;
  std::uint64_t decisions = 0, pushes = 0;
  double push_cpu = 0;
  if (!audience.empty()) {
    ASSIGN_OR_RETURN(auto people, people_index());
    ASSIGN_OR_RETURN(auto org, stores_.organization().get());
    std::string parent_author;
    if (m.reply_to) {
      auto parent = stores_.messages().get(*m.reply_to);
      if (parent.ok()) parent_author = parent->author_id;
    }
    bool direct = roster.conversation.kind == domain::ConversationKind::Direct;
    bool announcement = roster.conversation.kind == domain::ConversationKind::Announcement;
    UnixSeconds now = attention_.clock().now();
    // Decide once per person (rows come by person, one per device)...
    for (size_t i = 0; i < audience.size();) {
      const auto& row = audience[i];
      size_t first = i;
      while (i < audience.size() && audience[i].person_id == row.person_id) ++i;
      auto person = people->by_id.find(row.person_id);
      if (row.person_id == m.author_id || person == people->by_id.end() || !person->second->active) continue;
      domain::NotificationInput in;
      bool mentioned = std::find(m.mentions.begin(), m.mentions.end(), row.person_id) != m.mentions.end();
      in.kind = domain::message_kind(direct, mentioned, parent_author == row.person_id, m.mentions_all, announcement);
      in.urgency = m.urgency;
      in.level = row.level;
      in.muted = row.muted;
      in.working = hours_.working(*person->second, now);
      in.everyone_mentions_allowed = true;  // an @all that was sent passed the mention_all policy
      auto verdict = domain::decide(in);
      ++decisions;
      if (verdict.decision == domain::Decision::HoldForDigest)
        held.push_back({row.person_id, m.conversation_id, m.seq, is_mention(in.kind)});
      else if (verdict.decision == domain::Decision::Send)
        to_send.push_back({&row, person->second, verdict.reason, i - first});
    }
    // In small transactions: sends share the one database writer, and wait at most for one of these.
    constexpr size_t kHoldsPerWrite = 512;
    for (size_t at = 0; at < held.size(); at += kHoldsPerWrite) {
      std::vector<store::HeldNotification> part(held.begin() + static_cast<std::ptrdiff_t>(at),
                                                held.begin() + static_cast<std::ptrdiff_t>(std::min(held.size(), at + kHoldsPerWrite)));
      TRY(stores_.attention().hold(part, now));
    }
    // ...then write, encrypt and queue the pushes, each with its unread count.
    double push_start = thread_cpu_seconds();
    std::vector<std::string> recipients;
    recipients.reserve(to_send.size());
    for (const auto& n : to_send) recipients.push_back(n.row->person_id);
    ASSIGN_OR_RETURN(auto read_up_to, stores_.attention().read_positions(m.conversation_id, recipients));
    bool with_preview = guards_.policies()->notification_content == domain::NotificationContent::Preview;
    std::vector<const store::PushSubscription*> devices;
    for (size_t k = 0; k < to_send.size(); ++k) {
      const auto& n = to_send[k];
      MessagePush p;
      p.lang = n.person->language.value_or(org ? org->default_language : "en");
      p.conversation = &roster.conversation;
      p.conversation_name = direct ? item.author_name : roster.conversation.name;
      p.message = &m;
      p.sender_name = item.author_name;
      p.with_preview = with_preview;
      p.unread = m.seq - read_up_to[k];
      p.reason = n.reason;
      devices.clear();
      for (size_t d = 0; d < n.devices; ++d) devices.push_back(&n.row[d].subscription);
      push(devices, n.row->person_id, message_payload(p), m.urgency, m.conversation_id);
      pushes += n.devices;
    }
    push_cpu = thread_cpu_seconds() - push_start;
  }
  double total_cpu = thread_cpu_seconds() - cpu_start;
  std::lock_guard lock(mutex_);
  stats_.decide_cpu_seconds += total_cpu - push_cpu;
  stats_.push_cpu_seconds += push_cpu;
  ++stats_.messages;
  stats_.decisions += decisions;
  stats_.pushes += pushes;
  stats_.held += held.size();
  return ok_status();
}

Result<std::shared_ptr<const Notifier::PeopleById>> Notifier::people_index() {
  ASSIGN_OR_RETURN(auto people, stores_.people().all());
  std::lock_guard lock(people_mutex_);
  // The store hands out the same list until someone changes: index it once per version.
  if (!people_by_id_ || people_by_id_->people != people) {
    auto index = std::make_shared<PeopleById>();
    index->by_id.reserve(people->size());
    for (const auto& p : *people) index->by_id.emplace(p.id, &p);
    index->people = std::move(people);
    people_by_id_ = std::move(index);
  }
  return people_by_id_;
}

std::optional<crypto::PushRecipient> Notifier::recipient(const store::PushSubscription& s) {
  {
    std::lock_guard lock(recipients_mutex_);
    if (auto it = recipients_.find(s.id); it != recipients_.end()) return it->second;
  }
  auto p256dh = crypto::base64url_decode(s.p256dh);
  auto auth = crypto::base64url_decode(s.auth);
  if (!p256dh || !auth) return std::nullopt;
  auto parsed = crypto::PushRecipient::parse({*p256dh, *auth});
  if (!parsed.ok()) return std::nullopt;
  std::lock_guard lock(recipients_mutex_);
  if (recipients_.size() >= 200'000) recipients_.clear();  // subscriptions come and go; ids are never reused
  recipients_.emplace(s.id, *parsed);
  return std::move(parsed).value();
}

void Notifier::push(const std::vector<const store::PushSubscription*>& subscriptions, const std::string& person_id,
                    const std::string& payload, domain::Urgency urgency, const std::string& topic) {
  for (const auto* s : subscriptions) {
    auto to = recipient(*s);
    if (!to) continue;  // checked when subscribing; a key gone bad fails only its own pushes
    auto body = crypto::encrypt_push_payload(payload, *to);
    if (!body.ok()) continue;
    PushDelivery d;
    d.subscription_id = s->id;
    d.person_id = person_id;
    d.endpoint = s->endpoint;
    d.body = std::move(body).value();
    d.urgency = push_urgency(urgency);
    d.topic = topic.substr(0, 32);
    sender_.enqueue(std::move(d));
  }
}

Status Notifier::send_due_digests() {
  TRY(attention_.reload_subscribers());
  UnixSeconds now = attention_.clock().now();
  ASSIGN_OR_RETURN(auto holds, stores_.attention().open_holds());
  if (holds.empty()) return ok_status();
  ASSIGN_OR_RETURN(auto org, stores_.organization().get());
  for (const auto& hold : holds) {
    auto person = stores_.people().get(hold.person_id);
    if (!person.ok()) continue;
    if (person->active && !hours_.working(*person, now)) continue;
    ASSIGN_OR_RETURN(auto digest, attention_.digest_of(hold.person_id));
    // Marked first: by the time the push arrives, the digest page shows it as sent.
    TRY(stores_.attention().mark_digest_sent(hold.person_id, now));
    if (!person->active || digest.messages == 0) continue;
    ASSIGN_OR_RETURN(auto subscriptions, stores_.attention().subscriptions(hold.person_id));
    std::vector<const store::PushSubscription*> subs;
    for (const auto& s : subscriptions) subs.push_back(&s);
    DigestPush p{person->language.value_or(org ? org->default_language : "en"), digest.messages,
                 static_cast<int>(digest.conversations.size()), digest.mentions};
    push(subs, hold.person_id, digest_payload(p), domain::Urgency::Normal, "digest");
  }
  return ok_status();
}

}  // namespace muster::app
