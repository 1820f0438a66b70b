// The encrypting VFS on its own: what lands on disk, what a wrong key, a flipped byte or a moved
// page do, both journal modes, recovery after a crash, the upgrade of a plaintext file and key
// rotation while other connections read and write.
#include "store/sqlite/encrypted_vfs.hpp"

#include <gtest/gtest.h>
#include <sodium.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <thread>

#include "store/sqlite/database.hpp"
#include "store/sqlite/database_rekey.hpp"
#include "store/sqlite/page_cipher.hpp"
#include "store/sqlite/plaintext_upgrade.hpp"

namespace muster::store::sqlite {
namespace {

namespace fs = std::filesystem;

const std::string kLatin = "QuokkaZebraSecret-7731";
const std::string kArabic = "سرّ الحديقة المخفية";

struct TempDir {
  TempDir() {
    path = fs::temp_directory_path() / ("muster-vfs-test-" + std::to_string(std::random_device{}()));
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  std::string file(const std::string& name) const { return (path / name).string(); }
  fs::path path;
};

std::shared_ptr<crypto::Keyring> new_keyring(std::uint32_t id = 1) {
  return std::make_shared<crypto::Keyring>(std::vector<crypto::DataKey>{crypto::generate_data_key(id)}, id);
}

std::string bytes_of(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Every file in `dir` that holds `needle` byte for byte.
std::vector<std::string> files_holding(const fs::path& dir, const std::string& needle) {
  std::vector<std::string> out;
  for (const auto& entry : fs::recursive_directory_iterator(dir))
    if (entry.is_regular_file() && bytes_of(entry.path().string()).find(needle) != std::string::npos)
      out.push_back(entry.path().string());
  return out;
}

std::unique_ptr<Connection> open_encrypted(const std::string& path, const std::shared_ptr<crypto::Keyring>& keyring,
                                           bool read_only = false) {
  EXPECT_TRUE(use_encryption_keys(path, keyring).ok());
  auto conn = Connection::open(path, read_only, true);
  EXPECT_TRUE(conn.ok()) << conn.error().message;
  return conn.ok() ? std::move(conn).value() : nullptr;
}

std::int64_t count_rows(Connection& c, const char* sql = "SELECT count(*) FROM notes") {
  auto s = c.prepare_once(sql);
  if (!s.ok()) return -1;
  auto row = s->step();
  if (!row.ok() || !*row) return -1;
  return s->integer(0);
}

std::string integrity(Connection& c) {
  auto s = c.prepare_once("PRAGMA integrity_check");
  if (!s.ok()) return s.error().message;
  auto row = s->step();
  if (!row.ok()) return row.error().message;
  return s->text(0);
}

void add_notes(Connection& c, int count, const std::string& text) {
  ASSERT_TRUE(c.exec("CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY, body TEXT)").ok());
  ASSERT_TRUE(c.exec("BEGIN").ok());
  for (int i = 0; i < count; ++i) {
    auto s = c.prepare("INSERT INTO notes (body) VALUES (?1)");
    ASSERT_TRUE(s.ok());
    s->bind(1, text + " #" + std::to_string(i));
    ASSERT_TRUE(s->run().ok());
  }
  ASSERT_TRUE(c.exec("COMMIT").ok());
}

constexpr std::uint64_t kWalFrameHeaderBytes = 24;  // before each page in the WAL

// What a crash would leave: the database and its WAL as they are while a connection is still open.
void copy_as_a_crash_leaves_them(const std::string& path, const TempDir& to) {
  fs::copy_file(path, to.file("muster.db"));
  fs::copy_file(path + "-wal", to.file("muster.db-wal"));
}

void flip_byte(const std::string& path, std::uint64_t offset) {
  std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
  f.seekg(static_cast<std::streamoff>(offset));
  char b = 0;
  f.read(&b, 1);
  b = static_cast<char>(b ^ 0x01);
  f.seekp(static_cast<std::streamoff>(offset));
  f.write(&b, 1);
}

TEST(PageCipher, DatabaseNameIsTheBasenameUpToTheFirstDot) {
  EXPECT_EQ(database_name("/data/muster.db"), "muster");
  EXPECT_EQ(database_name("/data/muster.db-wal"), "muster");
  EXPECT_EQ(database_name("muster.backup-123.db"), "muster");
  EXPECT_EQ(database_name("/a.b/search.db-journal"), "search");
}

TEST(PageCipher, SealsWithAesGcmWhereTheCpuHasItAndOpensPagesOfEitherCipher) {
  auto key = crypto::generate_data_key(5);
  PagePlace place{"muster", FileKind::Database, 42};
  std::vector<unsigned char> plain(kPageSize, 0);
  for (std::size_t i = 0; i < kSealedBytes; ++i) plain[i] = static_cast<unsigned char>(i * 7);
  auto page = plain;
  seal_page(page.data(), key, place);
  EXPECT_EQ(sealed_key_id(page.data()), 5u);
  EXPECT_EQ((page[kSealedBytes + 3] & 0x80) != 0, crypto_aead_aes256gcm_is_available() != 0);
  EXPECT_NE(page, plain);
  auto moved = page;
  EXPECT_FALSE(open_page(moved.data(), key, {"muster", FileKind::Database, 43}));
  ASSERT_TRUE(open_page(page.data(), key, place));
  EXPECT_EQ(page, plain);

  // A page sealed before AES-GCM: XChaCha20-Poly1305 over the same associated data (the name, a
  // zero, the kind, the position u64 LE) with the nonce and tag in the reserved tail.
  auto legacy = plain;
  unsigned char* tail = legacy.data() + kSealedBytes;
  tail[0] = 5;
  randombytes_buf(tail + kKeyIdBytes, kNonceBytes);
  std::vector<unsigned char> ad = {'m', 'u', 's', 't', 'e', 'r', 0, static_cast<unsigned char>(FileKind::Database), 42, 0, 0, 0, 0, 0, 0, 0};
  crypto_aead_xchacha20poly1305_ietf_encrypt_detached(legacy.data(), tail + kKeyIdBytes + kNonceBytes, nullptr, legacy.data(),
                                                      kSealedBytes, ad.data(), ad.size(), nullptr, tail + kKeyIdBytes,
                                                      key.bytes.data());
  EXPECT_EQ(sealed_key_id(legacy.data()), 5u);
  ASSERT_TRUE(open_page(legacy.data(), key, place));
  EXPECT_EQ(legacy, plain);
}

TEST(EncryptedVfs, RoundTripsAndLeavesNoPlaintextInTheDatabaseOrItsWal) {
  TempDir dir;
  auto keyring = new_keyring();
  std::string path = dir.file("muster.db");
  {
    auto c = open_encrypted(path, keyring);
    ASSERT_TRUE(c);
    add_notes(*c, 200, kLatin + " " + kArabic);
    // Still open: the pages are in the WAL, not yet in the database file.
    EXPECT_GT(fs::file_size(path + "-wal"), 0u);
    EXPECT_EQ(files_holding(dir.path, kLatin), std::vector<std::string>{});
    EXPECT_EQ(files_holding(dir.path, kArabic), std::vector<std::string>{});
  }
  EXPECT_NE(bytes_of(path).substr(0, 15), "SQLite format 3");
  EXPECT_FALSE(is_plaintext_database(path));
  EXPECT_EQ(files_holding(dir.path, kLatin), std::vector<std::string>{});
  auto c = open_encrypted(path, keyring, true);
  ASSERT_TRUE(c);
  EXPECT_EQ(count_rows(*c), 200);
  EXPECT_EQ(count_rows(*c, ("SELECT count(*) FROM notes WHERE body LIKE '%" + kArabic + "%'").c_str()), 200);
  EXPECT_EQ(integrity(*c), "ok");
}

// A transaction larger than the page cache spills pages to the WAL before it commits; writing such
// a page again rewrites its frame in place, and at commit SQLite reads back each rewritten frame's
// checksum alone (8 bytes inside a frame header). A 100,000-person import did this and failed.
TEST(EncryptedVfs, ATransactionThatSpillsItsCacheAndRewritesPagesCommits) {
  TempDir dir;
  auto keyring = new_keyring();
  std::string path = dir.file("muster.db");
  auto c = open_encrypted(path, keyring);
  ASSERT_TRUE(c);
  ASSERT_TRUE(c->exec("PRAGMA cache_size = 8").ok());  // spill after a few pages
  add_notes(*c, 10, kLatin);
  ASSERT_TRUE(c->exec("BEGIN").ok());
  for (int i = 0; i < 20; ++i) {
    auto s = c->prepare("INSERT INTO notes (body) VALUES (?1)");
    ASSERT_TRUE(s.ok());
    s->bind(1, std::string(3000, static_cast<char>('a' + i)));
    ASSERT_TRUE(s->run().ok());
  }
  // Each pass rewrites every page (more than the cache holds): frames this transaction already
  // spilled to the WAL are written again.
  for (int pass = 0; pass < 4; ++pass) ASSERT_TRUE(c->exec("UPDATE notes SET body = body || 'x'").ok());
  auto committed = c->exec("COMMIT");
  ASSERT_TRUE(committed.ok()) << committed.error().message;
  EXPECT_EQ(count_rows(*c), 30);
  EXPECT_EQ(integrity(*c), "ok");
  c.reset();
  auto again = open_encrypted(path, keyring, true);
  ASSERT_TRUE(again);
  EXPECT_EQ(count_rows(*again), 30);
  EXPECT_EQ(integrity(*again), "ok");
}

TEST(EncryptedVfs, AWrongKeyFailsCleanlyOnTheFirstRead) {
  TempDir dir;
  std::string path = dir.file("muster.db");
  {
    auto c = open_encrypted(path, new_keyring(1));
    add_notes(*c, 10, kLatin);
  }
  auto other = new_keyring(1);  // same id, other bytes: a wrong master key
  auto checked = check_database_key(path, *other);
  ASSERT_FALSE(checked.ok());
  EXPECT_NE(checked.error().message.find("does not open"), std::string::npos) << checked.error().message;
  EXPECT_FALSE(check_database_key(path, *new_keyring(9)).ok());  // a key id the keyring lacks

  ASSERT_TRUE(use_encryption_keys(path, other).ok());
  auto c = Connection::open(path, true, true);
  if (c.ok()) {
    EXPECT_EQ(count_rows(**c), -1);  // an error, never rows decrypted into garbage
  }
}

TEST(EncryptedVfs, AFlippedByteInAPageIsAnErrorNotGarbage) {
  TempDir dir;
  auto keyring = new_keyring();
  std::string path = dir.file("muster.db");
  {
    auto c = open_encrypted(path, keyring);
    add_notes(*c, 300, kLatin);
  }
  auto pages = fs::file_size(path) / kPageSize;
  ASSERT_GE(pages, 3u);
  flip_byte(path, kPageSize * (pages - 1) + 100);  // a leaf of notes
  auto c = open_encrypted(path, keyring, true);
  ASSERT_TRUE(c);
  EXPECT_EQ(count_rows(*c, "SELECT count(*) FROM notes WHERE body LIKE '%x%'"), -1);
  auto s = c->prepare_once("SELECT sum(length(body)) FROM notes");
  ASSERT_TRUE(s.ok());
  auto row = s->step();
  ASSERT_FALSE(row.ok());
  EXPECT_NE(row.error().message.find("I/O"), std::string::npos) << row.error().message;
}

// Pages opened by one connection are kept opened for the others (store/sqlite/opened_page_cache.hpp),
// but only while the sealed page on disk is the one they were opened from.
TEST(EncryptedVfs, APageAlteredOnDiskWhileTheDatabaseIsOpenIsStillAnError) {
  TempDir dir;
  auto keyring = new_keyring();
  std::string path = dir.file("muster.db");
  auto writer = open_encrypted(path, keyring);
  ASSERT_TRUE(writer);
  add_notes(*writer, 300, kLatin);
  ASSERT_TRUE(writer->exec("PRAGMA wal_checkpoint(TRUNCATE)").ok());
  {
    auto reader = open_encrypted(path, keyring, true);  // opens (and so caches) every page of notes
    ASSERT_TRUE(reader);
    EXPECT_EQ(count_rows(*reader, "SELECT count(*) FROM notes WHERE body LIKE '%Quokka%'"), 300);
  }
  auto pages = fs::file_size(path) / kPageSize;
  flip_byte(path, kPageSize * pages - 1);  // the tag of the last leaf of notes
  auto reader = open_encrypted(path, keyring, true);
  ASSERT_TRUE(reader);
  EXPECT_EQ(count_rows(*reader, "SELECT count(*) FROM notes WHERE body LIKE '%Quokka%'"), -1);
}

TEST(EncryptedVfs, APageMovedToAnotherPositionDoesNotOpen) {
  TempDir dir;
  auto keyring = new_keyring();
  std::string path = dir.file("muster.db");
  {
    auto c = open_encrypted(path, keyring);
    add_notes(*c, 300, kLatin);
  }
  auto pages = fs::file_size(path) / kPageSize;
  ASSERT_GE(pages, 4u);
  std::string all = bytes_of(path);
  // Swap the last two pages (both sealed correctly, each in the other's place).
  std::string a = all.substr(kPageSize * (pages - 2), kPageSize), b = all.substr(kPageSize * (pages - 1), kPageSize);
  all.replace(kPageSize * (pages - 2), kPageSize, b);
  all.replace(kPageSize * (pages - 1), kPageSize, a);
  std::ofstream(path, std::ios::binary | std::ios::trunc) << all;
  auto c = open_encrypted(path, keyring, true);
  ASSERT_TRUE(c);
  EXPECT_EQ(count_rows(*c, "SELECT count(*) FROM notes WHERE body LIKE '%x%'"), -1);
}

// A crash leaves the WAL unchecked-pointed: a fresh process recovers it (reading whole frames and
// checking SQLite's checksums over what the VFS hands back).
TEST(EncryptedVfs, ACrashedWalIsRecoveredOnReopen) {
  TempDir dir, copy;
  auto keyring = new_keyring();
  std::string path = dir.file("muster.db");
  auto c = open_encrypted(path, keyring);
  ASSERT_TRUE(c->exec("PRAGMA wal_autocheckpoint=0").ok());
  add_notes(*c, 500, kArabic);
  copy_as_a_crash_leaves_them(path, copy);
  c.reset();
  auto reopened = open_encrypted(copy.file("muster.db"), keyring);
  ASSERT_TRUE(reopened);
  EXPECT_EQ(count_rows(*reopened), 500);
  EXPECT_EQ(integrity(*reopened), "ok");
}

// SIGKILL can cut a WAL frame's page write between its two kernel pages (frames are not page-aligned):
// recovery ends at that frame, as SQLite's does for a plaintext WAL, and keeps every transaction before.
TEST(EncryptedVfs, AWalFrameTornByACrashEndsRecoveryThereInsteadOfFailingTheOpen) {
  TempDir dir, copy;
  auto keyring = new_keyring();
  std::string path = dir.file("muster.db");
  auto c = open_encrypted(path, keyring);
  ASSERT_TRUE(c->exec("PRAGMA wal_autocheckpoint=0").ok());
  add_notes(*c, 300, kLatin);
  auto committed = fs::file_size(path + "-wal");
  add_notes(*c, 1, kArabic);  // the last transaction: its frames follow `committed`
  copy_as_a_crash_leaves_them(path, copy);
  c.reset();
  // The last transaction's first frame, with the second half of its page never written.
  std::string wal = bytes_of(copy.file("muster.db-wal"));
  auto page_start = committed + kWalFrameHeaderBytes;
  ASSERT_GE(wal.size(), page_start + kPageSize);
  std::fill(wal.begin() + static_cast<std::ptrdiff_t>(page_start + kPageSize / 2),
            wal.begin() + static_cast<std::ptrdiff_t>(page_start + kPageSize), '\0');
  std::ofstream(copy.file("muster.db-wal"), std::ios::binary | std::ios::trunc) << wal;
  auto reopened = open_encrypted(copy.file("muster.db"), keyring);
  ASSERT_TRUE(reopened);
  EXPECT_EQ(count_rows(*reopened), 300);
  EXPECT_EQ(integrity(*reopened), "ok");
}

// Rollback-journal mode: the journal holds page images from before the transaction, sealed too;
// a crash in mid-transaction (pages spilled into the file) is rolled back from it on reopen.
TEST(EncryptedVfs, TheRollbackJournalIsSealedAndPlaysBackAfterACrash) {
  TempDir dir, copy;
  auto keyring = new_keyring();
  std::string path = dir.file("muster.db");
  ASSERT_TRUE(use_encryption_keys(path, keyring).ok());
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, kEncryptedVfs), SQLITE_OK);
  int reserve = static_cast<int>(kReservedBytes);
  sqlite3_file_control(db, "main", SQLITE_FCNTL_RESERVE_BYTES, &reserve);
  auto exec = [&](const std::string& sql) { return sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr); };
  ASSERT_EQ(exec("PRAGMA journal_mode=DELETE; PRAGMA cache_size=8; CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)"),
            SQLITE_OK);
  ASSERT_EQ(exec("BEGIN"), SQLITE_OK);
  for (int i = 0; i < 3000; ++i) ASSERT_EQ(exec("INSERT INTO notes (body) VALUES ('" + kLatin + " " + kArabic + "')"), SQLITE_OK);
  ASSERT_EQ(exec("COMMIT"), SQLITE_OK);
  // A transaction that rewrites every row: the journal gets the old images, holding the strings,
  // and the small cache spills changed pages into the database file before the commit.
  ASSERT_EQ(exec("BEGIN; UPDATE notes SET body = 'changed'"), SQLITE_OK);
  ASSERT_TRUE(fs::exists(path + "-journal"));
  EXPECT_GT(fs::file_size(path + "-journal"), 10 * kPageSize);
  EXPECT_EQ(files_holding(dir.path, kLatin), std::vector<std::string>{});
  EXPECT_EQ(files_holding(dir.path, kArabic), std::vector<std::string>{});
  fs::copy_file(path, copy.file("muster.db"));
  fs::copy_file(path + "-journal", copy.file("muster.db-journal"));
  ASSERT_EQ(exec("ROLLBACK"), SQLITE_OK);
  sqlite3_close(db);

