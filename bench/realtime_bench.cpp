// muster_realtime_bench: real-time messaging load generator for Muster and its comparison peers.
//
//   muster_realtime_bench run --target muster|ws|nats|epoll ... --out PART.json
//   muster_realtime_bench report --out RESULT.json PART.json...
//
// `run` drives one server that bench/run-realtime.sh has started. It forks worker processes (each
// holds at most a few thousand sockets: these machines cap a process at 20,000 open files), each
// with one Asio io_context thread and async Beast WebSocket clients bound to 127.0.0.x source
// addresses, and steers them over pipes (open, reset, stats, send, store, slow, quit). Phases:
//   hold     N idle authenticated WebSockets with heartbeats (WebSocket pings); server RSS growth
//            per connection, the kernel's slab growth, server CPU while idle
//   fanout   100-byte messages carrying their send time (steady clock, shared by all processes on
//            the machine); offered rate doubled step by step until the server stops keeping up,
//            for a channel of 1,000 members and for 10,000 conversations of 10 members, then
//            p50/p99 latency at half the highest rate that kept up, with 10,000 clients connected
//   overload (muster) twice the channel's highest rate while half the receivers stop reading:
//            server RSS sampled each second (must stop growing) and slow consumers cut off
//   store    (muster) durable messages per second, answered after commit: closed-loop HTTP senders
//            (201s per second), then WebSocket senders ("send" over the socket, a window of sends in
//            flight per socket, several per frame as a JSON array; "sent" answers per second)
// Every figure that is a rate is also given per server CPU-second (utime+stime from
// /proc/<pid>/stat), with the offered rate beside it and the load generator's own CPU (all its
// processes), so a saturated load generator is never mistaken for a server limit.
// Loopback only; every loop is bounded in count and time.
#include <utility>  // Boost 1.74's Asio needs std::exchange declared first under GCC 12.

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <nlohmann/json.hpp>

#include "http_client.hpp"

#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <deque>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
namespace websocket = boost::beast::websocket;
using tcp = boost::asio::ip::tcp;
using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

namespace {

// ---------------------------------------------------------------------------------------------
// Small utilities

std::int64_t now_ns() {
  // CLOCK_MONOTONIC: the same clock in every process of this machine, so a receiver in another
  // process can subtract the sender's timestamp.
  return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch()).count();
}

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

void sleep_s(double s) { std::this_thread::sleep_for(std::chrono::duration<double>(s)); }

std::string slurp(const std::string& path) {
  std::ifstream f(path);
  return std::string((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
}

double proc_cpu_seconds(int pid) {
  if (pid <= 0) return -1;
  std::string s = slurp("/proc/" + std::to_string(pid) + "/stat");
  auto paren = s.rfind(')');
  if (paren == std::string::npos) return -1;
  std::istringstream in(s.substr(paren + 2));
  std::vector<std::string> f;
  for (std::string t; in >> t;) f.push_back(t);
  if (f.size() < 13) return -1;
  return static_cast<double>(std::stoull(f[11]) + std::stoull(f[12])) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

long proc_status_kib(int pid, const char* key) {
  std::ifstream f("/proc/" + std::to_string(pid) + "/status");
  std::string k(key);
  for (std::string line; std::getline(f, line);)
    if (line.rfind(k, 0) == 0) return std::stol(line.substr(k.size()));
  return -1;
}

bool proc_alive(int pid) {
  std::string s = slurp("/proc/" + std::to_string(pid) + "/stat");
  auto paren = s.rfind(')');
  return paren != std::string::npos && s.size() > paren + 2 && s[paren + 2] != 'Z';
}

double self_cpu_seconds() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  auto sec = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
  return sec(ru.ru_utime) + sec(ru.ru_stime);
}

long meminfo_kib(const char* key) {
  std::ifstream f("/proc/meminfo");
  std::string k(key);
  for (std::string line; std::getline(f, line);)
    if (line.rfind(k, 0) == 0) return std::stol(line.substr(k.size()));
  return -1;
}

// The kernel's memory for sockets: slab (socket, inode, dentry, epoll items) and the TCP pages in
// use (socket buffers), from /proc/meminfo and /proc/net/sockstat.
json kernel_memory() {
  json k;
  k["slab_kib"] = meminfo_kib("Slab:");
  k["sunreclaim_kib"] = meminfo_kib("SUnreclaim:");
  std::ifstream f("/proc/net/sockstat");
  for (std::string line; std::getline(f, line);) {
    if (line.rfind("TCP:", 0) != 0) continue;
    std::istringstream in(line.substr(4));
    for (std::string key, val; in >> key >> val;) {
      if (key == "inuse") k["tcp_inuse"] = std::stol(val);
      if (key == "mem") k["tcp_mem_kib"] = std::stol(val) * (sysconf(_SC_PAGESIZE) / 1024);
    }
  }
  return k;
}

int online_cpus() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof(set), &set) == 0) return CPU_COUNT(&set);
  return static_cast<int>(std::thread::hardware_concurrency());
}

