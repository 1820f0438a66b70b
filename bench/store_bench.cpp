// muster_store_bench: the durable send path without sockets, as a floor for the `store` phase of
// the real-time benchmark. The real SQLite stores (migrations, group-commit writer, search
// indexer) and the real ChatService and hub, in this one process: 1,000 people, groups of 10,
// and 64 of the people sending to their own groups with a window of sends in flight, answered
// after commit as over the network. No HTTP, no WebSocket, no load generator on the same cores.
//
//   muster_store_bench [--seconds 10] [--window 1024] [--groups 6400] [--text 100]
//                      [--content-rules 0|50] [--encrypted 0|1] [--searches 0] [--dir DIR]
//
// --encrypted 1 opens the stores with a throwaway keyring, so muster.db and search.db go through
// the encrypting VFS (store/sqlite/encrypted_vfs.hpp). --searches N then runs N message searches
// (one sender's view, a term from one earlier message) after the sends and reports their p50/p99.
//
// --content-rules 50 installs the 50 rules of bench/fifty_rules.hpp, as an admin would, so every
// send is checked against them (none of them matches the texts sent).
//
// Prints one JSON line: stores per second, this process's CPU per stored message (all threads:
// the caller's checks, the writer, the search indexer, the publisher) and the caller thread's
// share of it.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "app/chat_service.hpp"
#include "fifty_rules.hpp"
#include "realtime/hub.hpp"
#include "crypto/crypto.hpp"
#include "store/sqlite/sqlite_stores.hpp"

namespace {

using namespace muster;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

double cpu_seconds(int who) {
  rusage u{};
  getrusage(who, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

struct Options {
  double seconds = 10;
  int window = 1024;  // the store phase keeps 64 sockets x 16 sends in flight
  int groups = 6400;
  int text_chars = 100;
  int content_rules = 0;
  bool encrypted = false;
  int searches = 0;
  std::string dir;
};

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string k = argv[i], v = argv[i + 1];
    if (k == "--seconds") o.seconds = std::stod(v);
    else if (k == "--window") o.window = std::stoi(v);
    else if (k == "--groups") o.groups = std::stoi(v);
    else if (k == "--dir") o.dir = v;
    else if (k == "--text") o.text_chars = std::stoi(v);
    else if (k == "--content-rules") o.content_rules = std::stoi(v);
    else if (k == "--encrypted") o.encrypted = std::stoi(v) != 0;
    else if (k == "--searches") o.searches = std::stoi(v);
    else throw std::invalid_argument("unknown option " + k);
  }
  if (o.seconds <= 0 || o.window < 1 || o.groups < 64 || o.text_chars < 20 || o.text_chars > 10000 ||
      (o.content_rules != 0 && o.content_rules != 50) || o.searches < 0)
    throw std::invalid_argument("bad option value");
  return o;
}

// Sends in flight, at most `window`: the caller waits for room, answers make room.
class Window {
 public:
  explicit Window(int size) : free_(size) {}
  void take() {
    std::unique_lock lock(mutex_);
    room_.wait(lock, [&] { return free_ > 0; });
    --free_;
  }
  void give(bool ok) {
    {
      std::lock_guard lock(mutex_);
      ++free_;
      (ok ? stored : failed) += 1;
    }
    room_.notify_one();
  }
  void drain(int size) {
    std::unique_lock lock(mutex_);
    room_.wait(lock, [&] { return free_ == size; });
  }
  std::int64_t stored = 0, failed = 0;  // guarded by mutex_ (read after drain)

