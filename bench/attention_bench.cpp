// muster_attention_bench: what phone notifications cost (issue 15), in one process with the real
// SQLite stores, ChatService, notifier and push sender, and a push service that answers at once.
//
//   muster_attention_bench [--members 10000] [--off 0.3] [--messages 10] [--rounds 2]
//                          [--sends 100] [--digest-messages 10000] [--digest-conversations 200]
//
// 1. Fan-out: a message to a channel of --members people, every one subscribed to push and --off
//    of them outside their working hours. Per message: the server CPU of the policy decisions for
//    all members (loading recipients and settings, working hours, the policy, writing holds), and
//    pushes encrypted and handed to the sender queue per CPU-second. Targets: decisions <= 50 ms,
//    pushes >= 5,000 per CPU-second.
// 2. The author's durable acknowledgement with push on and off: --sends messages to the same
//    channel one at a time, 20 ms apart, p50/p99 of send-to-acknowledgement, alternating off/on
//    --rounds times. With push on the notifier works through every message's fan-out meanwhile
//    (what it has not finished when the round ends is dropped). Target: p99 unchanged within noise
//    (push is never on the send path).
// 3. A digest for one person who missed --digest-messages messages in --digest-conversations
//    conversations. Target: built in <= 100 ms.
//
// Prints one JSON line.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <future>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "app/attention/attention_service.hpp"
#include "app/attention/notifier.hpp"
#include "app/chat_service.hpp"
#include "crypto/crypto.hpp"
#include "crypto/web_push.hpp"
#include "realtime/hub.hpp"
#include "store/sqlite/sqlite_stores.hpp"

namespace {

using namespace muster;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

struct Options {
  int members = 10000;
  double off = 0.3;
  int messages = 10;
  int rounds = 2;
  int sends = 100;
  int digest_messages = 10000;
  int digest_conversations = 200;
};

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string k = argv[i], v = argv[i + 1];
    if (k == "--members") o.members = std::stoi(v);
    else if (k == "--off") o.off = std::stod(v);
    else if (k == "--messages") o.messages = std::stoi(v);
    else if (k == "--rounds") o.rounds = std::stoi(v);
    else if (k == "--sends") o.sends = std::stoi(v);
    else if (k == "--digest-messages") o.digest_messages = std::stoi(v);
    else if (k == "--digest-conversations") o.digest_conversations = std::stoi(v);
    else throw std::invalid_argument("unknown option " + k);
  }
  if (o.members < 10 || o.off < 0 || o.off > 1 || o.messages < 1 || o.rounds < 1 || o.sends < 10 ||
      o.digest_messages < 1 || o.digest_conversations < 1)
    throw std::invalid_argument("bad option value");
  return o;
}

void check(const Status& s, const char* what) {
  if (!s.ok()) {
    std::cerr << "attention bench: " << what << ": " << s.error().message << "\n";
    std::exit(1);
  }
}

// Answers every push at once, as a push service on a fast network would; counts them.
class InstantPushService final : public app::PushTransport {
 public:
  app::PushAnswer post(const app::PushDelivery&, const std::string&) override { return {201, 0}; }
};

// Working hours that are over for now: one hour a day, starting six hours from now (UTC).
Json hours_off_now() {
  auto now = now_seconds();
  int hour = static_cast<int>((now / 3600 + 6) % 24);
  char start[8], end[8];
  std::snprintf(start, sizeof start, "%02d:00", hour);
  std::snprintf(end, sizeof end, "%02d:00", (hour + 1) % 24);
  Json day = Json::array({Json::array({start, end})});
  Json weekly = Json::object();
  for (const char* d : {"sun", "mon", "tue", "wed", "thu", "fri", "sat"}) weekly[d] = day;
  return {{"time_zone", "UTC"}, {"weekly", weekly}};
}

double process_cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

double percentile(std::vector<double> v, double q) {
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(q * static_cast<double>(v.size())))];
}