double machine_busy_seconds() {
  std::ifstream f("/proc/stat");
  std::string label;
  f >> label;
  std::vector<double> v(8, 0.0);
  for (auto& x : v) f >> x;
  return (v[0] + v[1] + v[2] + v[5] + v[6] + v[7]) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

json machine_info() {
  json m;
  m["nproc"] = online_cpus();
  std::ifstream cpu("/proc/cpuinfo");
  for (std::string line; std::getline(cpu, line);)
    if (line.rfind("model name", 0) == 0) {
      auto p = line.find(':');
      m["cpu_model"] = p == std::string::npos ? line : line.substr(p + 2);
      break;
    }
  m["mem_total_kib"] = meminfo_kib("MemTotal:");
  m["mem_available_kib"] = meminfo_kib("MemAvailable:");
  utsname u{};
  if (uname(&u) == 0) m["kernel"] = std::string(u.sysname) + " " + u.release + " " + u.machine;
  double load[3];
  if (getloadavg(load, 3) == 3) m["loadavg_at_start"] = {load[0], load[1], load[2]};
  rlimit rl{};
  if (getrlimit(RLIMIT_NOFILE, &rl) == 0) m["open_files_limit"] = rl.rlim_cur;
  return m;
}

std::string utc_now() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// Log-linear latency histogram in microseconds: exact below 1,024 us, then 512 buckets per
// power of two (0.2 % resolution). Worker processes send their non-empty buckets to the driver.
struct Histogram {
  static constexpr int kLinear = 1024, kSub = 512, kOctaves = 26;
  std::vector<std::uint64_t> b = std::vector<std::uint64_t>(kLinear + kSub * kOctaves, 0);
  std::uint64_t n = 0;
  static int bucket(std::uint64_t us) {
    if (us < kLinear) return static_cast<int>(us);
    int msb = 63 - __builtin_clzll(us);  // >= 10
    int oct = std::min(msb - 10, kOctaves - 1);
    int sub = static_cast<int>((us >> (msb - 9)) & (kSub - 1));
    return kLinear + oct * kSub + sub;
  }
  static double value_ms(int i) {
    if (i < kLinear) return i / 1000.0;
    int oct = (i - kLinear) / kSub, sub = (i - kLinear) % kSub;
    double lo = std::ldexp(1.0, oct + 10) + sub * std::ldexp(1.0, oct + 1);
    return (lo + std::ldexp(1.0, oct)) / 1000.0;  // the bucket's middle
  }
  void add(std::int64_t us) {
    ++b[bucket(static_cast<std::uint64_t>(std::max<std::int64_t>(0, us)))];
    ++n;
  }
  void clear() {
    std::fill(b.begin(), b.end(), 0);
    n = 0;
  }
  json to_json() const {
    json j = json::array();
    for (size_t i = 0; i < b.size(); ++i)
      if (b[i]) j.push_back({i, b[i]});
    return j;
  }
  void merge(const json& j) {
    for (const auto& e : j) {
      auto i = e[0].get<size_t>();
      auto c = e[1].get<std::uint64_t>();
      if (i < b.size()) b[i] += c, n += c;
    }
  }
  double pct(double p) const {
    if (n == 0) return 0;
    auto rank = static_cast<std::uint64_t>(std::ceil(p / 100.0 * static_cast<double>(n)));
    if (rank == 0) rank = 1;
    std::uint64_t seen = 0;
    for (size_t i = 0; i < b.size(); ++i) {
      seen += b[i];
      if (seen >= rank) return value_ms(static_cast<int>(i));
    }
    return value_ms(static_cast<int>(b.size() - 1));
  }
  json summary() const {
    json s = {{"n", n}};
    if (n == 0) return s;
    s["p50_ms"] = pct(50);
    s["p90_ms"] = pct(90);
    s["p99_ms"] = pct(99);
    s["p999_ms"] = pct(99.9);
    s["max_ms"] = pct(100);
    return s;
  }
};

// ---------------------------------------------------------------------------------------------
// Options: --key value pairs (and bare flags), with defaults at the point of use.

struct Options {
  std::map<std::string, std::string> kv;
  std::vector<std::string> positional;
  std::string str(const std::string& k, const std::string& d = "") const {
    auto it = kv.find(k);
    return it == kv.end() ? d : it->second;
  }
  long num(const std::string& k, long d) const {
    auto it = kv.find(k);
    return it == kv.end() ? d : std::stol(it->second);
  }
  double real(const std::string& k, double d) const {
    auto it = kv.find(k);
    return it == kv.end() ? d : std::stod(it->second);
  }
  bool has_phase(const std::string& p) const {
    std::string all = "," + str("phases", "hold,fanout,overload,store") + ",";
    return all.find("," + p + ",") != std::string::npos;
  }
};

Options parse(int argc, char** argv, int from) {
  Options o;
  for (int i = from; i < argc; ++i) {
    std::string a = argv[i];
    if (a.rfind("--", 0) == 0) {
      std::string key = a.substr(2);
      if (i + 1 < argc && std::string(argv[i + 1]).rfind("--", 0) != 0) o.kv[key] = argv[++i];
      else o.kv[key] = "1";
    } else {
      o.positional.push_back(a);
    }
  }
  return o;
}

using bench::Response;

// One keep-alive connection per thread; see http_client.hpp.
class Client : public bench::HttpClient {
 public:
  Client(std::string host, unsigned short port) : HttpClient(std::move(host), port, "muster-realtime-bench/1") {}
};

[[noreturn]] void fail(const std::string& what, const Response& r) {
  throw std::runtime_error(what + " -> HTTP " + std::to_string(r.status) + " " + r.body.substr(0, 300));
}

// ---------------------------------------------------------------------------------------------
// The workload shape, shared by Muster's seed and the peers: P receiving people in one channel,
// G conversations of 10 of them (group g = people (10g + j) mod P, j = 0..9), and idle people
// whose sockets only sit there (hold test, background clients).

struct Shape {
  int people = 1000, groups = 10000, group_size = 10;
  std::vector<std::vector<int>> groups_of;  // person -> the groups they are in
  void build() {
    groups_of.assign(static_cast<size_t>(people), {});
    for (int g = 0; g < groups; ++g)
      for (int j = 0; j < group_size; ++j) groups_of[static_cast<size_t>((g * group_size + j) % people)].push_back(g);
  }
  std::vector<int> members(int g) const {
    std::vector<int> m;
    for (int j = 0; j < group_size; ++j) m.push_back((g * group_size + j) % people);
    return m;
  }
};

struct Seed {
  std::string owner_token, channel_id;
  std::vector<std::string> group_ids;
  std::vector<std::string> people_tokens;  // cookie session tokens, one per receiving person
  std::vector<std::string> idle_tokens;
  json report;
};

std::string cookie_token(const std::string& set_cookie) {
  const std::string key = "muster_session=";
  auto p = set_cookie.find(key);
  if (p == std::string::npos) return "";
  auto e = set_cookie.find(';', p);
  return set_cookie.substr(p + key.size(), e == std::string::npos ? std::string::npos : e - p - key.size());
}

// Runs `n` jobs on `threads` threads, each with its own HTTP connection. Joins before returning
// (the driver forks afterwards: no thread may be alive then).
void parallel(int n, int threads, unsigned short port, const std::function<void(Client&, int)>& job) {
  std::atomic<int> next{0};
  std::mutex m;
  std::string error;
  std::vector<std::thread> ts;
  for (int t = 0; t < threads; ++t)
    ts.emplace_back([&] {
      Client c("127.0.0.1", port);
      for (int i; (i = next++) < n;) {
        try {
          job(c, i);
        } catch (const std::exception& e) {
          std::lock_guard l(m);
          if (error.empty()) error = e.what();
          next = n;
        }
      }
    });
  for (auto& t : ts) t.join();
  if (!error.empty()) throw std::runtime_error(error);
}

Seed seed_muster(unsigned short port, int server_pid, const Shape& shape, int idle_people) {
  Seed s;
  auto t0 = Clock::now();
  double cpu0 = proc_cpu_seconds(server_pid);
  Client c("127.0.0.1", port);
  const std::string owner_email = "owner@bench.example.com", password = "bench-owner-password";
  json setup = {{"organization_name", "Realtime Bench"},
                {"default_language", "en"},
                {"owner", {{"name", "Bench Owner"}, {"email", owner_email}, {"password", password}}}};
  Response r = c.send(http::verb::post, "/api/v1/setup", setup.dump());
  if (r.status != 201) fail("POST /api/v1/setup (the data directory must be fresh)", r);
  r = c.send(http::verb::post, "/api/v1/auth/tokens", json({{"login", owner_email}, {"password", password}}).dump());
  if (r.status != 201) fail("POST /api/v1/auth/tokens", r);
  s.owner_token = r.parsed().at("token").get<std::string>();

  // People: created by the owner, each accepts their invitation (one argon2id hash each) and
  // keeps the session cookie as the WebSocket credential. Idle people are created the same way.
  int total = shape.people + idle_people;
  std::vector<std::string> ids(static_cast<size_t>(total)), tokens(static_cast<size_t>(total));
  auto t_people = Clock::now();
  parallel(total, 4, port, [&](Client& cl, int i) {
    json person = {{"name", "Bench Person " + std::to_string(i)}, {"email", "p" + std::to_string(i) + "@bench.example.com"}};
    Response pr = cl.send(http::verb::post, "/api/v1/people", person.dump(), "", s.owner_token);
    if (pr.status != 201) fail("POST /api/v1/people", pr);
    auto pj = pr.parsed();
    ids[static_cast<size_t>(i)] = pj.at("person").at("id").get<std::string>();
    std::string inv = pj.at("invitation").at("token").get<std::string>();
    Response ar = cl.send(http::verb::post, "/api/v1/invitations/" + inv + "/accept",
                          json({{"password", "bench-person-password-" + std::to_string(i)}}).dump());
    if (ar.status != 200) fail("POST /api/v1/invitations/{token}/accept", ar);
    tokens[static_cast<size_t>(i)] = cookie_token(ar.set_cookie);
    if (tokens[static_cast<size_t>(i)].empty()) fail("invitation accept without a muster_session cookie", ar);
  });
  double people_s = seconds_since(t_people);
  s.people_tokens.assign(tokens.begin(), tokens.begin() + shape.people);
  s.idle_tokens.assign(tokens.begin() + shape.people, tokens.end());

  auto t_conv = Clock::now();
  json channel = {{"kind", "channel"}, {"name", "bench-fanout"}, {"visibility", "private"},
                  {"member_ids", json(std::vector<std::string>(ids.begin(), ids.begin() + shape.people))}};
  r = c.send(http::verb::post, "/api/v1/conversations", channel.dump(), "", s.owner_token);
  if (r.status != 201) fail("POST /api/v1/conversations (channel)", r);
  s.channel_id = r.parsed().at("id").get<std::string>();
  s.group_ids.assign(static_cast<size_t>(shape.groups), "");
  parallel(shape.groups, 4, port, [&](Client& cl, int g) {
    json members = json::array();
    for (int p : shape.members(g)) members.push_back(ids[static_cast<size_t>(p)]);
    json body = {{"kind", "group"}, {"name", "g" + std::to_string(g)}, {"member_ids", members}};
    Response gr = cl.send(http::verb::post, "/api/v1/conversations", body.dump(), "", s.owner_token);
    if (gr.status != 201) fail("POST /api/v1/conversations (group)", gr);
    s.group_ids[static_cast<size_t>(g)] = gr.parsed().at("id").get<std::string>();
  });
  double conv_s = seconds_since(t_conv);
  s.report = {{"people", shape.people},
              {"idle_people", idle_people},
              {"people_seconds", people_s},
              {"people_note", "POST /api/v1/people + invitation accept (argon2id) per person, 4 connections"},
              {"conversations", shape.groups + 1},
              {"conversations_seconds", conv_s},
              {"wall_s", seconds_since(t0)},
              {"server_cpu_s", proc_cpu_seconds(server_pid) - cpu0}};
  return s;
}

// ---------------------------------------------------------------------------------------------
// Worker process: async clients on one io_context thread.

enum class Proto { muster, ws, nats, tcp };
enum class Role { receiver, idle, sender };

Proto proto_of(const std::string& t) {
  if (t == "muster") return Proto::muster;
  if (t == "ws") return Proto::ws;
  if (t == "nats") return Proto::nats;
  if (t == "epoll" || t == "tcp") return Proto::tcp;
  throw std::runtime_error("unknown target " + t);
}

struct ConnSpec {
  Role role;
  int person;  // receivers: the person; idle: an index into the idle credentials
  int global;  // spreads sockets over the source addresses
};

struct WorkerConfig {
  Proto proto = Proto::muster;
  int id = 0;
  unsigned short ws_port = 0, http_port = 0;
  int sources = 8;          // 127.0.0.2 .. 127.0.0.(sources+1)
  double heartbeat_s = 10;  // a WebSocket ping per socket this often (0: none)
  int open_window = 200;    // handshakes in flight
  std::vector<ConnSpec> conns;
  int http_senders = 0;  // sender worker: HTTP connections (muster, ws) ...
  int ws_senders = 0;    // ... or NATS-over-WebSocket connections
  const Shape* shape = nullptr;
  const Seed* seed = nullptr;
};

class Worker;

class Conn : public std::enable_shared_from_this<Conn> {
 public:
  Conn(Worker& w, ConnSpec spec);
  void start();
  void queue_data(std::string s);
  void queue_ping();
  void set_paused(bool p);
  void shutdown();
  size_t backlog() const { return outq_.size(); }
  bool ready() const { return ready_; }
  bool dead() const { return dead_; }
  const ConnSpec& spec() const { return spec_; }

 private:
  void on_connect(beast::error_code ec);
  void on_handshake(beast::error_code ec);
  void do_read();
  void on_read(beast::error_code ec, size_t n);
  void read_tcp();
  void on_closed(beast::error_code ec, const char* where);
  void write_next();
  void mark_ready();

  Worker& w_;
  ConnSpec spec_;
  websocket::stream<beast::tcp_stream> ws_;
  beast::flat_buffer buf_;
  std::array<char, 256> tcpbuf_{};
  std::deque<std::pair<bool, std::string>> outq_;  // (is ping, data)
  std::string wbuf_;
  bool writing_ = false, ready_ = false, dead_ = false, paused_ = false, reading_ = false, resolved_ = false;
};

class HttpConn : public std::enable_shared_from_this<HttpConn> {
 public:
  explicit HttpConn(Worker& w);
  void post(std::string target, std::string body, std::string auth, bool json_body);
  bool busy = false;

 private:
  void write();
  void finish(int status, beast::error_code ec);
  Worker& w_;
  beast::tcp_stream s_;
  beast::flat_buffer buf_;
  http::request<http::string_body> req_;
  http::response<http::string_body> res_;
  bool alive_ = false;
  std::int64_t t0_ = 0;
};

class Worker {
 public:
  Worker(WorkerConfig cfg, int in_fd, int out_fd) : cfg_(std::move(cfg)), in_fd_(in_fd), out_fd_(out_fd), timer_(ioc), beat_(ioc), open_deadline_(ioc) {
    endpoint = tcp::endpoint(asio::ip::make_address("127.0.0.1"), cfg_.ws_port);
  }
  void run();

  asio::io_context ioc;
  tcp::endpoint endpoint;
  const WorkerConfig& cfg() const { return cfg_; }
  asio::ip::address source(int global) const {
    return asio::ip::make_address_v4(0x7f000002u + static_cast<unsigned>(global % std::max(1, cfg_.sources)));
  }

  // Counters, touched only on the io thread.
  std::uint64_t deliveries = 0, pongs = 0, pings = 0, closed = 0, closed_paused = 0, failed = 0, nats_errors = 0;
  std::map<std::string, std::uint64_t> close_reasons;
  std::string first_error;
  Histogram latency;
  void on_resolved(bool ok);
  void on_http_done(HttpConn* c, int status, std::int64_t ack_us);
  void on_store_socket_ready(Conn* c);
  void on_store_reply(Conn* c, std::string_view frame);
  void note_error(const std::string& e) {
    if (first_error.empty()) first_error = e;
  }

 private:
  void reply(const json& j) {
    std::string line = j.dump() + "\n";
    const char* p = line.data();
    size_t left = line.size();
    while (left > 0) {
      ssize_t n = ::write(out_fd_, p, left);
      if (n <= 0) {
        if (errno == EINTR) continue;
        _exit(3);
      }
      p += n;
      left -= static_cast<size_t>(n);
    }
  }
  void command(const std::string& line);
  void launch_more();
  void heartbeat();
  void start_send(double rate, double secs, const std::string& mix);
  void start_store(int conns, double secs);
  void start_store_ws(int conns, int window, double secs);
  void begin_store(double secs);
  void issue_ws(Conn* c);
  std::string next_client_id(char kind);
  void count_stored(std::int64_t ack_us);
  void pace();
  void issue(bool closed_loop_conn, HttpConn* reuse);
  std::string make_text();
  std::pair<std::string, std::string> pick_target();  // (muster/ws target path or nats subject, "")
  void maybe_finish_send();
  json stats();

  WorkerConfig cfg_;
  int in_fd_, out_fd_;
  asio::steady_timer timer_, beat_, open_deadline_;
  std::vector<std::shared_ptr<Conn>> conns_;
  std::vector<std::shared_ptr<Conn>> ws_senders_;
  std::vector<std::shared_ptr<Conn>> store_sockets_;  // muster "send" over WebSocket (store phase)
  int store_window_ = 0;
  std::vector<std::shared_ptr<HttpConn>> http_;
  std::vector<HttpConn*> idle_http_;
  size_t next_open_ = 0, in_flight_open_ = 0, resolved_ = 0, ready_ = 0;
  bool opening_ = false;
  Clock::time_point open_t0_;
  size_t beat_pos_ = 0;
  std::mt19937_64 rng_{12345};
  // Sending
  bool sending_ = false, closed_loop_ = false, mix_channel_ = true;
  double rate_ = 0, secs_ = 0;
  Clock::time_point send_t0_;
  std::uint64_t issued_ = 0, sent_ok_ = 0, send_errors_ = 0, drops_ = 0, in_flight_ = 0, client_seq_ = 0;
  std::map<int, std::uint64_t> statuses_;
  std::vector<std::uint64_t> per_second_;
  Histogram ack_;
  size_t rr_ = 0;
};

Conn::Conn(Worker& w, ConnSpec spec) : w_(w), spec_(spec), ws_(w.ioc) {}

void Conn::start() {
  auto& sock = beast::get_lowest_layer(ws_).socket();
  beast::error_code ec;
  sock.open(tcp::v4(), ec);
  if (!ec) {
    int one = 1;
    // Let connect() pick the port for the full 4-tuple instead of reserving one at bind().
    ::setsockopt(sock.native_handle(), IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof one);
    sock.bind(tcp::endpoint(w_.source(spec_.global), 0), ec);
  }
  if (ec) return on_closed(ec, "bind");
  beast::get_lowest_layer(ws_).expires_after(std::chrono::seconds(30));
  beast::get_lowest_layer(ws_).async_connect(w_.endpoint, [self = shared_from_this()](beast::error_code e) { self->on_connect(e); });
}

void Conn::on_connect(beast::error_code ec) {
  if (ec) return on_closed(ec, "connect");
  beast::get_lowest_layer(ws_).expires_never();
  beast::get_lowest_layer(ws_).socket().set_option(tcp::no_delay(true), ec);
  const auto& cfg = w_.cfg();
  if (cfg.proto == Proto::tcp) {
    mark_ready();
    return read_tcp();
  }
  ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::client));
  std::string header_name, header_value, path = "/";
  if (cfg.proto == Proto::muster) {
    path = "/api/v1/ws";
    if (spec_.role == Role::receiver) {
      header_name = "Cookie";
      header_value = "muster_session=" + cfg.seed->people_tokens.at(static_cast<size_t>(spec_.person));
    } else if (spec_.role == Role::sender) {  // store over WebSocket: one socket per person, as phones
      header_name = "Cookie";
      header_value = "muster_session=" + cfg.seed->people_tokens.at(static_cast<size_t>(spec_.person));
    } else {
      const auto& idle = cfg.seed->idle_tokens;
      header_name = "Cookie";
      header_value = "muster_session=" + idle.at(static_cast<size_t>(spec_.person) % idle.size());
    }
  } else if (cfg.proto == Proto::ws) {
    path = "/ws";
    if (spec_.role == Role::receiver) {
      path += "?rooms=ch";
      for (int g : cfg.shape->groups_of.at(static_cast<size_t>(spec_.person))) path += ",g" + std::to_string(g);
    }
  }
  ws_.set_option(websocket::stream_base::decorator([header_name, header_value](websocket::request_type& req) {
    req.set(http::field::user_agent, "muster-realtime-bench/1");
    if (!header_name.empty()) req.set(header_name, header_value);
  }));
  ws_.control_callback([this](websocket::frame_type kind, beast::string_view) {
    if (kind == websocket::frame_type::pong) ++w_.pongs;
  });
  ws_.read_message_max(1 << 20);
  ws_.async_handshake("127.0.0.1:" + std::to_string(cfg.ws_port), path,
                      [self = shared_from_this()](beast::error_code e) { self->on_handshake(e); });
}

