// muster_directory_bench: load generator for Muster's directory.
//
// Against a running, not-yet-set-up `muster serve` (bench/run.sh starts one), it
//   1. sets up the organization and takes an owner bearer token,
//   2. seeds N people (default 100,000) through the CSV import API in chunks,
//   3. measures directory search latency per query class on one keep-alive connection (unloaded),
//   4. measures search throughput and latency under load with T threads,
//   5. measures sign-ins per second (POST /api/v1/auth/tokens, argon2id verification),
// and prints a table and writes one JSON document. For every phase it records the wall time, the
// server's CPU time (utime+stime from /proc/<pid>/stat) and this process's own CPU time
// (getrusage), so a saturated load generator is visible and never mistaken for a server limit.
//
// Synchronous Beast clients, one per thread, HTTP/1.1 keep-alive, 127.0.0.1 only.
#include <utility>  // Boost 1.74's Asio needs std::exchange declared first under GCC 12.

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>

#include "http_client.hpp"
#include "synthetic_directory.hpp"

#include <sched.h>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = boost::asio::ip::tcp;
using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

namespace {

using namespace bench;

// ---------------------------------------------------------------------------------------------
// Options

struct Options {
  std::string host = "127.0.0.1";
  unsigned short port = 0;
  int server_pid = 0;
  int people = 100000;
  int chunk = 20000;
  int threads = 4;
  int latency_per_class = 300;      // sequential samples per query class
  double latency_max_seconds = 150;  // bound on the sequential phase
  int throughput_requests = 6000;   // total across threads
  double throughput_max_seconds = 60;
  int signin_unloaded = 10;
  int signins = 200;
  int signin_threads = 4;
  int signin_accounts = 4;
  double signin_max_seconds = 120;
  std::string owner_email = "owner@bench.example.com";
  std::string owner_password = "bench-owner-password-1";
  std::string out;
  std::string server_version;
  std::string git_commit;
  std::string command;
};

[[noreturn]] void usage(const std::string& why) {
  std::cerr << "muster_directory_bench: " << why << "\n"
            << "usage: muster_directory_bench --port P --server-pid PID [--people N] [--chunk N] [--threads N]\n"
            << "  [--latency-per-class N] [--throughput-requests N] [--throughput-seconds S] [--signins N]\n"
            << "  [--signin-threads N] [--out FILE] [--server-version V] [--git-commit C] [--command CMD]\n";
  std::exit(2);
}

Options parse_options(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string k = argv[i];
    if (k == "--help" || k == "-h") usage("help");
    if (i + 1 >= argc) usage("missing value for " + k);
    std::string v = argv[++i];
    auto num = [&] { return std::stoi(v); };
    if (k == "--host") o.host = v;
    else if (k == "--port") o.port = static_cast<unsigned short>(num());
    else if (k == "--server-pid") o.server_pid = num();
    else if (k == "--people") o.people = num();
    else if (k == "--chunk") o.chunk = num();
    else if (k == "--threads") o.threads = num();
    else if (k == "--latency-per-class") o.latency_per_class = num();
    else if (k == "--latency-seconds") o.latency_max_seconds = std::stod(v);
    else if (k == "--throughput-requests") o.throughput_requests = num();
    else if (k == "--throughput-seconds") o.throughput_max_seconds = std::stod(v);
    else if (k == "--signins") o.signins = num();
    else if (k == "--signin-threads") o.signin_threads = num();
    else if (k == "--signin-accounts") o.signin_accounts = num();
    else if (k == "--out") o.out = v;
    else if (k == "--server-version") o.server_version = v;
    else if (k == "--git-commit") o.git_commit = v;
    else if (k == "--command") o.command = v;
    else usage("unknown option " + k);
  }
  if (o.port == 0) usage("--port is required");
  if (o.chunk < 1 || o.chunk > 100000) usage("--chunk must be 1..100000 (the server's CSV row limit)");
  if (o.threads < 1 || o.signin_threads < 1 || o.signin_accounts < 1) usage("thread/account counts must be >= 1");
  return o;
}

// ---------------------------------------------------------------------------------------------
// Measuring: CPU time of the server and of this process, memory of the server.