  ASSERT_TRUE(use_encryption_keys(copy.file("muster.db"), keyring).ok());
  sqlite3* again = nullptr;
  ASSERT_EQ(sqlite3_open_v2(copy.file("muster.db").c_str(), &again, SQLITE_OPEN_READWRITE, kEncryptedVfs), SQLITE_OK);
  sqlite3_stmt* s = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(again, "SELECT count(*) FROM notes WHERE body <> 'changed'", -1, &s, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_step(s), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int(s, 0), 3000);  // the hot journal was played back
  sqlite3_finalize(s);
  sqlite3_close(again);
}

TEST(EncryptedVfs, AFileWithoutReservedBytesIsRefusedNotWrittenInPlaintext) {
  TempDir dir;
  std::string path = dir.file("muster.db");
  ASSERT_TRUE(use_encryption_keys(path, new_keyring()).ok());
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, kEncryptedVfs), SQLITE_OK);
  std::string sql = "CREATE TABLE t (x); INSERT INTO t VALUES ('" + kLatin + "')";
  EXPECT_NE(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  EXPECT_EQ(files_holding(dir.path, kLatin), std::vector<std::string>{});
}

TEST(EncryptedVfs, APlaintextDatabaseIsEncryptedInPlaceWithNothingLeftBehind) {
  TempDir dir;
  std::string path = dir.file("muster.db");
  {
    auto plain = Connection::open(path, false);
    ASSERT_TRUE(plain.ok());
    add_notes(**plain, 2000, kLatin + " " + kArabic);
    ASSERT_TRUE((*plain)->exec("DELETE FROM notes WHERE id % 2 = 0").ok());  // free pages that still hold text
  }
  ASSERT_TRUE(is_plaintext_database(path));
  auto keyring = new_keyring();
  std::uint64_t last_done = 0, last_total = 0;
  auto status = encrypt_plaintext_database(path, keyring, [&](std::uint64_t done, std::uint64_t total) {
    last_done = done;
    last_total = total;
  });
  ASSERT_TRUE(status.ok()) << status.error().message;
  EXPECT_GT(last_total, 0u);
  EXPECT_EQ(last_done, last_total);
  EXPECT_FALSE(is_plaintext_database(path));
  EXPECT_EQ(files_holding(dir.path, kLatin), std::vector<std::string>{});
  EXPECT_EQ(files_holding(dir.path, kArabic), std::vector<std::string>{});
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir.path)) names.push_back(e.path().filename().string());
  EXPECT_EQ(names, std::vector<std::string>{"muster.db"});
  auto c = open_encrypted(path, keyring);
  ASSERT_TRUE(c);
  EXPECT_EQ(count_rows(*c), 1000);
  EXPECT_EQ(integrity(*c), "ok");
  // Done once: a second call changes nothing.
  auto before = bytes_of(path);
  c.reset();
  ASSERT_TRUE(encrypt_plaintext_database(path, keyring).ok());
  EXPECT_EQ(bytes_of(path), before);
}