void Conn::on_handshake(beast::error_code ec) {
  if (ec) return on_closed(ec, "handshake");
  if (w_.cfg().proto == Proto::nats) {
    ws_.binary(true);
    std::string hello = R"(CONNECT {"verbose":false,"pedantic":false,"lang":"cpp","version":"1","protocol":0,"echo":false})";
    hello += "\r\n";
    if (spec_.role == Role::receiver) {
      hello += "SUB ch 1\r\n";
      int sid = 2;
      for (int g : w_.cfg().shape->groups_of.at(static_cast<size_t>(spec_.person)))
        hello += "SUB g." + std::to_string(g) + " " + std::to_string(sid++) + "\r\n";
    }
    hello += "PING\r\n";  // the PONG tells the subscriptions are in place: the socket is ready
    queue_data(std::move(hello));
  } else {
    ws_.text(true);
  }
  do_read();
}

void Conn::mark_ready() {
  if (ready_) return;
  ready_ = true;
  if (spec_.role == Role::sender && w_.cfg().proto == Proto::muster) return w_.on_store_socket_ready(this);
  if (!resolved_) {
    resolved_ = true;
    w_.on_resolved(true);
  }
}

void Conn::do_read() {
  if (dead_ || paused_) {
    reading_ = false;
    return;
  }
  reading_ = true;
  ws_.async_read(buf_, [self = shared_from_this()](beast::error_code ec, size_t n) { self->on_read(ec, n); });
}

void Conn::on_read(beast::error_code ec, size_t) {
  reading_ = false;
  if (ec) return on_closed(ec, "read");
  std::string_view v(static_cast<const char*>(buf_.data().data()), buf_.size());
  Proto proto = w_.cfg().proto;
  if (!ready_ && (proto != Proto::nats || v.find("PONG\r\n") != std::string_view::npos)) mark_ready();
  if (proto == Proto::nats) {
    if (v.rfind("PING\r\n", 0) == 0 || v.find("\r\nPING\r\n") != std::string_view::npos) queue_data("PONG\r\n");
    if (v.rfind("-ERR", 0) == 0 || v.find("\r\n-ERR") != std::string_view::npos) {
      ++w_.nats_errors;
      w_.note_error("nats: " + std::string(v.substr(0, 120)));
    }
  }
  if (spec_.role == Role::sender && proto == Proto::muster) w_.on_store_reply(this, v);
  if (spec_.role == Role::receiver) {
    std::int64_t now = -1;
    for (size_t p = v.find("~T"); p != std::string_view::npos; p = v.find("~T", p + 2)) {
      std::int64_t ts = 0;
      size_t q = p + 2;
      while (q < v.size() && v[q] >= '0' && v[q] <= '9') ts = ts * 10 + (v[q++] - '0');
      if (q >= v.size() || v[q] != '~') continue;
      if (now < 0) now = now_ns();
      w_.latency.add((now - ts) / 1000);
      ++w_.deliveries;
    }
  }
  buf_.consume(buf_.size());
  do_read();
}

void Conn::read_tcp() {
  beast::get_lowest_layer(ws_).socket().async_read_some(asio::buffer(tcpbuf_), [self = shared_from_this()](beast::error_code ec, size_t) {
    if (ec) return self->on_closed(ec, "read");
    self->read_tcp();
  });
}

void Conn::on_closed(beast::error_code ec, const char* where) {
  if (dead_) return;
  dead_ = true;
  std::string reason = std::string(where) + ": " + ec.message();
  if (ec == websocket::error::closed) reason = "closed by server, code " + std::to_string(ws_.reason().code);
  if (!resolved_) {
    resolved_ = true;
    ++w_.failed;
    w_.note_error(reason);
    w_.on_resolved(false);
  } else {
    ++w_.closed;
    if (paused_) ++w_.closed_paused;  // a receiver told to stop reading (overload phase)
    ++w_.close_reasons[reason];
  }
  beast::error_code ignored;
  beast::get_lowest_layer(ws_).socket().close(ignored);
}

void Conn::queue_data(std::string s) {
  if (dead_) return;
  outq_.emplace_back(false, std::move(s));
  if (!writing_) write_next();
}

void Conn::queue_ping() {
  if (dead_ || !ready_ || w_.cfg().proto == Proto::tcp) return;
  outq_.emplace_back(true, std::string());
  ++w_.pings;
  if (!writing_) write_next();
}

void Conn::write_next() {
  if (outq_.empty() || dead_) {
    writing_ = false;
    return;
  }
  writing_ = true;
  if (outq_.front().first) {
    outq_.pop_front();
    ws_.async_ping({}, [self = shared_from_this()](beast::error_code ec) {
      if (ec) return self->on_closed(ec, "ping");
      self->write_next();
    });
    return;
  }
  // Coalesce queued protocol lines (NATS PUBs) into one frame, as NATS clients do; Muster takes
  // several JSON messages in one frame as a JSON array.
  bool json_array = w_.cfg().proto == Proto::muster;
  wbuf_ = json_array ? "[" : "";
  while (!outq_.empty() && !outq_.front().first && wbuf_.size() < 32768) {
    if (json_array && wbuf_.size() > 1) wbuf_ += ',';
    wbuf_ += outq_.front().second;
    outq_.pop_front();
  }
  if (json_array) wbuf_ += ']';
  ws_.async_write(asio::buffer(wbuf_), [self = shared_from_this()](beast::error_code ec, size_t) {
    if (ec) return self->on_closed(ec, "write");
    self->write_next();
  });
}

void Conn::set_paused(bool p) {
  paused_ = p;
  if (!p && !reading_ && !dead_ && ready_ && w_.cfg().proto != Proto::tcp) do_read();
}

void Conn::shutdown() {
  dead_ = true;
  beast::error_code ignored;
  beast::get_lowest_layer(ws_).socket().close(ignored);
}

HttpConn::HttpConn(Worker& w) : w_(w), s_(w.ioc) {}

void HttpConn::post(std::string target, std::string body, std::string auth, bool json_body) {
  busy = true;
  req_ = {};
  req_.method(http::verb::post);
  req_.target(target);
  req_.version(11);
  req_.set(http::field::host, "127.0.0.1:" + std::to_string(w_.cfg().http_port));
  if (!auth.empty()) req_.set(http::field::authorization, "Bearer " + auth);
  req_.set(http::field::content_type, json_body ? "application/json" : "text/plain");
  req_.keep_alive(true);
  req_.body() = std::move(body);
  req_.prepare_payload();
  t0_ = now_ns();
  if (alive_) return write();
  beast::error_code ignored;
  s_.socket().close(ignored);
  s_.async_connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), w_.cfg().http_port), [self = shared_from_this()](beast::error_code ec) {
    if (ec) return self->finish(0, ec);
    self->alive_ = true;
    beast::error_code ignored;
    self->s_.socket().set_option(tcp::no_delay(true), ignored);
    self->write();
  });
}