int run(const Options& o, const fs::path& dir) {
  check(crypto::init(), "crypto");
  auto opened = store::sqlite::open_stores(dir.string(), nullptr);
  if (!opened.ok()) check(opened.error(), "open");
  auto stores = std::move(opened).value();
  realtime::LocalHub hub;
  app::ChatService chat(*stores, hub);
  app::HoursBook hours(*stores);
  auto attention_opened = app::AttentionService::open(*stores, hours, {});
  if (!attention_opened.ok()) check(attention_opened.error(), "attention");
  auto& attention = *attention_opened.value();

  store::Organization org;
  org.name = "Bench";
  org.created_at = 1'700'000'000;
  check(stores->organization().put(org), "organization");

  // The people, their devices and (for --off of them) hours that have ended for today.
  std::vector<app::Actor> people(static_cast<size_t>(o.members));
  auto subscriber = crypto::generate_push_subscriber_keys();
  std::string off_hours = hours_off_now().dump();
  int off_count = static_cast<int>(o.off * o.members);
  check(stores->transactor().in_transaction([&]() -> Status {
    for (size_t i = 0; i < people.size(); ++i) {
      auto& p = people[i].person;
      p.id = "p_" + std::to_string(100000 + i);
      p.name = "Person " + std::to_string(i);
      p.created_at = p.updated_at = 1'700'000'000;
      people[i].session_id = "s_" + std::to_string(i);
      TRY(stores->people().insert(p));
      store::PushSubscription s{"ps_" + std::to_string(i), p.id, people[i].session_id,
                                "https://fcm.googleapis.com/fcm/send/" + std::to_string(i),
                                crypto::base64url_encode(subscriber.public_key), crypto::base64url_encode(subscriber.auth),
                                "Chrome on Android", 1'700'000'000, std::nullopt};
      TRY(stores->attention().put_subscription(s));
      if (static_cast<int>(i) % 10 < off_count * 10 / o.members)
        TRY(stores->attention().put_hours(store::HoursScope::Person, p.id, off_hours, 1'700'000'000));
    }
    return ok_status();
  }), "people");
  check(attention.reload_subscribers(), "subscribers");  // stored directly, not through subscribe()
  people[0].person.role = domain::Role::Owner;
  app::NewConversation nc;
  nc.kind = domain::ConversationKind::Channel;
  nc.name = "Everyone";
  for (size_t i = 1; i < people.size(); ++i) nc.member_ids.push_back(people[i].person.id);
  auto channel = chat.create(people[0], nc);
  if (!channel.ok()) check(channel.error(), "channel");
  const std::string channel_id = channel->first.conversation.id;

  // 1. Fan-out, timed on this thread.
  InstantPushService push_service;
  app::PushSenderOptions queue_only;
  queue_only.threads = 0;  // handed to the queue, not sent: the target is up to the queue
  queue_only.queue_capacity = static_cast<size_t>(o.members) * static_cast<size_t>(o.messages) + 1;
  queue_only.per_person_per_minute = 1 << 20;
  app::PushSender queue(push_service, attention.vapid_keys(), {}, queue_only);
  app::Notifier notifier(*stores, chat.guards(), hours, attention, queue);
  auto roster = stores->conversations().roster(channel_id);
  if (!roster.ok()) check(roster.error(), "roster");
  double process_cpu0 = process_cpu_seconds();
  for (int i = 0; i < o.messages; ++i) {
    domain::Message m;
    m.id = "m_fanout" + std::to_string(i);
    m.conversation_id = channel_id;
    m.seq = i + 1;
    m.author_id = people[0].person.id;
    m.text = "Shift change: the Friday roster is posted in the staff room, please check your hours";
    check(notifier.notify({roster.value(), m, people[0].person.name}), "notify");
  }
  auto fan = notifier.stats();
  // Server CPU of the decisions: every thread of the process (the store's writer writes the holds)
  // but the pushes' share, which the notifier measures on its thread.
  double fan_cpu = process_cpu_seconds() - process_cpu0;
  double decide_ms = (fan_cpu - fan.push_cpu_seconds) * 1000 / o.messages;
  double pushes_per_cpu_s = static_cast<double>(fan.pushes) / fan.push_cpu_seconds;
  notifier.stop();
  queue.stop();

  // 2. The author's acknowledgement with push off and on, alternating.
  auto ack_latencies = [&](bool with_push, int round) {
    std::unique_ptr<app::PushSender> sender;
    std::unique_ptr<app::Notifier> live;
    if (with_push) {
      sender = std::make_unique<app::PushSender>(push_service, attention.vapid_keys(), app::PushSender::Callbacks{});
      live = std::make_unique<app::Notifier>(*stores, chat.guards(), hours, attention, *sender);
      chat.on_message_committed([&live](std::shared_ptr<const store::Roster> r, domain::Message m, std::string name) {
        live->message_committed(std::move(r), std::move(m), std::move(name));
      });
    }
    std::vector<double> ms;
    for (int i = 0; i < o.sends; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));  // a busy channel, not a flood
      app::NewMessage m;
      m.client_id = "ack-" + std::to_string(round) + "-" + std::to_string(with_push) + "-" + std::to_string(i);
      m.text = "Reminder " + std::to_string(i) + ": the loading bay closes at six today";
      std::promise<bool> done;
      auto t0 = Clock::now();
      chat.send_async(people[0], channel_id, m, [&done](Result<app::SentMessage> sent) { done.set_value(sent.ok()); });
      bool ok = done.get_future().get();
      ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
      if (!ok) check(internal_error("send failed"), "send");
    }
    if (live) {
      // What the notifier has not got to yet is dropped: the acknowledgements are what is measured.
      chat.on_message_committed(nullptr);
      live->stop();
      sender->stop();
    }
    return std::pair{percentile(ms, 0.5), percentile(ms, 0.99)};
  };
  std::vector<std::pair<double, double>> off_runs, on_runs;
  for (int r = 0; r < o.rounds; ++r) {
    off_runs.push_back(ack_latencies(false, r));
    on_runs.push_back(ack_latencies(true, r));
  }

  // 3. A digest: one person missed digest_messages messages across digest_conversations conversations.
  const auto& reader = people[5];  // at work: nothing of phase 2 was held for them
  std::vector<std::string> conversations;
  for (int c = 0; c < o.digest_conversations; ++c) {
    app::NewConversation g;
    g.kind = domain::ConversationKind::Group;
    g.name = "Team " + std::to_string(c);
    g.member_ids = {reader.person.id};
    auto made = chat.create(people[0], g);
    if (!made.ok()) check(made.error(), "group");
    conversations.push_back(made->first.conversation.id);
  }
  std::vector<store::HeldNotification> held;
  for (int i = 0; i < o.digest_messages; ++i)
    held.push_back({reader.person.id, conversations[static_cast<size_t>(i % o.digest_conversations)],
                    i / o.digest_conversations + 1, i % 50 == 0});
  check(stores->attention().hold(held, now_seconds()), "hold");
  auto t0 = Clock::now();
  auto digest = attention.digest_of(reader.person.id);
  double digest_ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
  if (!digest.ok()) check(digest.error(), "digest");

  auto runs_json = [](const std::vector<std::pair<double, double>>& runs) {
    std::string out = "[";
    for (const auto& [p50, p99] : runs) {
      char b[64];
      std::snprintf(b, sizeof b, "%s{\"p50_ms\": %.2f, \"p99_ms\": %.2f}", out.size() > 1 ? ", " : "", p50, p99);
      out += b;
    }
    return out + "]";
  };
  std::printf(
      "{\"members\": %d, \"off_work\": %d, \"messages\": %d, \"decisions_per_message\": %.0f, "
      "\"decide_cpu_ms_per_message\": %.2f, \"pushes\": %llu, \"pushes_per_cpu_second\": %.0f, \"held\": %llu, "
      "\"ack_push_off\": %s, \"ack_push_on\": %s, \"digest_messages\": %d, \"digest_conversations\": %zu, "
      "\"digest_ms\": %.2f}\n",
      o.members, off_count, o.messages, static_cast<double>(fan.decisions) / o.messages, decide_ms,
      static_cast<unsigned long long>(fan.pushes), pushes_per_cpu_s, static_cast<unsigned long long>(fan.held),
      runs_json(off_runs).c_str(), runs_json(on_runs).c_str(), digest->messages, digest->conversations.size(),
      digest_ms);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  try {
    o = parse(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "attention bench: " << e.what() << "\n";
    return 2;
  }
  fs::path dir = fs::temp_directory_path() / ("muster-attention-bench-" + std::to_string(getpid()));
  fs::create_directories(dir);
  int status = run(o, dir);
  fs::remove_all(dir);
  return status;
}
