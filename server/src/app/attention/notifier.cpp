#include "app/attention/notifier.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <unordered_map>

#include "app/attention/push_payload.hpp"
#include "domain/attention/notification_policy.hpp"

namespace muster::app {

namespace {

// RFC 8030 Urgency: what a phone on battery saving still wakes for.
std::string push_urgency(domain::Urgency u) { return u == domain::Urgency::Urgent ? "high" : "normal"; }

bool is_mention(domain::EventKind kind) {
  return kind == domain::EventKind::Mention || kind == domain::EventKind::MentionEveryone ||
         kind == domain::EventKind::Direct || kind == domain::EventKind::Reply;
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
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    if (queue_.size() >= capacity_) {
      ++stats_.dropped_full;
      return;
    }
    queue_.push_back({std::move(roster), std::move(message), std::move(author_name)});
  }
  wake_.notify_one();
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
  const auto& roster = *item.roster;
  const auto& m = item.message;
  // Only people with a device to notify matter here; everyone else sees it in the app.
  ASSIGN_OR_RETURN(auto subscriptions, stores_.attention().subscriptions_among(roster.person_ids));
  std::unordered_map<std::string, std::vector<const store::PushSubscription*>> by_person;
  for (const auto& s : subscriptions)
    if (s.person_id != m.author_id) by_person[s.person_id].push_back(&s);
  std::uint64_t decisions = 0, pushes = 0;
  std::vector<store::HeldNotification> held;
  if (!by_person.empty()) {
    ASSIGN_OR_RETURN(auto members, stores_.conversations().members(m.conversation_id));
    ASSIGN_OR_RETURN(auto people, stores_.people().all());
    ASSIGN_OR_RETURN(auto org, stores_.organization().get());
    std::unordered_map<std::string_view, const domain::Person*> person_by_id;
    for (const auto& p : *people)
      if (by_person.count(p.id)) person_by_id.emplace(p.id, &p);
    std::string parent_author;
    if (m.reply_to) {
      auto parent = stores_.messages().get(*m.reply_to);
      if (parent.ok()) parent_author = parent->author_id;
    }
    auto policies = guards_.policies();
    bool with_preview = policies->notification_content == domain::NotificationContent::Preview;
    UnixSeconds now = attention_.clock().now();
    for (const auto& member : members) {
      auto subs = by_person.find(member.person_id);
      auto person = person_by_id.find(member.person_id);
      if (subs == by_person.end() || person == person_by_id.end() || !person->second->active) continue;
      domain::NotificationInput in;
      bool mentioned = std::find(m.mentions.begin(), m.mentions.end(), member.person_id) != m.mentions.end();
      in.kind = domain::message_kind(roster.conversation.kind == domain::ConversationKind::Direct, mentioned,
                                     !parent_author.empty() && parent_author == member.person_id, m.mentions_all,
                                     roster.conversation.kind == domain::ConversationKind::Announcement);
      in.urgency = m.urgency;
      in.level = member.notification_level;
      in.muted = member.muted;
      in.is_author = false;
      in.working = domain::is_working(hours_.of(*person->second)->hours, now);
      in.recipient_online_and_viewing = false;
      in.everyone_mentions_allowed = true;  // an @all that was sent passed the mention_all policy
      auto verdict = domain::decide(in);
      ++decisions;
      if (verdict.decision == domain::Decision::HoldForDigest) {
        held.push_back({member.person_id, m.conversation_id, m.seq, is_mention(in.kind)});
        continue;
      }
      if (verdict.decision != domain::Decision::Send) continue;
      MessagePush p;
      p.lang = person->second->language.value_or(org ? org->default_language : "en");
      p.conversation = &roster.conversation;
      p.conversation_name =
          roster.conversation.kind == domain::ConversationKind::Direct ? item.author_name : roster.conversation.name;
      p.message = &m;
      p.sender_name = item.author_name;
      p.with_preview = with_preview;
      p.unread = m.seq - member.last_read_seq;
      p.reason = verdict.reason;
      push(subs->second, member.person_id, message_payload(p), m.urgency, m.conversation_id);
      pushes += subs->second.size();
    }
    if (!held.empty()) TRY(stores_.attention().hold(held, now));
  }
  std::lock_guard lock(mutex_);
  ++stats_.messages;
  stats_.decisions += decisions;
  stats_.pushes += pushes;
  stats_.held += held.size();
  return ok_status();
}

void Notifier::push(const std::vector<const store::PushSubscription*>& subscriptions, const std::string& person_id,
                    const std::string& payload, domain::Urgency urgency, const std::string& topic) {
  for (const auto* s : subscriptions) {
    auto p256dh = crypto::base64url_decode(s->p256dh);
    auto auth = crypto::base64url_decode(s->auth);
    if (!p256dh || !auth) continue;
    auto body = crypto::encrypt_push_payload(payload, {*p256dh, *auth});
    if (!body.ok()) continue;  // checked when subscribing; a key gone bad fails only its own pushes
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
  UnixSeconds now = attention_.clock().now();
  ASSIGN_OR_RETURN(auto holds, stores_.attention().open_holds());
  if (holds.empty()) return ok_status();
  ASSIGN_OR_RETURN(auto org, stores_.organization().get());
  for (const auto& hold : holds) {
    auto person = stores_.people().get(hold.person_id);
    if (!person.ok()) continue;
    if (person->active && !domain::is_working(hours_.of(*person)->hours, now)) continue;
    ASSIGN_OR_RETURN(auto digest, attention_.digest_of(hold.person_id));
    if (person->active && digest.messages > 0) {
      ASSIGN_OR_RETURN(auto subscriptions, stores_.attention().subscriptions(hold.person_id));
      std::vector<const store::PushSubscription*> subs;
      for (const auto& s : subscriptions) subs.push_back(&s);
      DigestPush p{person->language.value_or(org ? org->default_language : "en"), digest.messages,
                   static_cast<int>(digest.conversations.size()), digest.mentions};
      push(subs, hold.person_id, digest_payload(p), domain::Urgency::Normal, "digest");
    }
    TRY(stores_.attention().mark_digest_sent(hold.person_id, now));
  }
  return ok_status();
}

}  // namespace muster::app