void HttpConn::write() {
  s_.expires_after(std::chrono::seconds(30));
  http::async_write(s_, req_, [self = shared_from_this()](beast::error_code ec, size_t) {
    if (ec) return self->finish(0, ec);
    self->res_ = {};
    http::async_read(self->s_, self->buf_, self->res_, [self](beast::error_code ec2, size_t) {
      if (ec2) return self->finish(0, ec2);
      if (!self->res_.keep_alive()) {
        beast::error_code ignored;
        self->s_.socket().close(ignored);
        self->alive_ = false;
      }
      self->finish(static_cast<int>(self->res_.result_int()), {});
    });
  });
}

void HttpConn::finish(int status, beast::error_code ec) {
  if (ec) {
    alive_ = false;
    beast::error_code ignored;
    s_.socket().close(ignored);
    buf_.clear();
    w_.note_error("http: " + ec.message());
  }
  busy = false;
  w_.on_http_done(this, status, (now_ns() - t0_) / 1000);
}

void Worker::run() {
  signal(SIGPIPE, SIG_IGN);
  for (const auto& spec : cfg_.conns) conns_.push_back(std::make_shared<Conn>(*this, spec));
  for (int i = 0; i < cfg_.ws_senders; ++i) ws_senders_.push_back(std::make_shared<Conn>(*this, ConnSpec{Role::sender, 0, i}));
  for (int i = 0; i < cfg_.http_senders; ++i) {
    http_.push_back(std::make_shared<HttpConn>(*this));
    idle_http_.push_back(http_.back().get());
  }
  auto guard = asio::make_work_guard(ioc);
  // Commands arrive on a pipe, read by a plain thread and handed to the io thread.
  std::thread reader([this] {
    std::string pending;
    char chunk[4096];
    for (;;) {
      ssize_t n = ::read(in_fd_, chunk, sizeof chunk);
      if (n <= 0) {
        asio::post(ioc, [this] { command("quit"); });
        return;
      }
      pending.append(chunk, static_cast<size_t>(n));
      for (size_t nl; (nl = pending.find('\n')) != std::string::npos;) {
        std::string line = pending.substr(0, nl);
        pending.erase(0, nl + 1);
        asio::post(ioc, [this, line] { command(line); });
        if (line == "quit") return;
      }
    }
  });
  reader.detach();
  heartbeat();
  ioc.run();
}

void Worker::command(const std::string& line) {
  std::istringstream in(line);
  std::string cmd;
  in >> cmd;
  if (cmd == "quit") {
    for (auto& c : conns_) c->shutdown();
    for (auto& c : ws_senders_) c->shutdown();
    _exit(0);
  }
  if (cmd == "open") {
    opening_ = true;
    open_t0_ = Clock::now();
    // Senders first (few), then the rest in a window of concurrent handshakes.
    for (auto& c : ws_senders_) c->start();
    if (conns_.empty() && ws_senders_.empty()) {
      opening_ = false;
      return reply({{"ev", "opened"}, {"ready", 0}, {"failed", 0}, {"seconds", 0.0}});
    }
    open_deadline_.expires_after(std::chrono::seconds(120));
    open_deadline_.async_wait([this](beast::error_code ec) {
      if (ec || !opening_) return;
      opening_ = false;
      reply({{"ev", "opened"}, {"ready", ready_}, {"failed", failed}, {"timed_out", true}, {"first_error", first_error},
             {"seconds", seconds_since(open_t0_)}});
    });
    launch_more();
    return;
  }
  if (cmd == "reset") {
    deliveries = pongs = pings = 0;
    latency.clear();
    return reply({{"ev", "ok"}});
  }
  if (cmd == "stats") return reply(stats());
  if (cmd == "slow") {
    double frac = 0;
    in >> frac;
    size_t receivers = 0;
    for (auto& c : conns_) receivers += c->spec().role == Role::receiver;
    auto n_slow = static_cast<size_t>(frac * static_cast<double>(receivers));
    size_t k = 0;
    for (auto& c : conns_)
      if (c->spec().role == Role::receiver) c->set_paused(k++ < n_slow);
    return reply({{"ev", "ok"}, {"slow", n_slow}});
  }
  if (cmd == "send") {
    double rate = 0, secs = 0;
    std::string mix;
    in >> rate >> secs >> mix;
    return start_send(rate, secs, mix);
  }
  if (cmd == "store") {
    int n = 0;
    double secs = 0;
    in >> n >> secs;
    return start_store(n, secs);
  }
  if (cmd == "store-ws") {
    int n = 0, window = 0;
    double secs = 0;
    in >> n >> window >> secs;
    return start_store_ws(n, window, secs);
  }
  reply({{"ev", "error"}, {"message", "unknown command " + cmd}});
}

void Worker::launch_more() {
  while (next_open_ < conns_.size() && in_flight_open_ < static_cast<size_t>(cfg_.open_window)) {
    ++in_flight_open_;
    conns_[next_open_++]->start();
  }
}

void Worker::on_resolved(bool ok) {
  if (ok) ++ready_;
  ++resolved_;
  if (in_flight_open_ > 0) --in_flight_open_;
  launch_more();
  if (opening_ && resolved_ >= conns_.size() + ws_senders_.size()) {
    opening_ = false;
    open_deadline_.cancel();
    reply({{"ev", "opened"}, {"ready", ready_}, {"failed", failed}, {"first_error", first_error}, {"seconds", seconds_since(open_t0_)}});
  }
}

// Each ready socket gets a WebSocket ping every heartbeat_s seconds, spread evenly.
void Worker::heartbeat() {
  beat_.expires_after(std::chrono::milliseconds(100));
  beat_.async_wait([this](beast::error_code ec) {
    if (ec) return;
    if (cfg_.heartbeat_s > 0 && !conns_.empty()) {
      auto per_tick = static_cast<size_t>(std::ceil(static_cast<double>(conns_.size()) / (cfg_.heartbeat_s * 10)));
      for (size_t i = 0; i < per_tick; ++i) {
        conns_[beat_pos_]->queue_ping();
        beat_pos_ = (beat_pos_ + 1) % conns_.size();
      }
    }
    heartbeat();
  });
}

json Worker::stats() {
  size_t open = 0, slow = 0;
  for (auto& c : conns_) open += c->ready() && !c->dead();
  (void)slow;
  json reasons = json::object();
  for (auto& [k, v] : close_reasons) reasons[k] = v;
  return {{"ev", "stats"},  {"open", open},       {"ready", ready_},           {"failed", failed},
          {"closed", closed}, {"closed_slow", closed_paused}, {"close_reasons", reasons}, {"deliveries", deliveries}, {"pings", pings},
          {"pongs", pongs},   {"nats_errors", nats_errors}, {"first_error", first_error}, {"hist", latency.to_json()}};
}

std::string Worker::make_text() {
  // 100 bytes: "~T<send time, ns>~" then padding. Receivers find the marker in whatever framing
  // the server wraps around it (Muster's JSON event, NATS's MSG, the raw text for ws).
  std::string t = "~T" + std::to_string(now_ns()) + "~ w" + std::to_string(cfg_.id) + " ";
  t.resize(100, 'x');
  return t;
}

std::pair<std::string, std::string> Worker::pick_target() {
  int g = mix_channel_ ? -1 : static_cast<int>(rng_() % static_cast<std::uint64_t>(cfg_.shape->groups));
  switch (cfg_.proto) {
    case Proto::muster:
      return {"/api/v1/conversations/" + (g < 0 ? cfg_.seed->channel_id : cfg_.seed->group_ids.at(static_cast<size_t>(g))) + "/messages", ""};
    case Proto::ws:
      return {g < 0 ? "/publish/ch" : "/publish/g" + std::to_string(g), ""};
    default:
      return {g < 0 ? "ch" : "g." + std::to_string(g), ""};
  }
}

void Worker::issue(bool closed_loop_conn, HttpConn* reuse) {
  ++issued_;
  std::string text = make_text();
  auto [target, unused] = pick_target();
  if (cfg_.proto == Proto::nats) {
    auto& c = ws_senders_[rr_++ % ws_senders_.size()];
    if (c->dead() || c->backlog() > 20000) {
      ++drops_;
      return;
    }
    c->queue_data("PUB " + target + " " + std::to_string(text.size()) + "\r\n" + text + "\r\n");
    ++sent_ok_;  // NATS has no acknowledgement for a plain PUB
    ++statuses_[0];
    return;
  }
  HttpConn* c = reuse;
  if (!c) {
    if (idle_http_.empty()) {
      ++drops_;  // every connection has a request in flight: the server is behind
      return;
    }
    c = idle_http_.back();
    idle_http_.pop_back();
  }
  ++in_flight_;
  if (cfg_.proto == Proto::muster) {
    json body = {{"client_id", next_client_id('b')},
                 {"text", text}};
    c->post(target, body.dump(), cfg_.seed->owner_token, true);
  } else {
    c->post(target, text, "", false);
  }
  (void)closed_loop_conn;
}

void Worker::on_http_done(HttpConn* c, int status, std::int64_t ack_us) {
  --in_flight_;
  ++statuses_[status];
  bool ok = status == 201 || status == 204 || status == 200;
  if (ok) {
    count_stored(ack_us);
  } else {
    ++send_errors_;
  }
  if (sending_ && closed_loop_ && seconds_since(send_t0_) < secs_) return issue(true, c);
  idle_http_.push_back(c);
  maybe_finish_send();
}

void Worker::start_send(double rate, double secs, const std::string& mix) {
  sending_ = true;
  closed_loop_ = false;
  mix_channel_ = mix == "channel";
  rate_ = rate;
  secs_ = secs;
  issued_ = sent_ok_ = send_errors_ = drops_ = 0;
  statuses_.clear();
  ack_.clear();
  send_t0_ = Clock::now();
  pace();
}

// Open loop: every millisecond, issue what the offered rate says is due since the start.
void Worker::pace() {
  double el = seconds_since(send_t0_);
  if (el >= secs_) {
    sending_ = false;
    return maybe_finish_send();
  }
  auto due = static_cast<std::uint64_t>(rate_ * el);
  while (issued_ < due) issue(false, nullptr);
  timer_.expires_after(std::chrono::milliseconds(1));
  timer_.async_wait([this](beast::error_code ec) {
    if (!ec) pace();
  });
}

void Worker::count_stored(std::int64_t ack_us) {
  ++sent_ok_;
  ack_.add(ack_us);
  if (closed_loop_) {
    auto sec = static_cast<size_t>(seconds_since(send_t0_));
    if (per_second_.size() <= sec) per_second_.resize(sec + 1, 0);
    ++per_second_[sec];
  }
}

// Muster over its WebSocket: `n` people with a socket each, each keeping `window` sends in flight
// to their own groups.
void Worker::start_store_ws(int n, int window, double secs) {
  begin_store(secs);
  store_window_ = window;
  for (int i = 0; i < n; ++i) {
    store_sockets_.push_back(std::make_shared<Conn>(*this, ConnSpec{Role::sender, i % cfg_.shape->people, i}));
    store_sockets_.back()->start();
  }
}

// A closed-loop store run: counters reset, and sending stops after `secs`.
void Worker::begin_store(double secs) {
  sending_ = true;
  closed_loop_ = true;
  mix_channel_ = false;
  rate_ = 0;
  secs_ = secs;
  issued_ = sent_ok_ = send_errors_ = drops_ = 0;
  statuses_.clear();
  per_second_.clear();
  ack_.clear();
  send_t0_ = Clock::now();
  timer_.expires_after(std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(secs)));
  timer_.async_wait([this](beast::error_code ec) {
    if (ec) return;
    sending_ = false;
    maybe_finish_send();
  });
}

