#include "store/files/sealed_file.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <random>

#include "store/files/disk_file_store.hpp"

namespace muster::store::files {
namespace {

namespace fs = std::filesystem;

struct TempDir {
  fs::path path = fs::temp_directory_path() / ("muster-sealed-test-" + std::to_string(std::random_device{}()));
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

std::string sealed(const std::string& name, std::string_view content, const crypto::DataKey& key) {
  std::string out;
  EXPECT_TRUE(seal(name, content, key, [&](std::string_view piece) {
                out.append(piece);
                return ok_status();
              }).ok());
  return out;
}

Result<std::string> opened(const std::string& name, const std::string& file, const crypto::Keyring& keyring,
                           std::uint64_t offset = 0, std::uint64_t length = UINT64_MAX, size_t* bytes_read = nullptr) {
  size_t at = 0;
  auto result = open_sealed(name, keyring, file.size() - kSealedHeaderBytes,
                            [&](char* out, size_t n) -> Status {
                              if (at + n > file.size()) return internal_error("short");
                              std::memcpy(out, file.data() + at, n);
                              at += n;
                              return ok_status();
                            },
                            offset, length);
  if (bytes_read) *bytes_read = at;
  return result;
}

std::string random_bytes(size_t n) {
  std::mt19937 rng(7);
  std::string s(n, '\0');
  for (auto& c : s) c = static_cast<char>(rng());
  return s;
}

struct SealedFile : ::testing::Test {
  crypto::DataKey key = crypto::generate_data_key(1);
  crypto::Keyring keyring{{key}, 1};
};

TEST_F(SealedFile, RoundTripsEverySizeAroundAChunk) {
  for (size_t size : {size_t{0}, size_t{1}, size_t{kSealedChunkBytes - 1}, size_t{kSealedChunkBytes},
                      size_t{kSealedChunkBytes + 1}, size_t{3 * kSealedChunkBytes + 5}}) {
    auto content = random_bytes(size);
    auto file = sealed("a_x", content, key);
    EXPECT_EQ(sealed_key_id(file).value(), 1u);
    EXPECT_EQ(sealed_content_size(file.size() - kSealedHeaderBytes).value(), size);
    auto back = opened("a_x", file, keyring);
    ASSERT_TRUE(back.ok()) << size << ": " << back.error().message;
    EXPECT_EQ(back.value(), content) << size;
  }
}

TEST_F(SealedFile, HoldsNoPlaintext) {
  std::string content = "Quarterly numbers: أرقام الربع الأول سرية";
  auto file = sealed("a_x", content, key);
  EXPECT_EQ(file.find("Quarterly"), std::string::npos);
  EXPECT_EQ(file.find("أرقام"), std::string::npos);
}

TEST_F(SealedFile, AnyFlippedByteIsAnError) {
  auto content = random_bytes(2 * kSealedChunkBytes + 100);
  auto file = sealed("a_x", content, key);
  for (size_t at : {size_t{0}, size_t{9}, size_t{13}, size_t{20}, size_t{50}, size_t{100}, kSealedHeaderBytes,
                    kSealedHeaderBytes + kSealedChunkBytes + 3, file.size() - 1}) {
    auto bad = file;
    bad[at] = static_cast<char>(bad[at] ^ 0x01);
    EXPECT_FALSE(opened("a_x", bad, keyring).ok()) << "flipped byte " << at;
  }
}

TEST_F(SealedFile, TruncationIsAnErrorEvenAtAChunkBoundary) {
  auto content = random_bytes(2 * kSealedChunkBytes + 100);
  auto file = sealed("a_x", content, key);
  size_t stride = kSealedChunkBytes + kSealedChunkOverhead;
  for (size_t keep : {file.size() - 1, kSealedHeaderBytes + 2 * stride, kSealedHeaderBytes + stride, kSealedHeaderBytes + 5})
    EXPECT_FALSE(opened("a_x", file.substr(0, keep), keyring).ok()) << keep;
}

TEST_F(SealedFile, ChunksSwappedOrAddedAreAnError) {
  auto content = random_bytes(3 * kSealedChunkBytes + 100);
  auto file = sealed("a_x", content, key);
  size_t stride = kSealedChunkBytes + kSealedChunkOverhead;
  auto swapped = file;
  swapped.replace(kSealedHeaderBytes, stride, file.substr(kSealedHeaderBytes + stride, stride));
  swapped.replace(kSealedHeaderBytes + stride, stride, file.substr(kSealedHeaderBytes, stride));
  EXPECT_FALSE(opened("a_x", swapped, keyring).ok());
  EXPECT_FALSE(opened("a_x", swapped, keyring, 5, 10).ok()) << "a range opens its chunk as the one at its place";
  // Cut after the third chunk, that chunk is not marked last.
  EXPECT_FALSE(opened("a_x", file.substr(0, kSealedHeaderBytes + 3 * stride), keyring).ok());
  // The last chunk repeated at the end: the former last is no longer last.
  EXPECT_FALSE(opened("a_x", file + file.substr(kSealedHeaderBytes + 3 * stride), keyring).ok());
}

// Files sealed before chunks were sealed one by one (version 1, secretstream) still open. This one
// holds 100 letters under data key 7, whose bytes are 0, 1, ..., 31.
TEST_F(SealedFile, AFileOfTheFirstVersionStillOpens) {
  const std::string hex = "4d555354455246010700000000000100d4c385d4663f3e856e2703a3db57722201fd45efb6edbcd67711f3432c7e420ecf7631fbbc178b9300a4fc2bd9b7b157dede609324daadda7ed26ef02083a50b04a080e1a74d336e24e3c27ce8879327363f19629399e4b883e6200e1ffbdf907b6f4b8d3a2cab2346b5bd2c65fa109a1e7d713443ee51847cd88d9b5e26e95269931f521b41f9b60e3c4face078e950c306d98292ddc0c128e0f9ebeba2957f35dbf08110259a288c6096f12a4dcd48b422bafb0133809ff19eaa730e95f5a07d9df703ffd4b154d3b04743c04797ecc6d93b47d3";
  std::string file;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) file.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  crypto::DataKey old_key;
  old_key.id = 7;
  for (unsigned i = 0; i < old_key.bytes.size(); ++i) old_key.bytes[i] = static_cast<unsigned char>(i);
  crypto::Keyring old_keyring{{old_key}, 7};
  std::string letters;
  for (int i = 0; i < 100; ++i) letters.push_back(static_cast<char>('a' + i % 26));
  EXPECT_TRUE(looks_sealed(file));
  EXPECT_EQ(opened("a_golden", file, old_keyring).value(), letters);
  EXPECT_EQ(opened("a_golden", file, old_keyring, 30, 5).value(), letters.substr(30, 5));
  file[kSealedHeaderBytes + 3] = static_cast<char>(file[kSealedHeaderBytes + 3] ^ 1);
  EXPECT_FALSE(opened("a_golden", file, old_keyring).ok());
}

TEST_F(SealedFile, AHeaderMovedToAnotherFileDoesNotOpen) {
  auto file = sealed("a_one", "first", key);
  EXPECT_FALSE(opened("a_two", file, keyring).ok());
  EXPECT_FALSE(opened("a_one.thumb", file, keyring).ok());
}

TEST_F(SealedFile, RangesDecryptOnlyUpToTheirEnd) {
  auto content = random_bytes(5 * kSealedChunkBytes);
  auto file = sealed("a_x", content, key);
  size_t read = 0;
  auto head = opened("a_x", file, keyring, 10, 100, &read);
  ASSERT_TRUE(head.ok());
  EXPECT_EQ(head.value(), content.substr(10, 100));
  EXPECT_EQ(read, kSealedHeaderBytes + kSealedChunkBytes + kSealedChunkOverhead) << "only the first chunk was read";
  auto across = opened("a_x", file, keyring, kSealedChunkBytes - 3, 10, &read);
  EXPECT_EQ(across.value(), content.substr(kSealedChunkBytes - 3, 10));
  EXPECT_EQ(read, kSealedHeaderBytes + 2 * (kSealedChunkBytes + kSealedChunkOverhead));
  // A range deep in the file opens only its own chunk (those before are read past).
  auto deep = opened("a_x", file, keyring, 3 * kSealedChunkBytes + 7, 50);
  EXPECT_EQ(deep.value(), content.substr(3 * kSealedChunkBytes + 7, 50));
  EXPECT_EQ(opened("a_x", file, keyring, content.size() - 4, 100).value(), content.substr(content.size() - 4));
  EXPECT_EQ(opened("a_x", file, keyring, content.size() + 4, 100).value(), "");
}

TEST_F(SealedFile, RewrapMovesTheFileKeyAndKeepsTheContent) {
  auto file = sealed("a_x", "some content", key);
  auto next = crypto::generate_data_key(2);
  crypto::Keyring both{{key, next}, 2};
  auto header = rewrap_header("a_x", std::string_view(file).substr(0, kSealedHeaderBytes), both, next);
  ASSERT_TRUE(header.ok());
  ASSERT_EQ(header->size(), kSealedHeaderBytes);
  std::string moved = header.value() + file.substr(kSealedHeaderBytes);
  EXPECT_EQ(sealed_key_id(moved).value(), 2u);
  crypto::Keyring only_new{{next}, 2};
  EXPECT_EQ(opened("a_x", moved, only_new).value(), "some content");
  EXPECT_FALSE(opened("a_x", file, only_new).ok()) << "the old header needs the old key";
}

TEST_F(SealedFile, DiskStoreSealsPlaintextFilesAndRewraps) {
  TempDir dir;
  auto plain = make_disk_file_store(dir.path);
  std::string secret = "Salary list قائمة الرواتب";
  ASSERT_TRUE(plain->put("a_abcdef", secret).ok());
  ASSERT_TRUE(plain->put("a_abcdef.thumb", secret + " thumb").ok());
  auto keyring = std::make_shared<crypto::Keyring>(std::vector<crypto::DataKey>{key}, 1);
  auto sealed_count = seal_plaintext_files(dir.path, *keyring);
  ASSERT_TRUE(sealed_count.ok());
  EXPECT_EQ(sealed_count.value(), 2);
  EXPECT_EQ(seal_plaintext_files(dir.path, *keyring).value(), 0) << "a second start has nothing to do";
  auto store = make_disk_file_store(dir.path, keyring);
  EXPECT_EQ(store->read("a_abcdef").value(), secret);
  ASSERT_TRUE(store->put("a_ghijkl", secret).ok());
  for (auto& e : fs::recursive_directory_iterator(dir.path))
    if (e.is_regular_file()) {
      std::ifstream in(e.path(), std::ios::binary);
      std::string bytes((std::istreambuf_iterator<char>(in)), {});
      EXPECT_EQ(bytes.find("Salary"), std::string::npos) << e.path();
      EXPECT_TRUE(looks_sealed(bytes)) << e.path();
    }
  keyring->add_current(crypto::generate_data_key(2));
  EXPECT_EQ(rewrap_files(dir.path, *keyring).value(), 3);
  EXPECT_EQ(rewrap_files(dir.path, *keyring).value(), 0) << "idempotent";
  auto reader = make_disk_file_store(dir.path, std::make_shared<crypto::Keyring>(std::vector<crypto::DataKey>{keyring->current()}, 2));
  EXPECT_EQ(reader->read("a_abcdef").value(), secret);
  EXPECT_EQ(reader->read("a_abcdef.thumb").value(), secret + " thumb");
}

TEST_F(SealedFile, AnInterruptedSealingIsFinishedOrDropped) {
  TempDir dir;
  auto plain = make_disk_file_store(dir.path);
  ASSERT_TRUE(plain->put("a_abcdef", "original").ok());
  auto path = file_path(dir.path, "a_abcdef").value();
  // A whole sealed copy next to a zeroed original: the crash came after the overwrite.
  std::ofstream(path.parent_path() / ".seal-a_abcdef", std::ios::binary) << sealed("a_abcdef", "original", key);
  std::ofstream(path, std::ios::binary | std::ios::trunc) << std::string(8, '\0');
  ASSERT_TRUE(seal_plaintext_files(dir.path, keyring).ok());
  auto store = make_disk_file_store(dir.path, std::make_shared<crypto::Keyring>(std::vector<crypto::DataKey>{key}, 1));
  EXPECT_EQ(store->read("a_abcdef").value(), "original");
  // A partial copy: the original was still intact and is sealed again.
  ASSERT_TRUE(plain->put("a_ghijkl", "second").ok());
  auto second = file_path(dir.path, "a_ghijkl").value();
  std::ofstream(second.parent_path() / ".seal-a_ghijkl", std::ios::binary) << sealed("a_ghijkl", "second", key).substr(0, 120);
  ASSERT_TRUE(seal_plaintext_files(dir.path, keyring).ok());
  EXPECT_EQ(store->read("a_ghijkl").value(), "second");
  EXPECT_FALSE(fs::exists(second.parent_path() / ".seal-a_ghijkl"));
}

}  // namespace
}  // namespace muster::store::files