double server_cpu_seconds(int pid) {
  if (pid <= 0) return -1;
  std::ifstream f("/proc/" + std::to_string(pid) + "/stat");
  std::string s((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  auto paren = s.rfind(')');
  if (paren == std::string::npos) return -1;
  std::istringstream in(s.substr(paren + 2));
  std::vector<std::string> fields;
  for (std::string t; in >> t;) fields.push_back(t);
  // After "pid (comm) " the fields start at field 3 (state); utime is field 14, stime 15.
  if (fields.size() < 13) return -1;
  double ticks = static_cast<double>(std::stoull(fields[11]) + std::stoull(fields[12]));
  return ticks / static_cast<double>(sysconf(_SC_CLK_TCK));
}

json server_memory(int pid) {
  json m = json::object();
  if (pid <= 0) return m;
  std::ifstream f("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(f, line);) {
    auto take = [&](const char* key, const char* name) {
      if (line.rfind(key, 0) == 0) m[name] = std::stoll(line.substr(std::string(key).size()));
    };
    take("VmRSS:", "rss_kib");
    take("VmHWM:", "peak_rss_kib");
    take("Threads:", "threads");
  }
  return m;
}

bool server_alive(int pid) {
  if (pid <= 0) return true;
  std::ifstream f("/proc/" + std::to_string(pid) + "/stat");
  std::string s((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  auto paren = s.rfind(')');
  return paren != std::string::npos && s.size() > paren + 2 && s[paren + 2] != 'Z';
}

double self_cpu_seconds() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  auto sec = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
  return sec(ru.ru_utime) + sec(ru.ru_stime);
}

int online_cpus() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof(set), &set) == 0) return CPU_COUNT(&set);
  return static_cast<int>(std::thread::hardware_concurrency());
}

// Whole-machine CPU time from /proc/stat (all CPUs): busy (incl. steal) and total, in seconds.
struct MachineCpu {
  double busy = 0, steal = 0, total = 0;
};
MachineCpu machine_cpu() {
  std::ifstream f("/proc/stat");
  std::string label;
  f >> label;  // "cpu"
  std::vector<double> v;
  for (int i = 0; i < 8; ++i) {
    double x = 0;
    f >> x;
    v.push_back(x);
  }
  double tick = static_cast<double>(sysconf(_SC_CLK_TCK));
  // user nice system idle iowait irq softirq steal
  MachineCpu m;
  m.busy = (v[0] + v[1] + v[2] + v[5] + v[6] + v[7]) / tick;
  m.steal = v[7] / tick;
  m.total = m.busy + (v[3] + v[4]) / tick;
  return m;
}

// A phase's resource record: wall time, server CPU, load-generator CPU, and what the rest of the
// machine used meanwhile (other processes compete for the same cores and distort the figures).
struct Meter {
  int pid;
  Clock::time_point t0;
  double server0, self0;
  MachineCpu machine0;
  explicit Meter(int p)
      : pid(p), t0(Clock::now()), server0(server_cpu_seconds(p)), self0(self_cpu_seconds()), machine0(machine_cpu()) {}
  json finish() const {
    double wall = std::chrono::duration<double>(Clock::now() - t0).count();
    double server = server0 < 0 ? -1 : server_cpu_seconds(pid) - server0;
    double self = self_cpu_seconds() - self0;
    MachineCpu m1 = machine_cpu();
    double machine_busy = m1.busy - machine0.busy;
    double others = std::max(0.0, machine_busy - std::max(server, 0.0) - self);
    int cpus = online_cpus();
    json j = {{"wall_s", wall},
              {"server_cpu_s", server},
              {"server_cores_busy", server < 0 ? 0.0 : server / wall},
              {"loadgen_cpu_s", self},
              {"loadgen_cores_busy", self / wall},
              {"machine_cores_busy", machine_busy / wall},
              {"other_processes_cores_busy", others / wall},
              {"steal_cores", (m1.steal - machine0.steal) / wall},
              {"machine_busy_fraction", machine_busy / std::max(1e-9, m1.total - machine0.total)},
              {"cpus", cpus},
              {"server_memory", server_memory(pid)}};
    return j;
  }
};

// ---------------------------------------------------------------------------------------------
// Statistics

json latency_summary(std::vector<double> ms) {
  json j = {{"n", ms.size()}};
  if (ms.empty()) return j;
  std::sort(ms.begin(), ms.end());
  auto pct = [&](double p) {
    size_t rank = static_cast<size_t>(std::ceil(p / 100.0 * static_cast<double>(ms.size())));
    return ms[std::min(ms.size() - 1, rank == 0 ? 0 : rank - 1)];
  };
  double sum = 0;
  for (double v : ms) sum += v;
  j["min_ms"] = ms.front();
  j["mean_ms"] = sum / static_cast<double>(ms.size());
  j["p50_ms"] = pct(50);
  j["p90_ms"] = pct(90);
  j["p99_ms"] = pct(99);
  j["max_ms"] = ms.back();
  return j;
}