 private:
  std::mutex mutex_;
  std::condition_variable room_;
  int free_;
};

int measure(const Options& o, const fs::path& dir);

int run(const Options& o) {
  fs::path dir = o.dir.empty() ? fs::temp_directory_path() / ("muster-store-bench-" + std::to_string(getpid())) : fs::path(o.dir);
  fs::create_directories(dir);
  int status = measure(o, dir);
  if (o.dir.empty()) fs::remove_all(dir);
  return status;
}

// Message searches after the sends: latency percentiles in ms as {p50, p99}.
std::pair<double, double> search_latency(app::ChatService& chat, const std::vector<app::Actor>& senders, std::int64_t sent,
                                         int count) {
  std::mt19937 rng(11);
  std::vector<double> ms;
  for (int i = 0; i < count; ++i) {
    app::MessageSearchFilter filter;
    filter.q = "T" + std::to_string(rng() % static_cast<std::uint64_t>(std::max<std::int64_t>(1, sent))) + "~";
    auto t0 = Clock::now();
    auto found = chat.search(senders[static_cast<size_t>(i) % senders.size()], filter);
    ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    if (!found.ok()) {
      std::cerr << "store bench: search: " << found.error().message << "\n";
      std::exit(1);
    }
  }
  if (ms.empty()) return {0, 0};
  std::sort(ms.begin(), ms.end());
  auto at = [&](double q) { return ms[std::min(ms.size() - 1, static_cast<size_t>(q * static_cast<double>(ms.size())))]; };
  return {at(0.50), at(0.99)};
}

int measure(const Options& o, const fs::path& dir) {
  std::shared_ptr<crypto::Keyring> keyring;
  if (o.encrypted) {
    if (!crypto::init().ok()) return 1;
    keyring = std::make_shared<crypto::Keyring>(std::vector<crypto::DataKey>{crypto::generate_data_key(1)}, 1);
  }
  auto opened = store::sqlite::open_stores(dir.string(), keyring);
  if (!opened.ok()) {
    std::cerr << "store bench: " << opened.error().message << "\n";
    return 1;
  }
  auto stores = std::move(opened).value();
  realtime::LocalHub hub;
  app::ChatService chat(*stores, hub);

  std::vector<app::Actor> people(1000);
  for (size_t i = 0; i < people.size(); ++i) {
    auto& p = people[i].person;
    p.id = "p_bench" + std::to_string(100000 + i);
    p.name = "Person " + std::to_string(i);
    p.created_at = p.updated_at = 1'700'000'000;
    people[i].session_id = "s_bench" + std::to_string(i);
    if (auto s = stores->people().insert(p); !s.ok()) {
      std::cerr << "store bench: " << s.error().message << "\n";
      return 1;
    }
  }
  // Each sender's groups: itself and 9 others. Created from several threads, so they share commits.
  constexpr int kSenders = 64;
  std::vector<std::vector<std::string>> groups_of(kSenders);
  {
    std::vector<std::thread> creators;
    std::mutex mutex;
    for (int t = 0; t < 16; ++t)
      creators.emplace_back([&, t] {
        std::mt19937 rng(static_cast<unsigned>(t));
        for (int g = t; g < o.groups; g += 16) {
          int sender = g % kSenders;
          app::NewConversation nc;
          nc.kind = domain::ConversationKind::Group;
          nc.name = "Group " + std::to_string(g);
          while (nc.member_ids.size() < 9) {
            const auto& id = people[kSenders + rng() % (people.size() - kSenders)].person.id;
            if (std::find(nc.member_ids.begin(), nc.member_ids.end(), id) == nc.member_ids.end()) nc.member_ids.push_back(id);
          }
          auto created = chat.create(people[static_cast<size_t>(sender)], nc);
          if (!created.ok()) {
            std::cerr << "store bench: " << created.error().message << "\n";
            std::exit(1);
          }
          std::lock_guard lock(mutex);
          groups_of[static_cast<size_t>(sender)].push_back(created->first.conversation.id);
        }
      });
    for (auto& c : creators) c.join();
  }

  if (o.content_rules) {
    for (const auto& rule : bench::fifty_rules())
      if (auto s = stores->moderation().put_content_rule(rule, 1'700'000'000); !s.ok()) {
        std::cerr << "store bench: " << s.error().message << "\n";
        return 1;
      }
    chat.guards().reload();
  }

  // 100-byte texts by default, as the real-time benchmark sends.
  std::mt19937 rng(7);
  const std::string words = "shift report delivery store team schedule order stock meeting customer ";
  auto text = [&](std::int64_t n) {
    std::string t = "~T" + std::to_string(n) + "~ ";
    while (t.size() < static_cast<size_t>(o.text_chars)) t += words.substr(rng() % 8 * 9, 9);
    return t.substr(0, static_cast<size_t>(o.text_chars));
  };

  Window window(o.window);
  double process_cpu0 = cpu_seconds(RUSAGE_SELF), caller_cpu0 = cpu_seconds(RUSAGE_THREAD);
  auto t0 = Clock::now();
  std::int64_t issued = 0;
  while (std::chrono::duration<double>(Clock::now() - t0).count() < o.seconds) {
    window.take();
    int sender = static_cast<int>(issued % kSenders);
    const auto& mine = groups_of[static_cast<size_t>(sender)];
    app::NewMessage m;
    char id[32];
    std::snprintf(id, sizeof id, "s%02d-%012lld", sender, static_cast<long long>(issued));
    m.client_id = id;
    m.text = text(issued);
    chat.send_async(people[static_cast<size_t>(sender)], mine[rng() % mine.size()], m,
                    [&window](Result<app::SentMessage> sent) { window.give(sent.ok()); });
    ++issued;
  }
  window.drain(o.window);
  double wall = std::chrono::duration<double>(Clock::now() - t0).count();
  double process_cpu = cpu_seconds(RUSAGE_SELF) - process_cpu0, caller_cpu = cpu_seconds(RUSAGE_THREAD) - caller_cpu0;
  std::vector<app::Actor> senders(people.begin(), people.begin() + kSenders);
  auto [search_p50, search_p99] = search_latency(chat, senders, issued, o.searches);
  std::printf(
      "{\"stored_per_s\": %.0f, \"stored\": %lld, \"failed\": %lld, \"seconds\": %.2f, \"window\": %d, \"groups\": %d, "
      "\"text_chars\": %d, \"content_rules\": %d, \"encrypted\": %d, "
      "\"cpu_us_per_message\": %.1f, \"caller_cpu_us_per_message\": %.1f, \"cores_busy\": %.2f, "
      "\"searches\": %d, \"search_p50_ms\": %.2f, \"search_p99_ms\": %.2f}\n",
      static_cast<double>(window.stored) / wall, static_cast<long long>(window.stored), static_cast<long long>(window.failed),
      wall, o.window, o.groups, o.text_chars, o.content_rules, o.encrypted ? 1 : 0,
      process_cpu / static_cast<double>(std::max<std::int64_t>(1, window.stored)) * 1e6,
      caller_cpu / static_cast<double>(std::max<std::int64_t>(1, window.stored)) * 1e6, process_cpu / wall, o.searches,
      search_p50, search_p99);
  return window.failed == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(parse(argc, argv));
  } catch (const std::exception& e) {
    std::cerr << "store bench: " << e.what() << "\n"
              << "usage: muster_store_bench [--seconds 10] [--window 1024] [--groups 6400] [--text 100] "
                 "[--content-rules 0|50] [--encrypted 0|1] [--searches 0] [--dir DIR]\n";
    return 2;
  }
}