void Worker::on_store_socket_ready(Conn* c) {
  for (int i = 0; i < store_window_ && sending_; ++i) issue_ws(c);
}

// Client ids ordered as sent, as the web app makes them (time first): fixed-width so that they
// also sort in that order.
std::string Worker::next_client_id(char kind) {
  char id[48];
  std::snprintf(id, sizeof id, "%c%d-%d-%012llu", kind, cfg_.id, static_cast<int>(getpid()),
                static_cast<unsigned long long>(++client_seq_));
  return id;
}

void Worker::issue_ws(Conn* c) {
  ++issued_;
  ++in_flight_;
  // one of the sender's own groups
  const auto& mine = cfg_.shape->groups_of.at(static_cast<size_t>(c->spec().person));
  const auto& group = cfg_.seed->group_ids.at(static_cast<size_t>(mine.at(rng_() % mine.size())));
  json send = {{"type", "send"},
               {"conversation_id", group},
               {"message", {{"client_id", next_client_id('w')},
                            {"text", make_text()}}}};
  c->queue_data(send.dump());
}

// Answers to sends ("sent" / "send_failed"); a "sent" carries the message, whose text begins with
// its send time, so the acknowledgement latency needs no bookkeeping per send.
void Worker::on_store_reply(Conn* c, std::string_view frame) {
  static constexpr std::string_view kSent = R"("type":"sent")", kFailed = R"("type":"send_failed")";
  std::int64_t now = now_ns();
  int answers = 0;
  for (size_t p = frame.find(kSent); p != std::string_view::npos; p = frame.find(kSent, p + kSent.size())) {
    ++answers;
    ++statuses_[201];
    size_t t = frame.find("~T", p);
    std::int64_t ts = 0;
    for (size_t q = t == std::string_view::npos ? frame.size() : t + 2; q < frame.size() && frame[q] >= '0' && frame[q] <= '9'; ++q)
      ts = ts * 10 + (frame[q] - '0');
    count_stored(ts > 0 ? (now - ts) / 1000 : 0);
  }
  for (size_t p = frame.find(kFailed); p != std::string_view::npos; p = frame.find(kFailed, p + kFailed.size())) {
    ++answers;
    ++send_errors_;
    ++statuses_[400];
    note_error("send_failed: " + std::string(frame.substr(p, 160)));
  }
  for (int i = 0; i < answers; ++i) {
    --in_flight_;
    if (sending_ && seconds_since(send_t0_) < secs_) issue_ws(c);
  }
  if (answers > 0) maybe_finish_send();
}

void Worker::start_store(int n, double secs) {
  begin_store(secs);
  for (int i = 0; i < n && !idle_http_.empty(); ++i) {
    HttpConn* c = idle_http_.back();
    idle_http_.pop_back();
    issue(true, c);
  }
}

void Worker::maybe_finish_send() {
  if (sending_) return;
  bool nats_flushed = true;
  for (auto& c : ws_senders_) nats_flushed = nats_flushed && (c->backlog() == 0 || c->dead());
  if ((in_flight_ > 0 || !nats_flushed) && seconds_since(send_t0_) < secs_ + 15) {
    if (cfg_.proto == Proto::nats) {  // no completion events to wait on: poll the backlog
      timer_.expires_after(std::chrono::milliseconds(5));
      timer_.async_wait([this](beast::error_code ec) {
        if (!ec) maybe_finish_send();
      });
    }
    return;
  }
  if (rate_ < 0) return;  // already answered
  json status = json::object();
  for (auto& [k, v] : statuses_) status[std::to_string(k)] = v;
  reply({{"ev", closed_loop_ ? "stored" : "sent"}, {"issued", issued_}, {"ok", sent_ok_}, {"errors", send_errors_},
         {"drops", drops_}, {"status", status}, {"seconds", seconds_since(send_t0_)}, {"ack_latency", ack_.summary()},
         {"per_second", per_second_}, {"in_flight_left", in_flight_}, {"first_error", first_error}});
  rate_ = -1;
}

// ---------------------------------------------------------------------------------------------
// Driver: forks workers and steers them.

struct Child {
  pid_t pid = -1;
  int to = -1, from = -1;
  std::string pending;
};

Child spawn(const WorkerConfig& cfg) {
  int a[2], b[2];
  if (pipe(a) != 0 || pipe(b) != 0) throw std::runtime_error("pipe failed");
  std::fflush(nullptr);
  pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    ::close(a[1]);
    ::close(b[0]);
    prctl(PR_SET_PDEATHSIG, SIGKILL);  // never outlive the driver
    try {
      Worker w(cfg, a[0], b[1]);
      w.run();
    } catch (const std::exception& e) {
      std::fprintf(stderr, "worker %d: %s\n", cfg.id, e.what());
    }
    _exit(0);
  }
  ::close(a[0]);
  ::close(b[1]);
  return Child{pid, a[1], b[0], ""};
}

void tell(Child& c, const std::string& cmd) {
  std::string line = cmd + "\n";
  if (::write(c.to, line.data(), line.size()) != static_cast<ssize_t>(line.size()))
    throw std::runtime_error("a worker is gone (write to its pipe failed)");
}

json hear(Child& c, double timeout_s) {
  auto t0 = Clock::now();
  for (;;) {
    auto nl = c.pending.find('\n');
    if (nl != std::string::npos) {
      std::string line = c.pending.substr(0, nl);
      c.pending.erase(0, nl + 1);
      return json::parse(line);
    }
    double left = timeout_s - seconds_since(t0);
    if (left <= 0) throw std::runtime_error("a worker did not answer within " + std::to_string(timeout_s) + " s");
    pollfd p{c.from, POLLIN, 0};
    int r = poll(&p, 1, static_cast<int>(left * 1000) + 1);
    if (r <= 0) continue;
    char buf[65536];
    ssize_t n = ::read(c.from, buf, sizeof buf);
    if (n <= 0) throw std::runtime_error("a worker exited unexpectedly");
    c.pending.append(buf, static_cast<size_t>(n));
  }
}

std::vector<json> ask_all(std::vector<Child>& cs, const std::string& cmd, double timeout_s) {
  for (auto& c : cs) tell(c, cmd);
  std::vector<json> out;
  for (auto& c : cs) out.push_back(hear(c, timeout_s));
  return out;
}

void quit_all(std::vector<Child>& cs) {
  for (auto& c : cs) {
    std::string q = "quit\n";
    (void)!::write(c.to, q.data(), q.size());
  }
  for (auto& c : cs) {
    int st = 0;
    for (int i = 0; i < 100; ++i) {
      if (waitpid(c.pid, &st, WNOHANG) == c.pid) break;
      sleep_s(0.05);
      if (i == 99) {
        kill(c.pid, SIGKILL);
        waitpid(c.pid, &st, 0);
      }
    }
    ::close(c.to);
    ::close(c.from);
  }
  cs.clear();
}

// CPU of the server, and of the load generator (this driver and its workers), over a window.
struct Meter {
  int server;
  std::vector<int> loadgen;
  Clock::time_point t0 = Clock::now();
  double s0, l0, m0;
  Meter(int server_pid, const std::vector<Child>& workers) : server(server_pid) {
    for (auto& c : workers) loadgen.push_back(c.pid);
    s0 = proc_cpu_seconds(server);
    l0 = loadgen_cpu();
    m0 = machine_busy_seconds();
  }
  double loadgen_cpu() const {
    double t = self_cpu_seconds();
    for (int p : loadgen) t += std::max(0.0, proc_cpu_seconds(p));
    return t;
  }
  json finish() const {
    double wall = seconds_since(t0), s = proc_cpu_seconds(server) - s0, l = loadgen_cpu() - l0;
    double m = machine_busy_seconds() - m0;
    return {{"wall_s", wall},
            {"server_cpu_s", s},
            {"server_cores_busy", s / wall},
            {"loadgen_cpu_s", l},
            {"loadgen_cores_busy", l / wall},
            {"other_processes_cores_busy", std::max(0.0, m - s - l) / wall},
            {"server_rss_kib", proc_status_kib(server, "VmRSS:")}};
  }
};

struct Run {
  Options o;
  Proto proto;
  std::string target;
  int server_pid;
  unsigned short ws_port, http_port;
  Shape shape;
  Seed seed;
  int sources;
  json out;
};

WorkerConfig base_config(const Run& r, int id) {
  WorkerConfig c;
  c.proto = r.proto;
  c.id = id;
  c.ws_port = r.ws_port;
  c.http_port = r.http_port;
  c.sources = r.sources;
  c.heartbeat_s = r.o.real("heartbeat", 10);
  c.shape = &r.shape;
  c.seed = &r.seed;
  return c;
}

json merged_stats(const std::vector<json>& st, Histogram* h) {
  json m = {{"open", 0}, {"closed", 0}, {"closed_slow", 0}, {"failed", 0}, {"deliveries", 0}, {"pings", 0}, {"pongs", 0}, {"nats_errors", 0}};
  json reasons = json::object();
  for (const auto& s : st) {
    for (const char* k : {"open", "closed", "closed_slow", "failed", "deliveries", "pings", "pongs", "nats_errors"})
      m[k] = m[k].get<std::uint64_t>() + s.value(k, std::uint64_t{0});
    for (auto& [k, v] : s["close_reasons"].items()) reasons[k] = reasons.value(k, std::uint64_t{0}) + v.get<std::uint64_t>();
    if (h) h->merge(s["hist"]);
    if (!s.value("first_error", "").empty() && !m.contains("first_error")) m["first_error"] = s["first_error"];
  }
  m["close_reasons"] = reasons;
  return m;
}