using bench::Response;

// One keep-alive connection per thread; see http_client.hpp.
class Client : public bench::HttpClient {
 public:
  Client(std::string host, unsigned short port) : HttpClient(std::move(host), port, "muster-directory-bench/1") {}
};

std::string url_encode(const std::string& s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

[[noreturn]] void fail(const std::string& what, const Response& r) {
  throw std::runtime_error(what + ": HTTP " + std::to_string(r.status) + " " + r.body.substr(0, 500));
}

constexpr size_t kContractCsvBytes = 10 * 1024 * 1024;  // the contract's CSV import limit
constexpr size_t kFallbackCsvBytes = 1000 * 1000;        // below Beast's default 1 MiB body limit

struct Sample {
  int cls;
  double ms;
  unsigned status;
  int items;
};

std::string search_target(const std::string& q) { return "/api/v1/people?q=" + url_encode(q) + "&limit=20"; }

Sample run_query(Client& c, const std::string& token, int cls, const std::string& q) {
  auto t0 = Clock::now();
  Response r = c.send(http::verb::get, search_target(q), "", "", token);
  double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
  int items = -1;
  if (r.status == 200) {
    auto j = r.parsed();
    if (j.contains("items") && j["items"].is_array()) items = static_cast<int>(j["items"].size());
  }
  return {cls, ms, r.status, items};
}

double per_request_ms(double cpu_s, size_t n) { return cpu_s >= 0 && n > 0 ? 1000.0 * cpu_s / static_cast<double>(n) : 0.0; }

json summarize_search(const std::vector<Sample>& samples, double wall) {
  json classes = json::object();
  std::vector<double> all;
  std::map<unsigned, int> statuses;
  for (size_t c = 0; c < kQueryClasses.size(); ++c) {
    std::vector<double> ms;
    long items = 0;
    int zero = 0, ok = 0;
    for (const auto& s : samples)
      if (s.cls == static_cast<int>(c)) {
        ms.push_back(s.ms);
        if (s.status == 200) ++ok, items += s.items, zero += s.items == 0;
      }
    json j = latency_summary(ms);
    j["ok"] = ok;
    j["zero_hit_responses"] = zero;
    j["mean_items"] = ok ? static_cast<double>(items) / ok : 0.0;
    classes[kQueryClasses[c].name] = j;
  }
  for (const auto& s : samples) all.push_back(s.ms), statuses[s.status]++;
  json st = json::object();
  int errors = 0;
  for (auto [k, v] : statuses) {
    st[std::to_string(k)] = v;
    if (k != 200) errors += v;
  }
  json overall = latency_summary(all);
  return {{"classes", classes},
          {"overall", overall},
          {"requests", samples.size()},
          {"errors", errors},
          {"status_counts", st},
          {"requests_per_s", wall > 0 ? static_cast<double>(samples.size()) / wall : 0.0}};
}

// ---------------------------------------------------------------------------------------------
// Machine

json machine_info() {
  json m;
  m["nproc"] = online_cpus();
  m["hardware_threads"] = std::thread::hardware_concurrency();
  std::ifstream cpu("/proc/cpuinfo");
  for (std::string line; std::getline(cpu, line);) {
    if (line.rfind("model name", 0) == 0) {
      auto p = line.find(':');
      m["cpu_model"] = p == std::string::npos ? line : line.substr(p + 2);
      break;
    }
  }
  std::ifstream mem("/proc/meminfo");
  for (std::string line; std::getline(mem, line);) {
    if (line.rfind("MemTotal:", 0) == 0) m["mem_total_kib"] = std::stoll(line.substr(9));
    if (line.rfind("MemAvailable:", 0) == 0) m["mem_available_kib"] = std::stoll(line.substr(13));
  }
  utsname u{};
  if (uname(&u) == 0) m["kernel"] = std::string(u.sysname) + " " + u.release + " " + u.machine;
  double load[3];
  if (getloadavg(load, 3) == 3) m["loadavg_at_start"] = {load[0], load[1], load[2]};
  return m;
}

std::string utc_now(const char* fmt) {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, fmt, &tm);
  return buf;
}

// ---------------------------------------------------------------------------------------------
// Phases

