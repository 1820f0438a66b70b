// muster_retention_bench: "retention deleting 1,000,000 old messages while 1,000 messages/s are
// sent: send p99 stays within 2x of the run without retention". The real SQLite stores, ChatService
// and RetentionService in one process (as muster_store_bench): old messages are seeded straight
// into muster.db with SQL (no public path may backdate a message), the search index catches up on
// them, then a paced sender sends N messages/s for a baseline phase, and again while a retention
// run deletes every old message. Latency = from send_async to its answer after the commit.
//
//   muster_retention_bench [--old 1000000] [--rate 1000] [--baseline 20] [--groups 100] [--batch 25] [--dir DIR]
//
// Prints one JSON line.
#include <sqlite3.h>
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "app/chat_service.hpp"
#include "app/retention_service.hpp"
#include "realtime/hub.hpp"
#include "store/sqlite/sqlite_stores.hpp"

namespace {

using namespace muster;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

struct Options {
  long old = 1'000'000;
  int rate = 1000;
  double baseline = 20;
  int groups = 100;
  int batch = app::RetentionConfig{}.batch;  // the server's default
  std::string dir;
};

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string k = argv[i], v = argv[i + 1];
    if (k == "--old") o.old = std::stol(v);
    else if (k == "--rate") o.rate = std::stoi(v);
    else if (k == "--baseline") o.baseline = std::stod(v);
    else if (k == "--groups") o.groups = std::stoi(v);
    else if (k == "--batch") o.batch = std::stoi(v);
    else if (k == "--dir") o.dir = v;
    else throw std::invalid_argument("unknown option " + k);
  }
  if (o.old < 1 || o.rate < 1 || o.groups < 1 || o.baseline <= 0 || o.batch < 1) throw std::invalid_argument("bad value");
  return o;
}

void die(const std::string& what) {
  std::cerr << "retention bench: " << what << "\n";
  std::exit(1);
}

void sql(sqlite3* db, const char* text) {
  char* err = nullptr;
  if (sqlite3_exec(db, text, nullptr, nullptr, &err) != SQLITE_OK) die(err ? err : "sqlite error");
}

