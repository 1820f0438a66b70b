// Attachment throughput with and without encryption at rest, in one run: put (sealed as written,
// synced, renamed) and read (opened and authenticated chunk by chunk) of a 50 MB file through the
// disk file store, plaintext and sealed, alternating A B A B so the machine's drift falls on both.
// Prints one JSON line: MB/s for each and the ratio. Target: sealed at most 20 % slower.
//
//   muster_file_store_bench [--mb 50] [--rounds 3] [--dir /tmp]
#include <sodium.h>

#include <time.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <random>
#include <string>

#include "crypto/keyring.hpp"
#include "store/files/disk_file_store.hpp"

using namespace muster;
namespace fs = std::filesystem;

namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// CPU seconds of this process: on a machine shared with other work the wall clock says more about
// the neighbours than about encryption; CPU time per MB does not.
double cpu_now() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

struct Totals {
  double put_s = 0, read_s = 0, put_cpu = 0, read_cpu = 0;
};

bool round_trip(store::FileStore& files, const std::string& key, const std::string& content, Totals& t) {
  auto t0 = std::chrono::steady_clock::now();
  double c0 = cpu_now();
  if (!files.put(key, content).ok()) return false;
  t.put_s += seconds_since(t0);
  t.put_cpu += cpu_now() - c0;
  t0 = std::chrono::steady_clock::now();
  c0 = cpu_now();
  auto back = files.read(key);
  t.read_s += seconds_since(t0);
  t.read_cpu += cpu_now() - c0;
  bool same = back.ok() && back.value().size() == content.size();
  (void)files.remove(key);
  return same;
}

}  // namespace

int main(int argc, char** argv) {
  size_t mb = 50;
  int rounds = 3;
  fs::path base = fs::temp_directory_path();
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    if (flag == "--mb") mb = std::stoul(argv[i + 1]);
    else if (flag == "--rounds") rounds = std::stoi(argv[i + 1]);
    else if (flag == "--dir") base = argv[i + 1];
  }
  if (sodium_init() < 0) return 1;
  fs::path dir = base / ("muster-file-bench-" + std::to_string(std::random_device{}()));
  std::string content(mb * 1000 * 1000, '\0');
  randombytes_buf(content.data(), content.size());  // incompressible, like most attachments
  auto keyring = std::make_shared<crypto::Keyring>(std::vector<crypto::DataKey>{crypto::generate_data_key(1)}, 1);
  auto plain = store::files::make_disk_file_store(dir / "plain");
  auto sealed = store::files::make_disk_file_store(dir / "sealed", keyring);
  Totals p, s;
  bool ok = true;
  for (int r = 0; r < rounds && ok; ++r) {
    ok = round_trip(*plain, "a_benchplain" + std::to_string(r), content, p) &&
         round_trip(*sealed, "a_benchsealed" + std::to_string(r), content, s);
  }
  std::error_code ec;
  fs::remove_all(dir, ec);
  if (!ok) {
    std::fprintf(stderr, "file store bench: a put or read failed\n");
    return 1;
  }
  double total_mb = static_cast<double>(mb) * rounds;
  double pp = total_mb / p.put_s, pr = total_mb / p.read_s, sp = total_mb / s.put_s, sr = total_mb / s.read_s;
  auto ms_per_mb = [&](double cpu) { return 1000 * cpu / total_mb; };
  std::printf(
      "{\"file_mb\": %zu, \"rounds\": %d, \"plain_put_mb_s\": %.1f, \"plain_read_mb_s\": %.1f, "
      "\"sealed_put_mb_s\": %.1f, \"sealed_read_mb_s\": %.1f, \"put_slowdown_pct\": %.1f, \"read_slowdown_pct\": %.1f, "
      "\"plain_put_cpu_ms_per_mb\": %.2f, \"sealed_put_cpu_ms_per_mb\": %.2f, "
      "\"plain_read_cpu_ms_per_mb\": %.2f, \"sealed_read_cpu_ms_per_mb\": %.2f}\n",
      mb, rounds, pp, pr, sp, sr, 100 * (1 - sp / pp), 100 * (1 - sr / pr), ms_per_mb(p.put_cpu), ms_per_mb(s.put_cpu),
      ms_per_mb(p.read_cpu), ms_per_mb(s.read_cpu));
  return 0;
}