std::string setup_and_token(const Options& o, Client& c) {
  json setup = {{"organization_name", "Bench Co"},
                {"default_language", "ar"},
                {"owner",
                 {{"name", "مالك المنصة"}, {"name_latin", "Bench Owner"}, {"email", o.owner_email},
                  {"password", o.owner_password}}}};
  Response r = c.send(http::verb::post, "/api/v1/setup", setup.dump(), "application/json");
  if (r.status != 201) fail("POST /api/v1/setup (the data directory must be fresh)", r);
  json sign = {{"login", o.owner_email}, {"password", o.owner_password}, {"device", "muster-bench"}};
  r = c.send(http::verb::post, "/api/v1/auth/tokens", sign.dump(), "application/json");
  if (r.status != 201) fail("POST /api/v1/auth/tokens", r);
  return r.parsed().at("token").get<std::string>();
}

json seed_phase(const Options& o, Client& c, const std::string& token) {
  // The contract allows 10 MiB and 100,000 rows per import; take chunks of o.chunk rows within that.
  size_t max_bytes = kContractCsvBytes;
  std::cerr << "seed: importing " << o.people << " people in chunks of up to " << o.chunk << " rows / " << max_bytes
            << " bytes\n";
  Meter meter(o.server_pid);
  double request_seconds = 0;
  long bytes = 0;
  json chunks = json::array();
  json refused = json::array();
  for (int from = 0; from < o.people;) {
    int to = from;
    std::string csv = csv_chunk(from, o.people, o.chunk, max_bytes, to);
    auto t0 = Clock::now();
    Response r;
    try {
      r = c.send(http::verb::post, "/api/v1/people/import?mode=apply", csv, "text/csv; charset=utf-8", token);
    } catch (const std::exception& e) {
      if (max_bytes <= kFallbackCsvBytes) throw;
      r = {0, std::string("no answer: ") + e.what()};  // the server dropped the connection mid-body
    }
    double s = std::chrono::duration<double>(Clock::now() - t0).count();
    if ((r.status == 413 || r.status == 0) && max_bytes > kFallbackCsvBytes) {
      // A server that refuses bodies the contract allows: note it, and go on with smaller chunks
      // so the search figures can still be measured.
      refused.push_back({{"rows", to - from}, {"bytes", csv.size()}, {"status", r.status}, {"body", r.body.substr(0, 200)}});
      std::cerr << "WARNING: the server refused a " << csv.size() << "-byte CSV import (" << to - from << " rows): "
                << (r.status ? "HTTP 413" : r.body)
                << ", although the contract allows 10 MiB; continuing with chunks of at most "
                << kFallbackCsvBytes << " bytes\n";
      max_bytes = kFallbackCsvBytes;
      continue;
    }
    request_seconds += s;
    bytes += static_cast<long>(csv.size());
    if (r.status != 200) fail("POST /api/v1/people/import rows " + std::to_string(from) + ".." + std::to_string(to), r);
    json report = r.parsed();
    size_t created = report.value("created", json::array()).size();
    size_t errors = report.value("errors", json::array()).size();
    if (!report.value("applied", false) || errors != 0 || created != static_cast<size_t>(to - from))
      throw std::runtime_error("import chunk " + std::to_string(from) + ": applied=" +
                               std::to_string(report.value("applied", false)) + " created=" + std::to_string(created) +
                               " errors=" + std::to_string(errors) + " " + r.body.substr(0, 300));
    chunks.push_back({{"first_row", from},
                      {"rows", to - from},
                      {"bytes", csv.size()},
                      {"seconds", s},
                      {"rows_per_s", (to - from) / s},
                      {"server_rss_kib_after", server_memory(o.server_pid).value("rss_kib", 0)}});
    std::cerr << "  rows " << from << ".." << to << " (" << csv.size() << " bytes): " << s << " s ("
              << static_cast<int>((to - from) / s) << " rows/s)\n";
    from = to;
  }
  json j = meter.finish();
  j["rows"] = o.people;
  j["csv_bytes"] = bytes;
  j["rows_per_s"] = o.people / request_seconds;
  j["chunks"] = chunks;
  j["refused_chunks"] = refused;

  // Sanity: the directory facets must count everyone who was imported.
  Response f = c.send(http::verb::get, "/api/v1/directory/facets", "", "", token);
  if (f.status != 200) fail("GET /api/v1/directory/facets", f);
  long counted = 0;
  for (const auto& d : f.parsed().value("departments", json::array())) counted += d.value("count", 0);
  j["facet_department_total"] = counted;
  if (counted != o.people)
    std::cerr << "WARNING: department facets count " << counted << " people, expected " << o.people << "\n";
  return j;
}