// hold: N idle sockets in `procs` processes; server RSS growth per socket; idle CPU.
json hold_phase(Run& r) {
  int n = static_cast<int>(r.o.num("hold", 19000)), procs = static_cast<int>(r.o.num("hold-procs", 3));
  double hold_s = r.o.real("hold-seconds", 30);
  std::cerr << "realtime: " << r.target << " hold: opening " << n << " sockets in " << procs << " processes\n";
  long rss0 = proc_status_kib(r.server_pid, "VmRSS:");
  json k0 = kernel_memory();
  std::vector<Child> ws;
  for (int p = 0; p < procs; ++p) {
    WorkerConfig c = base_config(r, p);
    for (int i = p; i < n; i += procs) c.conns.push_back({Role::idle, i, i});
    ws.push_back(spawn(c));
  }
  Meter open_meter(r.server_pid, ws);
  auto opened = ask_all(ws, "open", 300);
  json open_res = open_meter.finish();
  std::uint64_t ready = 0, failed = 0;
  std::string first_error;
  for (auto& o : opened) {
    ready += o.value("ready", std::uint64_t{0});
    failed += o.value("failed", std::uint64_t{0});
    if (first_error.empty()) first_error = o.value("first_error", "");
  }
  std::cerr << "realtime: " << r.target << " hold: " << ready << " open, " << failed << " failed ("
            << open_res["wall_s"].get<double>() << " s)" << (first_error.empty() ? "" : ", first error: " + first_error) << "\n";
  sleep_s(2);
  long rss1 = proc_status_kib(r.server_pid, "VmRSS:");
  json k1 = kernel_memory();
  ask_all(ws, "reset", 30);
  Meter idle_meter(r.server_pid, ws);
  sleep_s(hold_s);
  json idle_res = idle_meter.finish();
  json st = merged_stats(ask_all(ws, "stats", 30), nullptr);
  long rss2 = proc_status_kib(r.server_pid, "VmRSS:");
  auto t_close = Clock::now();
  quit_all(ws);
  // Wait (bounded) for the server to let go of the sockets.
  double cpu_c0 = proc_cpu_seconds(r.server_pid);
  for (int i = 0; i < 100; ++i) {
    json k = kernel_memory();
    if (k.value("tcp_inuse", 0L) <= k0.value("tcp_inuse", 0L) + 50) break;
    sleep_s(0.2);
  }
  double close_s = seconds_since(t_close), close_cpu = proc_cpu_seconds(r.server_pid) - cpu_c0;
  double per_conn = ready ? (static_cast<double>(rss1 - rss0) * 1024.0 / static_cast<double>(ready)) : 0;
  // Both ends of every loopback connection are on this machine: the kernel's growth covers 2N sockets.
  auto kdelta = [&](const char* key) { return static_cast<double>(k1.value(key, 0L) - k0.value(key, 0L)); };
  double sockets = 2.0 * static_cast<double>(std::max<std::uint64_t>(ready, 1));
  json j = {{"target_connections", n},
            {"processes", procs},
            {"source_addresses", r.sources},
            {"ready", ready},
            {"failed", failed},
            {"first_error", first_error},
            {"open", open_res},
            {"opens_per_s", ready / std::max(1e-9, open_res["wall_s"].get<double>())},
            {"open_server_cpu_ms_per_connection", 1000.0 * open_res["server_cpu_s"].get<double>() / std::max<double>(1, static_cast<double>(ready))},
            {"server_rss_before_kib", rss0},
            {"server_rss_open_kib", rss1},
            {"server_rss_after_hold_kib", rss2},
            {"server_rss_bytes_per_connection", per_conn},
            {"kernel_before", k0},
            {"kernel_open", k1},
            {"kernel_slab_bytes_per_socket", kdelta("slab_kib") * 1024.0 / sockets},
            {"kernel_tcp_mem_bytes_per_socket", kdelta("tcp_mem_kib") * 1024.0 / sockets},
            {"hold_seconds", hold_s},
            {"heartbeat_s", r.o.real("heartbeat", 10)},
            {"idle", idle_res},
            {"idle_server_cpu_ms_per_1000_connections_per_s",
             1000.0 * idle_res["server_cpu_s"].get<double>() / idle_res["wall_s"].get<double>() / std::max(1.0, static_cast<double>(ready) / 1000.0)},
            {"during_hold", st},
            {"close_all_seconds", close_s},
            {"close_all_server_cpu_s", close_cpu}};
  return j;
}

struct FanoutRig {
  std::vector<Child> receivers, sender;
  int per_message_channel = 0, per_message_group = 0;
};

// One step of offered load: the sender offers `rate` messages/s for `secs`; then the receivers
// are given (bounded) time to get everything that was sent.
json fanout_step(Run& r, FanoutRig& rig, const std::string& mix, double rate, double secs) {
  ask_all(rig.receivers, "reset", 30);
  Meter m(r.server_pid, rig.receivers);
  for (auto& c : rig.sender) m.loadgen.push_back(c.pid);
  m.l0 = m.loadgen_cpu();
  tell(rig.sender[0], "send " + std::to_string(rate) + " " + std::to_string(secs) + " " + mix);
  json sent = hear(rig.sender[0], secs + 60);
  double send_wall = sent.value("seconds", secs);
  int fan = mix == "channel" ? rig.per_message_channel : rig.per_message_group;
  std::uint64_t expected = sent.value("ok", std::uint64_t{0}) * static_cast<std::uint64_t>(fan);
  Histogram h;
  json st;
  auto t_drain = Clock::now();
  std::uint64_t last = 0;
  auto t_last_change = Clock::now();
  for (;;) {
    h.clear();
    st = merged_stats(ask_all(rig.receivers, "stats", 30), &h);
    auto got = st["deliveries"].get<std::uint64_t>();
    if (got != last) last = got, t_last_change = Clock::now();
    if (got >= expected || seconds_since(t_last_change) > 1.5 || seconds_since(t_drain) > 10) break;
    sleep_s(0.2);
  }
  json res = m.finish();
  double server_cpu = res["server_cpu_s"].get<double>();
  auto got = st["deliveries"].get<std::uint64_t>();
  auto offered_n = static_cast<std::uint64_t>(rate * secs);
  json lat = h.summary();
  double p99 = lat.value("p99_ms", 0.0);
  bool kept_up = sent.value("ok", std::uint64_t{0}) >= 0.97 * static_cast<double>(offered_n) &&
                 static_cast<double>(got) >= 0.97 * static_cast<double>(expected) && expected > 0 && p99 < 1000;
  json j = {{"mix", mix},
            {"offered_msgs_per_s", rate},
            {"offered_deliveries_per_s", rate * fan},
            {"seconds", secs},
            {"send", sent},
            {"sent_msgs_per_s", static_cast<double>(sent.value("ok", std::uint64_t{0})) / std::max(1e-9, send_wall)},
            {"deliveries_expected", expected},
            {"deliveries", got},
            {"deliveries_missing", expected > got ? expected - got : 0},
            // Over the offered window (the sender's wall time); the drain after it is in the CPU figures.
            {"deliveries_per_s", static_cast<double>(got) / std::max(1e-9, send_wall)},
            {"deliveries_per_server_cpu_s", server_cpu > 0 ? static_cast<double>(got) / server_cpu : 0.0},
            {"latency", lat},
            {"resources", res},
            {"receivers", {{"open", st["open"]}, {"closed", st["closed"]}, {"close_reasons", st["close_reasons"]}}},
            {"kept_up", kept_up}};
  std::fprintf(stderr, "realtime: %s %-7s offered %8.0f msg/s (%9.0f deliveries/s): sent %8.0f/s, delivered %9.0f/s, %7.0f per server CPU-s, p50 %.1f p99 %.1f ms, server %.2f loadgen %.2f cores%s\n",
               r.target.c_str(), mix.c_str(), rate, rate * fan, j["sent_msgs_per_s"].get<double>(), j["deliveries_per_s"].get<double>(),
               j["deliveries_per_server_cpu_s"].get<double>(), lat.value("p50_ms", 0.0), p99, res["server_cores_busy"].get<double>(),
               res["loadgen_cores_busy"].get<double>(), kept_up ? "" : "  <- did not keep up");
  return j;
}

json ramp(Run& r, FanoutRig& rig, const std::string& mix, double start, int max_steps, double secs) {
  json steps = json::array();
  double rate = start, best = 0;
  json best_step;
  for (int i = 0; i < max_steps; ++i) {
    json s = fanout_step(r, rig, mix, rate, secs);
    steps.push_back(s);
    if (!s["kept_up"].get<bool>()) break;
    best = rate;
    best_step = s;
    rate *= 2;
  }
  // One refinement between the last rate that kept up and the first that did not.
  if (best > 0 && steps.size() < static_cast<size_t>(max_steps) + 1 && !steps.back()["kept_up"].get<bool>()) {
    json s = fanout_step(r, rig, mix, best * 1.41, secs);
    steps.push_back(s);
    if (s["kept_up"].get<bool>()) best = best * 1.41, best_step = s;
  }
  bool limit_found = !steps.back()["kept_up"].get<bool>();
  // The headline: the step with the most deliveries per server CPU-second among those that kept up.
  json headline = best_step;
  for (auto& s : steps)
    if (s["kept_up"].get<bool>() && s["deliveries_per_server_cpu_s"].get<double>() > headline.value("deliveries_per_server_cpu_s", 0.0))
      headline = s;
  return {{"steps", steps}, {"max_kept_up_msgs_per_s", best}, {"limit_reached", limit_found}, {"headline", headline}};
}