// `old` messages, 400 days old, spread over the groups in time order, ~100 bytes each; every
// hundredth with a reaction and an earlier version, so deletion touches those tables too.
void seed(const fs::path& db_path, const std::vector<std::string>& groups, const std::vector<std::string>& authors,
          long old) {
  sqlite3* db = nullptr;
  if (sqlite3_open(db_path.c_str(), &db) != SQLITE_OK) die("cannot open muster.db");
  sql(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF; BEGIN");
  sqlite3_stmt *msg = nullptr, *reaction = nullptr, *edit = nullptr;
  sqlite3_prepare_v2(db, "INSERT INTO messages (id, conversation_id, seq, client_id, author_id, text, created_at) "
                         "VALUES (?1, ?2, ?3, ?1, ?4, ?5, ?6)", -1, &msg, nullptr);
  sqlite3_prepare_v2(db, "INSERT INTO reactions (message_id, person_id, emoji, at) VALUES (?1, ?2, '👍', ?3)", -1,
                     &reaction, nullptr);
  sqlite3_prepare_v2(db, "INSERT INTO message_edits (message_id, text, edited_at) VALUES (?1, 'an earlier draft', ?2)", -1,
                     &edit, nullptr);
  const std::int64_t start = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count() - 400 * 86400;
  const std::string filler = " shift report delivery store team schedule order stock meeting customer handover";
  std::vector<std::int64_t> seq(groups.size(), 0);
  for (long i = 0; i < old; ++i) {
    size_t g = static_cast<size_t>(i) % groups.size();
    std::string id = "m_old" + std::to_string(1'000'000'000 + i);
    std::string text = ("old message " + std::to_string(i) + filler).substr(0, 100);
    std::int64_t at = start + i / 100;
    sqlite3_bind_text(msg, 1, id.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(msg, 2, groups[g].c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(msg, 3, ++seq[g]);
    sqlite3_bind_text(msg, 4, authors[static_cast<size_t>(i) % authors.size()].c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(msg, 5, text.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(msg, 6, at);
    if (sqlite3_step(msg) != SQLITE_DONE) die(sqlite3_errmsg(db));
    sqlite3_reset(msg);
    if (i % 100 == 0) {
      sqlite3_bind_text(reaction, 1, id.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(reaction, 2, authors[0].c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64(reaction, 3, at);
      if (sqlite3_step(reaction) != SQLITE_DONE) die(sqlite3_errmsg(db));
      sqlite3_reset(reaction);
      sqlite3_bind_text(edit, 1, id.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64(edit, 2, at);
      if (sqlite3_step(edit) != SQLITE_DONE) die(sqlite3_errmsg(db));
      sqlite3_reset(edit);
    }
  }
  sqlite3_finalize(msg);
  sqlite3_finalize(reaction);
  sqlite3_finalize(edit);
  sql(db, "COMMIT; PRAGMA wal_checkpoint(TRUNCATE)");
  sqlite3_close(db);
}

// Waits until the search indexer has indexed every message (search.db's position).
void wait_for_index(const fs::path& dir, std::int64_t max_rowid) {
  for (int i = 0; i < 3600; ++i) {
    sqlite3* db = nullptr;
    std::int64_t at = 0;
    if (sqlite3_open_v2((dir / "search.db").c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
      sqlite3_stmt* s = nullptr;
      if (sqlite3_prepare_v2(db, "SELECT position FROM positions WHERE stream = 'messages'", -1, &s, nullptr) == SQLITE_OK &&
          sqlite3_step(s) == SQLITE_ROW)
        at = sqlite3_column_int64(s, 0);
      sqlite3_finalize(s);
    }
    sqlite3_close(db);
    if (at >= max_rowid) return;
    std::this_thread::sleep_for(std::chrono::seconds(1));
  }
  die("the search index did not catch up within an hour");
}

struct Phase {
  std::vector<double> ms;  // latency of each send
  std::vector<std::pair<double, double>> slow;  // (seconds into the phase, ms) of sends over 20 ms
  long failed = 0;
};

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())))];
}

// Sends `rate` messages a second (paced, not as fast as possible) until `done()`.
Phase send_paced(app::ChatService& chat, const std::vector<app::Actor>& people, const std::vector<std::string>& groups,
                 int rate, const std::function<bool()>& done, long& counter) {
  Phase phase;
  std::mutex mutex;
  std::atomic<long> outstanding{0};
  auto t0 = Clock::now();
  for (long n = 0; !done(); ++n) {
    auto due = t0 + std::chrono::microseconds(n * 1'000'000 / rate);
    std::this_thread::sleep_until(due);
    size_t g = static_cast<size_t>(counter) % groups.size();
    app::NewMessage m;
    m.client_id = "c" + std::to_string(counter++);
    m.text = "a new message while retention runs, about a hundred bytes long, like the real-time bench sends";
    auto sent_at = Clock::now();
    ++outstanding;
    chat.send_async(people[g % people.size()], groups[g], m, [&, sent_at](Result<app::SentMessage> r) {
      double ms = std::chrono::duration<double, std::milli>(Clock::now() - sent_at).count();
      std::lock_guard lock(mutex);
      if (r.ok()) phase.ms.push_back(ms);
      else ++phase.failed;
      if (ms > 20) phase.slow.emplace_back(std::chrono::duration<double>(sent_at - t0).count(), ms);
      --outstanding;
    });
  }
  while (outstanding > 0) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  return phase;
}

int run(const Options& o) {
  fs::path dir = o.dir.empty() ? fs::temp_directory_path() / ("muster-retention-bench-" + std::to_string(getpid())) : fs::path(o.dir);
  fs::create_directories(dir);
  std::vector<app::Actor> people(o.groups);
  std::vector<std::string> groups, authors;
  {
    auto opened = store::sqlite::open_stores(dir.string());
    if (!opened.ok()) die(opened.error().message);
    auto stores = std::move(opened).value();
    realtime::LocalHub hub;
    app::ChatService chat(*stores, hub);
    for (int i = 0; i < o.groups; ++i) {
      auto& p = people[static_cast<size_t>(i)].person;
      p.id = "p_bench" + std::to_string(100000 + i);
      p.name = "Person " + std::to_string(i);
      p.created_at = p.updated_at = 1'700'000'000;
      if (auto s = stores->people().insert(p); !s.ok()) die(s.error().message);
      authors.push_back(p.id);
    }
    for (int g = 0; g < o.groups; ++g) {
      app::NewConversation nc;
      nc.kind = domain::ConversationKind::Group;
      nc.name = "Group " + std::to_string(g);
      for (int k = 1; k <= 5; ++k) nc.member_ids.push_back(authors[static_cast<size_t>((g + k) % o.groups)]);
      auto created = chat.create(people[static_cast<size_t>(g)], nc);
      if (!created.ok()) die(created.error().message);
      groups.push_back(created->first.conversation.id);
    }
  }
  // Each group's messages are authored by its own members only in the real world; here every
  // author sends to group g = author's index, so the sender is always a member (its creator).
  auto seed_t0 = Clock::now();
  seed(dir / "muster.db", groups, authors, o.old);
  double seed_s = std::chrono::duration<double>(Clock::now() - seed_t0).count();

  auto opened = store::sqlite::open_stores(dir.string());
  if (!opened.ok()) die(opened.error().message);
  auto stores = std::move(opened).value();
  realtime::LocalHub hub;
  app::ChatService chat(*stores, hub);
  app::RetentionConfig config;
  config.batch = o.batch;
  app::RetentionService retention(*stores, config);
  auto index_t0 = Clock::now();
  wait_for_index(dir, o.old);
  double index_s = std::chrono::duration<double>(Clock::now() - index_t0).count();

  // The indexer's last merges and the WAL checkpoint after catching up would land in the baseline.
  std::this_thread::sleep_for(std::chrono::seconds(10));
  long counter = 0;
  auto base_t0 = Clock::now();
  auto baseline = send_paced(chat, people, groups, o.rate, [&] {
    return std::chrono::duration<double>(Clock::now() - base_t0).count() >= o.baseline;
  }, counter);

  app::Actor admin = people[0];
  admin.person.role = domain::Role::Owner;
  if (auto s = retention.set_default(admin, 30); !s.ok()) die(s.error().message);
  std::atomic<bool> finished{false};
  Result<app::RetentionRun> result = app::RetentionRun{};
  auto ret_t0 = Clock::now();
  std::thread runner([&] {
    result = retention.run(&admin);
    finished = true;
  });
  auto during = send_paced(chat, people, groups, o.rate, [&] { return finished.load(); }, counter);
  runner.join();
  double ret_s = std::chrono::duration<double>(Clock::now() - ret_t0).count();
  if (!result.ok()) die(result.error().message);
  // A second baseline once retention is done (the indexer may still be removing entries): shows
  // how much of the difference is the machine's noise.
  auto after_t0 = Clock::now();
  auto after = send_paced(chat, people, groups, o.rate, [&] {
    return std::chrono::duration<double>(Clock::now() - after_t0).count() >= o.baseline;
  }, counter);

  double p99_base = percentile(baseline.ms, 0.99), p99_during = percentile(during.ms, 0.99);
  std::printf(
      "{\"old_messages\": %ld, \"deleted\": %d, \"edits_deleted\": %d, \"reactions_deleted\": %d, \"seed_s\": %.1f, "
      "\"index_catch_up_s\": %.1f, \"retention_s\": %.1f, \"deleted_per_s\": %.0f, \"batch\": %d, \"rate\": %d, "
      "\"baseline\": {\"sends\": %zu, \"failed\": %ld, \"p50_ms\": %.2f, \"p99_ms\": %.2f, \"max_ms\": %.2f}, "
      "\"during_retention\": {\"sends\": %zu, \"failed\": %ld, \"p50_ms\": %.2f, \"p99_ms\": %.2f, \"max_ms\": %.2f}, "
      "\"after_retention\": {\"sends\": %zu, \"p50_ms\": %.2f, \"p99_ms\": %.2f}, "
      "\"p99_ratio\": %.2f, \"target_ratio\": 2.0}\n",
      o.old, result->messages, result->edits, result->reactions, seed_s, index_s, ret_s,
      result->messages / std::max(ret_s, 0.001), o.batch, o.rate, baseline.ms.size(), baseline.failed,
      percentile(baseline.ms, 0.5), p99_base, percentile(baseline.ms, 1.0), during.ms.size(), during.failed,
      percentile(during.ms, 0.5), p99_during, percentile(during.ms, 1.0), after.ms.size(), percentile(after.ms, 0.5),
      percentile(after.ms, 0.99), p99_during / std::max(p99_base, 0.001));
  // Where the slow sends fell (stderr, for reading the tail): phase, second, count, worst ms.
  for (auto [name, phase] : {std::pair{"baseline", &baseline}, std::pair{"during", &during}, std::pair{"after", &after}}) {
    std::map<int, std::pair<int, double>> by_second;
    for (auto [t, ms] : phase->slow) {
      auto& b = by_second[static_cast<int>(t)];
      ++b.first, b.second = std::max(b.second, ms);
    }
    for (auto [sec, b] : by_second) std::fprintf(stderr, "slow %s %d s: %d sends, worst %.0f ms\n", name, sec, b.first, b.second);
  }
  stores.reset();
  if (o.dir.empty()) fs::remove_all(dir);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(parse(argc, argv));
  } catch (const std::exception& e) {
    std::cerr << "retention bench: " << e.what() << "\n"
              << "usage: muster_retention_bench [--old 1000000] [--rate 1000] [--baseline 20] [--groups 100] "
                 "[--batch 25] [--dir DIR]\n";
    return 2;
  }
}