// One pass over every query (not timed as a result): warms caches, records hits and a sample.
json check_queries(Client& c, const std::string& token) {
  json out = json::object();
  for (size_t ci = 0; ci < kQueryClasses.size(); ++ci) {
    json qs = json::array();
    for (const auto& q : kQueryClasses[ci].queries) {
      Response r = c.send(http::verb::get, search_target(q), "", "", token);
      json entry = {{"q", q}, {"status", r.status}};
      if (r.status == 200) {
        auto j = r.parsed();
        const auto& items = j["items"];
        entry["items"] = items.size();
        entry["more"] = j.contains("next_cursor") && !j["next_cursor"].is_null();
        if (!items.empty()) entry["first"] = items[0].value("name", "") + " / " + items[0].value("name_latin", "");
        if (items.empty()) std::cerr << "WARNING: query '" << q << "' found nobody\n";
      } else {
        entry["error"] = r.body.substr(0, 200);
        std::cerr << "WARNING: query '" << q << "' -> HTTP " << r.status << " " << r.body.substr(0, 200) << "\n";
      }
      qs.push_back(entry);
    }
    out[kQueryClasses[ci].name] = {{"description", kQueryClasses[ci].description}, {"queries", qs}};
  }
  return out;
}

json search_latency_phase(const Options& o, Client& c, const std::string& token) {
  std::cerr << "search latency: 1 connection, " << o.latency_per_class << " requests per class\n";
  std::vector<Sample> samples;
  Meter meter(o.server_pid);
  auto deadline = Clock::now() + std::chrono::duration<double>(o.latency_max_seconds);
  bool cut = false;
  for (int round = 0; round < o.latency_per_class && !cut; ++round) {
    for (size_t ci = 0; ci < kQueryClasses.size(); ++ci) {
      const auto& qs = kQueryClasses[ci].queries;
      samples.push_back(run_query(c, token, static_cast<int>(ci), qs[static_cast<size_t>(round) % qs.size()]));
    }
    if (Clock::now() > deadline) cut = true;
  }
  json res = meter.finish();
  json j = summarize_search(samples, res["wall_s"].get<double>());
  j["server_cpu_ms_per_request"] = per_request_ms(res["server_cpu_s"].get<double>(), samples.size());
  j["loadgen_cpu_ms_per_request"] = per_request_ms(res["loadgen_cpu_s"].get<double>(), samples.size());
  j["threads"] = 1;
  j["stopped_by_time_limit"] = cut;
  j["resources"] = res;
  return j;
}

json search_throughput_phase(const Options& o, const std::string& token) {
  std::cerr << "search throughput: " << o.threads << " threads, up to " << o.throughput_requests << " requests / "
            << o.throughput_max_seconds << " s\n";
  std::atomic<int> next{0};
  std::atomic<bool> cut{false};
  std::vector<std::vector<Sample>> per_thread(static_cast<size_t>(o.threads));
  std::vector<std::string> failures;
  std::mutex mu;
  int reconnects = 0, server_closes = 0;
  Meter meter(o.server_pid);
  auto deadline = Clock::now() + std::chrono::duration<double>(o.throughput_max_seconds);
  std::vector<std::thread> threads;
  for (int t = 0; t < o.threads; ++t) {
    threads.emplace_back([&, t] {
      try {
        Client c(o.host, o.port);
        auto& mine = per_thread[static_cast<size_t>(t)];
        const int n = static_cast<int>(kQueryClasses.size());
        for (int i; (i = next.fetch_add(1)) < o.throughput_requests;) {
          if (Clock::now() > deadline) {
            cut = true;
            break;
          }
          int ci = i % n;
          const auto& qs = kQueryClasses[static_cast<size_t>(ci)].queries;
          mine.push_back(run_query(c, token, ci, qs[static_cast<size_t>(i / n) % qs.size()]));
        }
        std::lock_guard lock(mu);
        reconnects += c.reconnects();
        server_closes += c.server_closes();
      } catch (const std::exception& e) {
        std::lock_guard lock(mu);
        failures.push_back(e.what());
      }
    });
  }
  for (auto& th : threads) th.join();
  json res = meter.finish();
  std::vector<Sample> samples;
  for (auto& v : per_thread) samples.insert(samples.end(), v.begin(), v.end());
  json j = summarize_search(samples, res["wall_s"].get<double>());
  j["server_cpu_ms_per_request"] = per_request_ms(res["server_cpu_s"].get<double>(), samples.size());
  j["loadgen_cpu_ms_per_request"] = per_request_ms(res["loadgen_cpu_s"].get<double>(), samples.size());
  j["threads"] = o.threads;
  j["stopped_by_time_limit"] = cut.load();
  j["reconnects"] = reconnects;
  j["server_closed_connections"] = server_closes;
  j["transport_failures"] = failures;
  j["resources"] = res;
  return j;
}