json fanout_phase(Run& r) {
  int procs = static_cast<int>(r.o.num("fanout-procs", 2));
  int background = static_cast<int>(r.o.num("background", 9000));
  double secs = r.o.real("step-seconds", 4);
  json out;
  FanoutRig rig;
  rig.per_message_channel = r.shape.people;
  rig.per_message_group = r.shape.group_size;
  int global = 0;
  for (int p = 0; p < procs; ++p) {
    WorkerConfig c = base_config(r, p);
    for (int i = p; i < r.shape.people; i += procs) c.conns.push_back({Role::receiver, i, global++});
    for (int i = p; i < background; i += procs) c.conns.push_back({Role::idle, i, global++});
    rig.receivers.push_back(spawn(c));
  }
  {
    WorkerConfig c = base_config(r, 100);
    c.heartbeat_s = 0;
    if (r.proto == Proto::nats) c.ws_senders = 4;
    else c.http_senders = static_cast<int>(r.o.num("http-senders", 64));
    rig.sender.push_back(spawn(c));
  }
  std::cerr << "realtime: " << r.target << " fanout: opening " << r.shape.people << " receivers + " << background << " background sockets\n";
  Meter om(r.server_pid, rig.receivers);
  auto opened = ask_all(rig.receivers, "open", 300);
  ask_all(rig.sender, "open", 60);
  std::uint64_t ready = 0, failed = 0;
  for (auto& o : opened) ready += o.value("ready", std::uint64_t{0}), failed += o.value("failed", std::uint64_t{0});
  out["connected_clients"] = ready;
  out["failed_connections"] = failed;
  out["receivers"] = r.shape.people;
  out["background_clients"] = background;
  out["open"] = om.finish();
  out["server_rss_connected_kib"] = proc_status_kib(r.server_pid, "VmRSS:");
  std::cerr << "realtime: " << r.target << " fanout: " << ready << " connected, " << failed << " failed\n";
  if (failed > 0 && opened[0].contains("first_error")) out["first_error"] = opened[0]["first_error"];
  sleep_s(1);
  int max_steps = static_cast<int>(r.o.num("max-steps", 8));
  // The ramps are the fan-out phase itself; overload and store only need the rig it opens.
  if (r.o.has_phase("fanout")) {
    out["channel"] = ramp(r, rig, "channel", r.o.real("channel-start", 25), max_steps, secs);
    out["groups"] = ramp(r, rig, "groups", r.o.real("groups-start", 250), max_steps, secs);
  }
  for (const char* mix : {"channel", "groups"}) {
    if (!r.o.has_phase("fanout")) break;
    double best = out[mix]["max_kept_up_msgs_per_s"].get<double>();
    double half = best > 0 ? best / 2 : out[mix]["steps"][0]["offered_msgs_per_s"].get<double>() / 2;
    std::cerr << "realtime: " << r.target << " latency at half the highest rate, " << mix << "\n";
    out[std::string("latency_") + mix] = fanout_step(r, rig, mix, half, secs * 2);
  }
  if (r.o.has_phase("overload") && r.proto == Proto::muster) {
    double best = out["channel"]["max_kept_up_msgs_per_s"].get<double>();
    double rate = 2 * std::max(best, 25.0);
    double dur = r.o.real("overload-seconds", 30);
    std::cerr << "realtime: " << r.target << " overload: " << rate << " msg/s to the channel for " << dur << " s, half the receivers stop reading\n";
    ask_all(rig.receivers, "slow 0.5", 30);
    ask_all(rig.receivers, "reset", 30);
    Meter m(r.server_pid, rig.receivers);
    json series = json::array();
    tell(rig.sender[0], "send " + std::to_string(rate) + " " + std::to_string(dur) + " channel");
    auto t0 = Clock::now();
    while (seconds_since(t0) < dur + 1) {
      sleep_s(1);
      series.push_back({{"t_s", seconds_since(t0)}, {"rss_kib", proc_status_kib(r.server_pid, "VmRSS:")}});
    }
    json sent = hear(rig.sender[0], 60);
    json res = m.finish();
    Histogram h;
    json st = merged_stats(ask_all(rig.receivers, "stats", 30), &h);
    // Bounded: the peak of the last third is no more than 5 % (or 8 MiB) above the middle third's.
    auto third = series.size() / 3;
    long mid = 0, last = 0;
    for (size_t i = third; i < 2 * third; ++i) mid = std::max(mid, series[i]["rss_kib"].get<long>());
    for (size_t i = 2 * third; i < series.size(); ++i) last = std::max(last, series[i]["rss_kib"].get<long>());
    bool bounded = last <= std::max(static_cast<long>(mid * 1.05), mid + 8192);
    out["overload"] = {{"offered_msgs_per_s", rate},
                       {"offered_deliveries_per_s", rate * r.shape.people},
                       {"seconds", dur},
                       {"slow_receivers", r.shape.people / 2},
                       {"send", sent},
                       {"rss_series", series},
                       {"rss_peak_middle_third_kib", mid},
                       {"rss_peak_last_third_kib", last},
                       {"bounded", bounded},
                       {"deliveries_to_fast_receivers", st["deliveries"]},
                       {"latency_fast_receivers", h.summary()},
                       {"receivers_after", {{"open", st["open"]}, {"closed", st["closed"]}, {"closed_slow", st["closed_slow"]},
                                            {"closed_fast", st["closed"].get<std::uint64_t>() - st["closed_slow"].get<std::uint64_t>()},
                                            {"close_reasons", st["close_reasons"]}}},
                       {"resources", res}};
    std::cerr << "realtime: " << r.target << " overload: RSS " << series.front()["rss_kib"].get<long>() / 1024 << " -> "
              << series.back()["rss_kib"].get<long>() / 1024 << " MiB, " << st["closed"] << " receivers cut off\n";
  }
  quit_all(rig.receivers);
  if (r.o.has_phase("store") && r.proto == Proto::muster) {
    int conns = static_cast<int>(r.o.num("store-connections", 64));
    double dur = r.o.real("store-seconds", 15);
    std::cerr << "realtime: " << r.target << " store: " << conns << " closed-loop HTTP senders for " << dur << " s\n";
    Meter m(r.server_pid, rig.sender);
    tell(rig.sender[0], "store " + std::to_string(conns) + " " + std::to_string(dur));
    json stored = hear(rig.sender[0], dur + 60);
    json res = m.finish();
    double ok = stored.value("ok", 0.0);
    out["store"] = {{"connections", conns},
                    {"seconds", dur},
                    {"result", stored},
                    {"stored_per_s", ok / std::max(1e-9, stored.value("seconds", dur))},
                    {"stored_per_server_cpu_s", ok / std::max(1e-9, res["server_cpu_s"].get<double>())},
                    {"resources", res}};
    std::cerr << "realtime: " << r.target << " store: " << out["store"]["stored_per_s"].get<double>() << " messages/s\n";

    int sockets = static_cast<int>(r.o.num("store-ws-sockets", 64));
    int window = static_cast<int>(r.o.num("store-ws-window", 16));
    std::cerr << "realtime: " << r.target << " store over WebSocket: " << sockets << " sockets x " << window
              << " sends in flight for " << dur << " s\n";
    Meter mw(r.server_pid, rig.sender);
    tell(rig.sender[0], "store-ws " + std::to_string(sockets) + " " + std::to_string(window) + " " + std::to_string(dur));
    json stored_ws = hear(rig.sender[0], dur + 60);
    json res_ws = mw.finish();
    double ok_ws = stored_ws.value("ok", 0.0);
    out["store_ws"] = {{"sockets", sockets},
                       {"window", window},
                       {"seconds", dur},
                       {"result", stored_ws},
                       {"stored_per_s", ok_ws / std::max(1e-9, stored_ws.value("seconds", dur))},
                       {"stored_per_server_cpu_s", ok_ws / std::max(1e-9, res_ws["server_cpu_s"].get<double>())},
                       {"resources", res_ws}};
    std::cerr << "realtime: " << r.target << " store over WebSocket: " << out["store_ws"]["stored_per_s"].get<double>()
              << " messages/s\n";
  }
  quit_all(rig.sender);
  return out;
}

int run_main(const Options& o) {
  Run r;
  r.o = o;
  r.target = o.str("target", "muster");
  r.proto = proto_of(r.target);
  r.server_pid = static_cast<int>(o.num("server-pid", 0));
  r.ws_port = static_cast<unsigned short>(o.num("port", 0));
  r.http_port = static_cast<unsigned short>(o.num("http-port", r.ws_port));
  r.sources = static_cast<int>(o.num("sources", 8));
  r.shape.people = static_cast<int>(o.num("people", 1000));
  r.shape.groups = static_cast<int>(o.num("groups", 10000));
  r.shape.build();
  if (r.server_pid <= 0 || r.ws_port == 0) throw std::runtime_error("--server-pid and --port are required");
  signal(SIGPIPE, SIG_IGN);
  json& out = r.out;
  out["target"] = r.target;
  out["server_pid"] = r.server_pid;
  out["server_rss_start_kib"] = proc_status_kib(r.server_pid, "VmRSS:");
  if (r.proto == Proto::muster) {
    std::cerr << "realtime: seeding muster: " << r.shape.people << " people + " << o.num("idle-people", 20) << " idle, 1 channel, "
              << r.shape.groups << " groups\n";
    r.seed = seed_muster(r.http_port, r.server_pid, r.shape, static_cast<int>(o.num("idle-people", 20)));
    out["seed"] = r.seed.report;
    std::cerr << "realtime: seeded in " << r.seed.report["wall_s"].get<double>() << " s\n";
  }
  if (o.has_phase("hold")) out["hold"] = hold_phase(r);
  bool needs_rig = o.has_phase("fanout") || o.has_phase("overload") || o.has_phase("store");
  if (needs_rig && r.proto != Proto::tcp) out["fanout"] = fanout_phase(r);
  out["server_alive_at_end"] = proc_alive(r.server_pid);
  out["server_rss_end_kib"] = proc_status_kib(r.server_pid, "VmRSS:");
  out["server_peak_rss_kib"] = proc_status_kib(r.server_pid, "VmHWM:");
  std::ofstream(o.str("out")) << out.dump(2) << "\n";
  return out["server_alive_at_end"].get<bool>() ? 0 : 1;
}

// ---------------------------------------------------------------------------------------------
// Report: merge the parts, compare with the targets, print the table.

double num_at(const json& j, const json::json_pointer& p, double d = 0) {
  return j.contains(p) && j.at(p).is_number() ? j.at(p).get<double>() : d;
}

std::string fmt(const char* f, double v) {
  char b[64];
  std::snprintf(b, sizeof b, f, v);
  return b;
}

