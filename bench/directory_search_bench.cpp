// muster_directory_search_bench: directory search at 100,000 people without sockets, through
// plaintext database files or through the encrypting VFS (store/sqlite/encrypted_vfs.hpp), so the
// cost of encryption at rest is measured on its own. The real stores and PeopleService in this one
// process: the synthetic directory of bench/synthetic_directory.hpp imported through the CSV
// import, then the query classes of the HTTP benchmark (bench/run.sh), each `--per-class` times.
//
//   muster_directory_search_bench [--people 100000] [--encrypted 0|1] [--per-class 300] [--dir DIR]
//
// Prints one JSON line: seconds to import, then p50/p99 over every search and p99 per class.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "app/auth_service.hpp"
#include "app/membership_sync.hpp"
#include "app/people_service.hpp"
#include "crypto/crypto.hpp"
#include "realtime/hub.hpp"
#include "store/sqlite/people_store.hpp"
#include "store/sqlite/sqlite_stores.hpp"
#include "synthetic_directory.hpp"

namespace {

using namespace muster;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

struct Options {
  int people = 100000;
  bool encrypted = false;
  int per_class = 300;
  std::string dir;
  bool slowest = false;
};

[[noreturn]] void usage(const std::string& why) {
  std::cerr << "muster_directory_search_bench: " << why << "\n"
            << "usage: muster_directory_search_bench [--people 100000] [--encrypted 0|1] [--per-class 300] [--dir DIR] [--per-query 0|1]\n"
            << "  --dir: a folder of an earlier run is searched again without a new import\n";
  std::exit(2);
}

Options parse_options(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string k = argv[i];
    if (i + 1 >= argc) usage("missing value for " + k);
    std::string v = argv[++i];
    if (k == "--people") o.people = std::stoi(v);
    else if (k == "--encrypted") o.encrypted = std::stoi(v) != 0;
    else if (k == "--per-class") o.per_class = std::stoi(v);
    else if (k == "--dir") o.dir = v;
    else if (k == "--per-query") o.slowest = std::stoi(v) != 0;
    else usage("unknown option " + k);
  }
  if (o.people < 1 || o.per_class < 1) usage("--people and --per-class must be positive");
  return o;
}

template <typename T>
T must(Result<T> r, const char* what) {
  if (!r.ok()) {
    std::cerr << "directory search bench: " << what << ": " << r.error().message << "\n";
    std::exit(1);
  }
  return std::move(r).value();
}

double percentile(std::vector<double> ms, double q) {
  std::sort(ms.begin(), ms.end());
  return ms[std::min(ms.size() - 1, static_cast<size_t>(q * static_cast<double>(ms.size())))];
}

int measure(const Options& o, const fs::path& dir) {
  std::shared_ptr<crypto::Keyring> keyring;
  if (o.encrypted) keyring = std::make_shared<crypto::Keyring>(std::vector<crypto::DataKey>{crypto::generate_data_key(1)}, 1);
  auto stores = must(store::sqlite::open_stores(dir.string(), keyring), "open");
  store::Organization org;
  org.name = "Bench";
  bool seeded = must(stores->people().count(), "count") > 1;  // --dir of an earlier run: search what is there
  if (!seeded && !stores->organization().put(org).ok()) return 1;
  realtime::LocalHub hub;
  app::AuthService auth(*stores, hub, app::AppConfig{});
  app::MembershipSync memberships(*stores, hub);
  app::PeopleService people(*stores, auth, memberships);

  app::Actor owner;
  owner.person.id = "p_bench_owner";
  owner.person.name = "Owner";
  owner.person.role = domain::Role::Owner;
  owner.person.created_at = owner.person.updated_at = 1'700'000'000;
  if (!seeded && !stores->people().insert(owner.person).ok()) return 1;

  auto t0 = Clock::now();
  for (int from = 0; !seeded && from < o.people;) {
    int to = from;
    std::string csv = ::bench::csv_chunk(from, o.people, 10000, std::string::npos, to);
    auto report = must(people.import_csv(owner, csv, true), "import");
    if (!report.errors.empty()) {
      std::cerr << "directory search bench: import line " << report.errors.front().line << ": "
                << report.errors.front().message << "\n";
      return 1;
    }
    from = to;
  }
  double import_s = std::chrono::duration<double>(Clock::now() - t0).count();

  auto search = [&](const std::string& q) {
    app::PeopleFilter filter;
    filter.q = q;
    filter.limit = 20;
    auto start = Clock::now();
    auto page = must(people.list(owner, filter), "search");
    return std::make_pair(std::chrono::duration<double, std::milli>(Clock::now() - start).count(), page.items.size());
  };
  // One pass first, as the HTTP benchmark does: warms the caches and checks that every query finds someone.
  for (const auto& c : ::bench::kQueryClasses)
    for (const auto& q : c.queries)
      if (search(q).second == 0) std::cerr << "WARNING: query '" << q << "' found nobody\n";

  std::vector<double> all;
  std::map<std::string, std::vector<double>> by_class;
  for (int round = 0; round < o.per_class; ++round)
    for (const auto& c : ::bench::kQueryClasses) {
      double ms = search(c.queries[static_cast<size_t>(round) % c.queries.size()]).first;
      all.push_back(ms);
      by_class[c.name].push_back(ms);
    }

  if (o.slowest) {  // where the time goes: each class's slowest queries, on stderr
    for (const auto& c : ::bench::kQueryClasses)
      for (const auto& q : c.queries) {
        std::vector<double> ms;
        for (int i = 0; i < 20; ++i) ms.push_back(search(q).first);
        std::cerr << c.name << " '" << q << "': median " << percentile(ms, 0.5) << " ms, max " << percentile(ms, 1.0) << " ms\n";
      }
  }

  std::string classes;
  for (const auto& [name, ms] : by_class)
    classes += (classes.empty() ? "" : ", ") + ("\"" + name + "\": " + std::to_string(percentile(ms, 0.99)));
  std::printf("{\"people\": %d, \"encrypted\": %d, \"import_s\": %.2f, \"searches\": %zu, \"search_p50_ms\": %.3f, "
              "\"search_p99_ms\": %.3f, \"class_p99_ms\": {%s}}\n",
              o.people, o.encrypted ? 1 : 0, import_s, all.size(), percentile(all, 0.50), percentile(all, 0.99),
              classes.c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options o = parse_options(argc, argv);
  if (!crypto::init().ok()) return 1;
  fs::path dir = o.dir.empty() ? fs::temp_directory_path() / ("muster-dirsearch-" + std::to_string(std::random_device{}()))
                               : fs::path(o.dir);
  fs::create_directories(dir);
  int rc = measure(o, dir);
  if (o.dir.empty()) fs::remove_all(dir);
  return rc;
}