// Accounts for sign-in: the owner plus people created by the owner who accept their invitation.
std::vector<std::pair<std::string, std::string>> signin_accounts(const Options& o, Client& c,
                                                                 const std::string& token) {
  std::vector<std::pair<std::string, std::string>> accounts = {{o.owner_email, o.owner_password}};
  for (int k = 1; k < o.signin_accounts; ++k) {
    std::string email = "signin" + std::to_string(k) + "@bench.example.com";
    std::string password = "bench-signin-password-" + std::to_string(k);
    json person = {{"name", "مستخدم قياس " + std::to_string(k)},
                   {"name_latin", "Bench User " + std::to_string(k)},
                   {"email", email},
                   {"department", "Engineering"}};
    Response r = c.send(http::verb::post, "/api/v1/people", person.dump(), "application/json", token);
    if (r.status != 201) fail("POST /api/v1/people", r);
    std::string inv = r.parsed().at("invitation").at("token").get<std::string>();
    r = c.send(http::verb::post, "/api/v1/invitations/" + url_encode(inv) + "/accept",
               json({{"password", password}}).dump(), "application/json");
    if (r.status != 200) fail("POST /api/v1/invitations/{token}/accept", r);
    accounts.emplace_back(email, password);
  }
  return accounts;
}

json signin_run(const Options& o, const std::vector<std::pair<std::string, std::string>>& accounts, int threads_n,
                int total) {
  std::atomic<int> next{0};
  std::atomic<bool> cut{false};
  std::vector<std::vector<double>> lat(static_cast<size_t>(threads_n));
  std::vector<std::map<unsigned, int>> statuses(static_cast<size_t>(threads_n));
  std::vector<std::string> failures, bodies;
  std::mutex mu;
  Meter meter(o.server_pid);
  auto deadline = Clock::now() + std::chrono::duration<double>(o.signin_max_seconds);
  std::vector<std::thread> threads;
  for (int t = 0; t < threads_n; ++t) {
    threads.emplace_back([&, t] {
      try {
        Client c(o.host, o.port);
        for (int i; (i = next.fetch_add(1)) < total;) {
          if (Clock::now() > deadline) {
            cut = true;
            break;
          }
          const auto& [login, password] = accounts[static_cast<size_t>(i) % accounts.size()];
          std::string body = json({{"login", login}, {"password", password}, {"device", "muster-bench"}}).dump();
          auto t0 = Clock::now();
          Response r = c.send(http::verb::post, "/api/v1/auth/tokens", body, "application/json");
          lat[static_cast<size_t>(t)].push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
          statuses[static_cast<size_t>(t)][r.status]++;
          if (r.status != 201) {
            std::lock_guard lock(mu);
            if (bodies.size() < 5) bodies.push_back(std::to_string(r.status) + " " + r.body.substr(0, 200));
          }
        }
      } catch (const std::exception& e) {
        std::lock_guard lock(mu);
        failures.push_back(e.what());
      }
    });
  }
  for (auto& th : threads) th.join();
  json res = meter.finish();
  std::vector<double> all;
  std::map<unsigned, int> st;
  for (size_t t = 0; t < lat.size(); ++t) {
    all.insert(all.end(), lat[t].begin(), lat[t].end());
    for (auto [k, v] : statuses[t]) st[k] += v;
  }
  int ok = st.count(201) ? st[201] : 0;
  json stj = json::object();
  for (auto [k, v] : st) stj[std::to_string(k)] = v;
  json j = {{"threads", threads_n},
            {"accounts", accounts.size()},
            {"attempts", all.size()},
            {"succeeded", ok},
            {"errors", static_cast<int>(all.size()) - ok},
            {"status_counts", stj},
            {"error_samples", bodies},
            {"transport_failures", failures},
            {"stopped_by_time_limit", cut.load()},
            {"latency", latency_summary(all)},
            {"signins_per_s", ok / res["wall_s"].get<double>()},
            {"resources", res}};
  j["server_cpu_ms_per_signin"] =
      ok > 0 && res["server_cpu_s"].get<double>() >= 0 ? 1000.0 * res["server_cpu_s"].get<double>() / ok : 0.0;
  return j;
}

// ---------------------------------------------------------------------------------------------
// Table