TEST(EncryptedVfs, AnInterruptedUpgradeKeepsThePlaintextUntilTheSwapAndCleansUpAfter) {
  TempDir dir;
  std::string path = dir.file("muster.db");
  {
    auto plain = Connection::open(path, false);
    add_notes(**plain, 50, kLatin);
  }
  // Stopped right after linking the plaintext's second name, before the swap.
  ASSERT_EQ(::link(path.c_str(), (path + ".plaintext-old").c_str()), 0);
  std::ofstream(path + ".encrypting") << "half a copy";
  auto keyring = new_keyring();
  ASSERT_TRUE(encrypt_plaintext_database(path, keyring).ok());
  EXPECT_EQ(files_holding(dir.path, kLatin), std::vector<std::string>{});
  EXPECT_FALSE(fs::exists(path + ".plaintext-old"));
  EXPECT_FALSE(fs::exists(path + ".encrypting"));
  auto c = open_encrypted(path, keyring, true);
  EXPECT_EQ(count_rows(*c), 50);
}

// Rotation: a new current key, then every page re-sealed under it while other connections keep
// writing and reading; afterwards no page or WAL frame names the old key and nothing was lost.
TEST(EncryptedVfs, ReencryptionUnderConcurrentWritesAndReadsLeavesOnlyTheNewKey) {
  TempDir dir;
  std::string path = dir.file("muster.db");
  auto keyring = new_keyring(1);
  auto opened = Database::open(path, 2, keyring);
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  auto db = std::move(opened).value();
  ASSERT_TRUE(db->write([](Connection& c) { return c.exec("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)"); }).ok());
  auto insert = [&](int n) {
    return db->write([&](Connection& c) -> Status {
      for (int i = 0; i < n; ++i) {
        ASSIGN_OR_RETURN(auto s, c.prepare("INSERT INTO notes (body) VALUES (?1)"));
        s.bind(1, kArabic + " " + std::to_string(i));
        TRY(s.run());
      }
      return ok_status();
    });
  };
  for (int i = 0; i < 20; ++i) ASSERT_TRUE(insert(500).ok());
  {
    // Into the database file, so the page step (not only the final checkpoint) has work to do.
    auto c = open_encrypted(path, keyring);
    ASSERT_TRUE(c->exec("PRAGMA wal_checkpoint(TRUNCATE)").ok());
  }
  ASSERT_GT(fs::file_size(path), 100 * kPageSize);
  ASSERT_EQ(sealed_key_ids(path).value(), (std::set<std::uint32_t>{1}));

  std::atomic<bool> stop{false};
  std::atomic<int> written{10'000}, failures{0}, reads{0};
  std::thread writer([&] {
    while (!stop) {
      if (insert(20).ok()) written += 20;
      else ++failures;
    }
  });
  std::thread reader([&] {
    while (!stop) {
      std::int64_t n = -1;
      auto st = db->read([&](Connection& c) {
        n = count_rows(c, "SELECT count(*) FROM notes WHERE length(body) > 0");
        return ok_status();
      });
      if (!st.ok() || n < 10'000) ++failures;
      ++reads;
    }
  });
  keyring->add_current(crypto::generate_data_key(2));
  std::uint64_t last_total = 0;
  auto status = reencrypt_database(path, 2, [&](std::uint64_t, std::uint64_t total) { last_total = total; });
  stop = true;
  writer.join();
  reader.join();
  ASSERT_TRUE(status.ok()) << status.error().message;
  EXPECT_GT(last_total, 100u);
  EXPECT_EQ(failures.load(), 0);
  EXPECT_GT(reads.load(), 0);
  EXPECT_EQ(sealed_key_ids(path).value(), (std::set<std::uint32_t>{2}));
  std::int64_t rows = -1;
  std::string check;
  ASSERT_TRUE(db->read([&](Connection& c) {
                  rows = count_rows(c);
                  check = integrity(c);
                  return ok_status();
                }).ok());
  EXPECT_EQ(rows, written.load());
  EXPECT_EQ(check, "ok");
  db.reset();
  // The old key is no longer needed to open the file.
  auto only_new = std::make_shared<crypto::Keyring>(std::vector<crypto::DataKey>{*keyring->find(2)}, 2);
  auto c = open_encrypted(path, only_new, true);
  ASSERT_TRUE(c);
  EXPECT_EQ(count_rows(*c), written.load());
}

}  // namespace
}  // namespace muster::store::sqlite