int report_main(const Options& o) {
  json result;
  result["timestamp"] = utc_now();
  result["git_commit"] = o.str("git-commit", "unknown");
  result["server_version"] = o.str("server-version", "unknown");
  result["command"] = o.str("command", "bash bench/run-realtime.sh");
  result["machine"] = machine_info();
  result["servers"] = o.str("servers", "");
  json parts = json::object();
  for (const auto& f : o.positional) {
    std::ifstream in(f);
    if (!in) continue;
    json p = json::parse(in, nullptr, false);
    if (p.is_discarded() || !p.contains("target")) continue;
    parts[p["target"].get<std::string>()] = p;
  }
  result["results"] = parts;
  using P = json::json_pointer;
  auto deliv = [&](const char* t, const char* mix) { return num_at(parts, P(std::string("/") + t + "/fanout/" + mix + "/headline/deliveries_per_server_cpu_s")); };
  json targets = json::array();
  auto add = [&](const std::string& what, double value, const std::string& unit, const std::string& goal, bool met, const std::string& note) {
    targets.push_back({{"figure", what}, {"value", value}, {"unit", unit}, {"target", goal}, {"met", met}, {"note", note}});
  };
  if (parts.contains("muster")) {
    const json& m = parts["muster"];
    if (m.contains("hold")) {
      double ready = num_at(m, P("/hold/ready"));
      add("idle authenticated WebSockets held", ready, "connections", ">= 19000", ready >= 19000, "");
      double per = num_at(m, P("/hold/server_rss_bytes_per_connection"));
      add("server memory per idle connection (RSS growth / connections)", per, "bytes", "<= 4096", per <= 4096,
          parts.contains("epoll") ? "epoll_hold, same sockets: " + fmt("%.0f", num_at(parts, P("/epoll/hold/server_rss_bytes_per_connection"))) +
                                        " B user space; kernel slab " + fmt("%.0f", num_at(parts, P("/epoll/hold/kernel_slab_bytes_per_socket"))) + " B/socket"
                                  : "");
    }
    for (const char* mix : {"channel", "groups"}) {
      double mu = deliv("muster", mix), wsv = deliv("ws", mix), nats = deliv("nats", mix);
      std::string name = std::string("fan-out deliveries per server CPU-s, ") + (std::string(mix) == "channel" ? "1 channel x 1,000 members" : "10,000 conversations x 10 members");
      // Like for like: the highest offered rate at which both servers kept up (the per-CPU figure
      // grows with load as work batches, so each server's best is shown beside it).
      auto same_rate = [&](const char* peer) -> std::string {
        if (!parts.contains(peer) || !parts.contains("muster")) return "";
        double best_rate = 0, a = 0, b = 0;
        for (const auto& sm : parts["muster"]["fanout"][mix]["steps"])
          for (const auto& sp : parts[peer]["fanout"][mix]["steps"])
            if (sm["kept_up"].get<bool>() && sp["kept_up"].get<bool>() && sm["offered_msgs_per_s"] == sp["offered_msgs_per_s"] &&
                sm["offered_msgs_per_s"].get<double>() > best_rate)
              best_rate = sm["offered_msgs_per_s"].get<double>(), a = sm["deliveries_per_server_cpu_s"].get<double>(),
              b = sp["deliveries_per_server_cpu_s"].get<double>();
        if (best_rate == 0) return "; no common rate where both kept up";
        return fmt("; same offered rate %.0f msg/s: ", best_rate) + fmt("muster %.0f", a) + fmt(" vs %.0f", b) + fmt(" (%.2fx)", b > 0 ? a / b : 0);
      };
      auto best_rate = [&](const char* t) { return num_at(parts, P(std::string("/") + t + "/fanout/" + mix + "/headline/offered_msgs_per_s")); };
      if (wsv > 0)
        add(name + " vs Node ws", mu / wsv, "x", ">= 3x", mu >= 3 * wsv,
            fmt("best kept-up step: muster %.0f", mu) + fmt(" at %.0f msg/s", best_rate("muster")) + fmt(", ws %.0f", wsv) + fmt(" at %.0f msg/s", best_rate("ws")) + same_rate("ws"));
      if (nats > 0)
        add(name + " vs nats-server", mu / nats, "x", ">= 1x", mu >= nats,
            fmt("best kept-up step: muster %.0f", mu) + fmt(" at %.0f msg/s", best_rate("muster")) + fmt(", nats %.0f", nats) + fmt(" at %.0f msg/s", best_rate("nats")) + same_rate("nats"));
      std::string lp = std::string("/muster/fanout/latency_") + mix + "/latency/p99_ms";
      double p99 = num_at(parts, P(lp));
      if (parts.contains(P(lp)))
        add(std::string("p99 send-to-receive latency at half max rate, ") + mix + ", 10,000 clients", p99, "ms", "<= 25", p99 <= 25,
            fmt("p50 %.1f ms", num_at(parts, P(std::string("/muster/fanout/latency_") + mix + "/latency/p50_ms"))) +
                fmt(" at %.0f msg/s offered", num_at(parts, P(std::string("/muster/fanout/latency_") + mix + "/offered_msgs_per_s"))));
    }
    if (m.contains(P("/fanout/store"))) {
      double s = num_at(m, P("/fanout/store/stored_per_s"));
      add("durable messages stored per second (HTTP, 201 after commit)", s, "msg/s", ">= 50000", s >= 50000,
          fmt("%.0f per server CPU-s", num_at(m, P("/fanout/store/stored_per_server_cpu_s"))));
    }
    if (m.contains(P("/fanout/store_ws"))) {
      double s = num_at(m, P("/fanout/store_ws/stored_per_s"));
      add("durable messages stored per second (WebSocket, \"sent\" after commit)", s, "msg/s", ">= 50000", s >= 50000,
          fmt("%.0f per server CPU-s", num_at(m, P("/fanout/store_ws/stored_per_server_cpu_s"))));
    }
    if (m.contains(P("/fanout/overload"))) {
      bool b = m.at(P("/fanout/overload/bounded")).get<bool>();
      add("memory under 2x overload with slow consumers stops growing", b ? 1 : 0, "bool", "bounded", b,
          fmt("RSS peak middle third %.0f MiB", num_at(m, P("/fanout/overload/rss_peak_middle_third_kib")) / 1024) +
              fmt(", last third %.0f MiB", num_at(m, P("/fanout/overload/rss_peak_last_third_kib")) / 1024));
    }
  }
  result["targets"] = targets;
  std::ofstream(o.str("out")) << result.dump(2) << "\n";

  // Table.
  std::printf("\nReal-time messaging benchmark  %s  commit %s  muster %s\n", result["timestamp"].get<std::string>().c_str(),
              result["git_commit"].get<std::string>().c_str(), result["server_version"].get<std::string>().c_str());
  std::printf("machine: %d CPUs (%s), %ld MiB, %s; open files limit %s\n\n", result["machine"]["nproc"].get<int>(),
              result["machine"].value("cpu_model", "?").c_str(), result["machine"].value("mem_total_kib", 0L) / 1024,
              result["machine"].value("kernel", "?").c_str(), result["machine"].value("open_files_limit", json(0)).dump().c_str());
  for (const char* t : {"muster", "epoll"}) {
    if (!parts.contains(t) || !parts[t].contains("hold")) continue;
    const json& h = parts[t]["hold"];
    std::printf("HOLD %-7s %6.0f/%-6.0f open (%.0f failed) in %.1f s, %.2f ms server CPU per open | RSS +%.0f B/conn | kernel slab %.0f B/socket, tcp mem %.0f B/socket | idle: %.3f ms CPU/s per 1000 conns, %s/%s pongs, %.0f closed\n",
                t, num_at(h, P("/ready")), num_at(h, P("/target_connections")), num_at(h, P("/failed")), num_at(h, P("/open/wall_s")),
                num_at(h, P("/open_server_cpu_ms_per_connection")), num_at(h, P("/server_rss_bytes_per_connection")),
                num_at(h, P("/kernel_slab_bytes_per_socket")), num_at(h, P("/kernel_tcp_mem_bytes_per_socket")),
                num_at(h, P("/idle_server_cpu_ms_per_1000_connections_per_s")), h["during_hold"]["pongs"].dump().c_str(),
                h["during_hold"]["pings"].dump().c_str(), num_at(h, P("/during_hold/closed")));
  }
  std::printf("\nFAN-OUT (100-byte messages; per-CPU figures use the server's CPU time; loadgen = all load-generator processes)\n");
  std::printf("%-7s %-7s %9s %11s %9s %11s %9s %13s %8s %8s %7s %7s %6s %5s\n", "server", "mix", "offer/s", "offer dlv/s", "sent/s",
              "delivered/s", "missing", "dlv/srv-CPU-s", "p50 ms", "p99 ms", "srv cpu", "loadgen", "other", "ok");
  for (const char* t : {"muster", "ws", "nats"}) {
    if (!parts.contains(t) || !parts[t].contains("fanout")) continue;
    const json& f = parts[t]["fanout"];
    for (const char* mix : {"channel", "groups"}) {
      if (!f.contains(mix)) continue;
      auto row = [&](const json& s, const char* label) {
        std::printf("%-7s %-7s %9.0f %11.0f %9.0f %11.0f %9.0f %13.0f %8.1f %8.1f %7.2f %7.2f %6.2f %5s\n", t, label, num_at(s, P("/offered_msgs_per_s")),
                    num_at(s, P("/offered_deliveries_per_s")), num_at(s, P("/sent_msgs_per_s")), num_at(s, P("/deliveries_per_s")),
                    num_at(s, P("/deliveries_missing")), num_at(s, P("/deliveries_per_server_cpu_s")), num_at(s, P("/latency/p50_ms")),
                    num_at(s, P("/latency/p99_ms")), num_at(s, P("/resources/server_cores_busy")), num_at(s, P("/resources/loadgen_cores_busy")),
                    num_at(s, P("/resources/other_processes_cores_busy")), s.value("kept_up", false) ? "yes" : "NO");
      };
      for (const auto& s : f[mix]["steps"]) row(s, mix);
      if (f.contains(std::string("latency_") + mix)) row(f[std::string("latency_") + mix], (std::string(mix) == "channel" ? "ch-lat" : "gr-lat"));
    }
  }
  if (parts.contains("muster") && parts["muster"].contains(P("/fanout/store"))) {
    const json& s = parts["muster"]["fanout"]["store"];
    std::printf("\nSTORE muster: %.0f messages/s acknowledged (201 after commit), %.0f per server CPU-s, %d connections, ack p50 %.1f ms p99 %.1f ms, server %.2f loadgen %.2f cores, errors %s\n",
                num_at(s, P("/stored_per_s")), num_at(s, P("/stored_per_server_cpu_s")), s["connections"].get<int>(), num_at(s, P("/result/ack_latency/p50_ms")),
                num_at(s, P("/result/ack_latency/p99_ms")), num_at(s, P("/resources/server_cores_busy")), num_at(s, P("/resources/loadgen_cores_busy")),
                s["result"]["errors"].dump().c_str());
  }
  if (parts.contains("muster") && parts["muster"].contains(P("/fanout/store_ws"))) {
    const json& s = parts["muster"]["fanout"]["store_ws"];
    std::printf("STORE muster over WebSocket: %.0f messages/s acknowledged (\"sent\" after commit), %.0f per server CPU-s, %d sockets x %d in flight, ack p50 %.1f ms p99 %.1f ms, server %.2f loadgen %.2f cores, errors %s\n",
                num_at(s, P("/stored_per_s")), num_at(s, P("/stored_per_server_cpu_s")), s["sockets"].get<int>(), s["window"].get<int>(),
                num_at(s, P("/result/ack_latency/p50_ms")), num_at(s, P("/result/ack_latency/p99_ms")),
                num_at(s, P("/resources/server_cores_busy")), num_at(s, P("/resources/loadgen_cores_busy")), s["result"]["errors"].dump().c_str());
  }
  if (parts.contains("muster") && parts["muster"].contains(P("/fanout/overload"))) {
    const json& s = parts["muster"]["fanout"]["overload"];
    std::printf("OVERLOAD muster: %.0f msg/s offered to the channel (2x), half the receivers not reading: RSS %.0f -> %.0f MiB (peak middle third %.0f, last third %.0f): %s; %s\n",
                num_at(s, P("/offered_msgs_per_s")), num_at(s, P("/rss_series/0/rss_kib")) / 1024, s["rss_series"].back()["rss_kib"].get<double>() / 1024,
                num_at(s, P("/rss_peak_middle_third_kib")) / 1024, num_at(s, P("/rss_peak_last_third_kib")) / 1024,
                s["bounded"].get<bool>() ? "bounded" : "STILL GROWING", (s["receivers_after"].value("closed_slow", json(0)).dump() + " of 500 slow and " +
                s["receivers_after"].value("closed_fast", json(0)).dump() + " of 500 reading receivers cut off " + s["receivers_after"]["close_reasons"].dump()).c_str());
  }
  std::printf("\nTARGETS\n");
  for (const auto& t : targets)
    std::printf("  %-4s %-78s %12.2f %-12s (target %s) %s\n", t["met"].get<bool>() ? "MET" : "MISS", t["figure"].get<std::string>().c_str(),
                t["value"].get<double>(), t["unit"].get<std::string>().c_str(), t["target"].get<std::string>().c_str(), t["note"].get<std::string>().c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || std::string(argv[1]) == "--help") {
    std::cerr << "usage: muster_realtime_bench run --target muster|ws|nats|epoll --server-pid PID --port PORT [--http-port P]\n"
                 "         [--phases hold,fanout,overload,store] [--hold 19000] [--hold-procs 3] [--hold-seconds 30]\n"
                 "         [--heartbeat 10] [--sources 8] [--people 1000] [--groups 10000] [--idle-people 20]\n"
                 "         [--background 9000] [--fanout-procs 2] [--step-seconds 4] [--max-steps 8]\n"
                 "         [--channel-start 25] [--groups-start 250] [--http-senders 64] [--overload-seconds 30]\n"
                 "         [--store-connections 64] [--store-seconds 15] [--store-ws-sockets 64] [--store-ws-window 16]\n"
                 "         --out PART.json\n"
                 "       muster_realtime_bench report --out RESULT.json [--git-commit C] [--server-version V] PART.json...\n";
    return 2;
  }
  try {
    std::string mode = argv[1];
    Options o = parse(argc, argv, 2);
    if (mode == "run") return run_main(o);
    if (mode == "report") return report_main(o);
    std::cerr << "unknown mode " << mode << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "muster_realtime_bench: " << e.what() << "\n";
    return 1;
  }
}