void print_table(const json& r) {
  const auto& m = r["machine"];
  std::printf("\nMuster directory benchmark  %s  (git %s, server %s)\n", r["timestamp"].get<std::string>().c_str(),
              r.value("git_commit", "?").c_str(), r.value("server_version", "?").c_str());
  std::printf("machine: %d CPUs, %s, %.1f GiB RAM, %s\n", m["nproc"].get<int>(), m.value("cpu_model", "?").c_str(),
              m.value("mem_total_kib", 0LL) / 1048576.0, m.value("kernel", "?").c_str());
  const auto& seed = r["phases"]["seed"];
  std::printf("\nseed: %d people via CSV import in %zu chunks: %.1f s, %.0f rows/s\n"
              "  CPU: server %.2f, loadgen %.2f, other processes %.2f cores; server RSS %lld MiB\n",
              seed["rows"].get<int>(), seed["chunks"].size(), seed["wall_s"].get<double>(),
              seed["rows_per_s"].get<double>(), seed["server_cores_busy"].get<double>(),
              seed["loadgen_cores_busy"].get<double>(), seed["other_processes_cores_busy"].get<double>(),
              seed["server_memory"].value("rss_kib", 0LL) / 1024);

  if (!seed["refused_chunks"].empty())
    std::printf("  WARNING: the server refused a %zu-byte CSV import (%s; the contract allows up to 10 MiB);\n"
                "  seeded with chunks of at most %zu bytes instead (%zu requests)\n",
                seed["refused_chunks"][0]["bytes"].get<size_t>(),
                seed["refused_chunks"][0]["status"].get<unsigned>() ? "HTTP 413" : "connection dropped mid-body",
                kFallbackCsvBytes, seed["chunks"].size());

  auto search_table = [](const char* title, const json& s) {
    std::printf("\n%s\n", title);
    std::printf("  %-26s %6s %8s %8s %8s %8s %8s %6s\n", "query class", "n", "p50 ms", "p90 ms", "p99 ms", "max ms",
                "items", "zero");
    for (const auto& qc : kQueryClasses) {
      const auto& c = s["classes"][qc.name];
      if (c["n"].get<size_t>() == 0) continue;
      std::printf("  %-26s %6zu %8.2f %8.2f %8.2f %8.2f %8.1f %6d\n", qc.name.c_str(), c["n"].get<size_t>(),
                  c["p50_ms"].get<double>(), c["p90_ms"].get<double>(), c["p99_ms"].get<double>(),
                  c["max_ms"].get<double>(), c["mean_items"].get<double>(), c["zero_hit_responses"].get<int>());
    }
    const auto& a = s["overall"];
    if (a["n"].get<size_t>() > 0)
      std::printf("  %-26s %6zu %8.2f %8.2f %8.2f %8.2f\n", "overall", a["n"].get<size_t>(), a["p50_ms"].get<double>(),
                  a["p90_ms"].get<double>(), a["p99_ms"].get<double>(), a["max_ms"].get<double>());
    const auto& res = s["resources"];
    std::printf("  %.0f req/s over %.1f s, errors %d; %.1f ms server CPU per request\n"
                "  CPU: server %.2f, loadgen %.2f, other processes %.2f cores\n",
                s["requests_per_s"].get<double>(), res["wall_s"].get<double>(), s["errors"].get<int>(),
                s["server_cpu_ms_per_request"].get<double>(),
                res["server_cores_busy"].get<double>(), res["loadgen_cores_busy"].get<double>(),
                res["other_processes_cores_busy"].get<double>());
  };
  search_table("search latency, 1 connection (unloaded), GET /api/v1/people?q=...&limit=20",
               r["phases"]["search_latency"]);
  char title[160];
  std::snprintf(title, sizeof title, "search under load, %d connections", r["phases"]["search_throughput"]["threads"].get<int>());
  search_table(title, r["phases"]["search_throughput"]);

  std::printf("\nsign-in, POST /api/v1/auth/tokens (argon2id verify)\n");
  std::printf("  %-26s %6s %8s %8s %8s %8s %9s %6s\n", "run", "n", "p50 ms", "p90 ms", "p99 ms", "max ms", "signin/s",
              "errors");
  for (const char* key : {"signin_unloaded", "signin"}) {
    const auto& s = r["phases"][key];
    const auto& l = s["latency"];
    if (l["n"].get<size_t>() == 0) continue;
    std::string label = std::to_string(s["threads"].get<int>()) + " connection(s)";
    std::printf("  %-26s %6zu %8.1f %8.1f %8.1f %8.1f %9.1f %6d\n", label.c_str(), l["n"].get<size_t>(),
                l["p50_ms"].get<double>(), l["p90_ms"].get<double>(), l["p99_ms"].get<double>(),
                l["max_ms"].get<double>(), s["signins_per_s"].get<double>(), s["errors"].get<int>());
  }
  const auto& sr = r["phases"]["signin"]["resources"];
  std::printf("  under load: %.0f ms server CPU per sign-in; CPU: server %.2f, loadgen %.2f, other processes %.2f cores;\n"
              "  server peak RSS %lld MiB\n",
              r["phases"]["signin"]["server_cpu_ms_per_signin"].get<double>(), sr["server_cores_busy"].get<double>(),
              sr["loadgen_cores_busy"].get<double>(), sr["other_processes_cores_busy"].get<double>(),
              sr["server_memory"].value("peak_rss_kib", 0LL) / 1024);

  // A busy neighbour takes cores from the server and the load generator alike.
  double worst = 0;
  for (const auto& [name, phase] : r["phases"].items()) {
    const json& res = phase.contains("resources") ? phase["resources"] : phase;
    if (res.contains("other_processes_cores_busy")) worst = std::max(worst, res["other_processes_cores_busy"].get<double>());
  }
  if (worst > 0.25)
    std::printf("\nNOTE: other processes on this machine used up to %.2f of %d cores during a phase; the figures\n"
                "above are lower than the server would reach on an idle machine.\n",
                worst, m["nproc"].get<int>());
}

}  // namespace

int main(int argc, char** argv) {
  Options o = parse_options(argc, argv);
  json report;
  report["benchmark"] = "directory";
  report["timestamp"] = utc_now("%Y-%m-%dT%H:%M:%SZ");
  report["git_commit"] = o.git_commit;
  report["server_version"] = o.server_version;
  report["command"] = o.command;
  report["machine"] = machine_info();
  report["config"] = {{"people", o.people},
                      {"import_chunk_rows", o.chunk},
                      {"search_threads", o.threads},
                      {"latency_requests_per_class", o.latency_per_class},
                      {"throughput_requests", o.throughput_requests},
                      {"throughput_max_seconds", o.throughput_max_seconds},
                      {"signin_unloaded", o.signin_unloaded},
                      {"signins", o.signins},
                      {"signin_threads", o.signin_threads},
                      {"signin_accounts", o.signin_accounts},
                      {"page_limit", 20},
                      {"transport", "HTTP/1.1 keep-alive over 127.0.0.1, synchronous Boost.Beast clients"}};
  int rc = 0;
  try {
    Client c(o.host, o.port);
    std::string token = setup_and_token(o, c);
    report["phases"]["seed"] = seed_phase(o, c, token);
    std::cerr << "checking queries (warm-up pass)\n";
    report["queries"] = check_queries(c, token);
    report["phases"]["search_latency"] = search_latency_phase(o, c, token);
    report["phases"]["search_throughput"] = search_throughput_phase(o, token);
    std::cerr << "sign-in: creating " << o.signin_accounts - 1 << " extra accounts via invitations\n";
    auto accounts = signin_accounts(o, c, token);
    std::cerr << "sign-in: " << o.signin_unloaded << " sequential, then " << o.signins << " on " << o.signin_threads
              << " threads\n";
    report["phases"]["signin_unloaded"] = signin_run(o, accounts, 1, o.signin_unloaded);
    report["phases"]["signin"] = signin_run(o, accounts, o.signin_threads, o.signins);
    report["server_memory_at_end"] = server_memory(o.server_pid);
    print_table(report);
    int errors = report["phases"]["search_latency"]["errors"].get<int>() +
                 report["phases"]["search_throughput"]["errors"].get<int>() +
                 report["phases"]["signin"]["errors"].get<int>() +
                 static_cast<int>(report["phases"]["search_throughput"]["transport_failures"].size()) +
                 static_cast<int>(report["phases"]["signin"]["transport_failures"].size());
    report["ok"] = errors == 0;
    if (errors) {
      std::printf("\nWARNING: %d failed requests (see status_counts in the JSON)\n", errors);
      rc = 3;
    }
  } catch (const std::exception& e) {
    std::cerr << "muster_directory_bench: " << e.what() << "\n";
    report["ok"] = false;
    report["failure"] = e.what();
    report["server_alive"] = server_alive(o.server_pid);
    rc = 1;
  }
  if (!o.out.empty()) {
    std::ofstream f(o.out);
    f << report.dump(2) << "\n";
    if (!f) {
      std::cerr << "cannot write " << o.out << "\n";
      return 1;
    }
  }
  return rc;
}
