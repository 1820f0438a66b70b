// The encrypted record stream of a backup file (format.hpp): a writer that packs records into
// fixed-size secretstream chunks, and a reader that authenticates every chunk and hands back the
// records in order. Neither knows what an entry holds; writer.hpp and reader.hpp do.
#pragma once
#include <sodium.h>

#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "backup/format.hpp"

namespace muster::backup {

class RecordWriter {
 public:
  // Writes the header to `out` (an open file the caller closes). chunk_size within format bounds.
  static Result<std::unique_ptr<RecordWriter>> start(std::FILE* out, const BackupSecret& secret,
                                                      std::uint32_t chunk_size);
  ~RecordWriter();
  Status write(RecordType type, std::string_view payload);
  // Pads and seals the last chunk with the FINAL tag. Nothing may follow.
  Status finish();
  std::uint64_t bytes_written() const { return written_; }

 private:
  RecordWriter() = default;
  Status seal(unsigned char tag);

  std::FILE* out_ = nullptr;
  std::string header_;
  std::uint32_t chunk_ = 0;
  crypto_secretstream_xchacha20poly1305_state state_{};
  std::string plain_;  // plaintext not yet sealed (less than one chunk)
  std::string cipher_;
  std::uint64_t written_ = 0;
};

class RecordReader {
 public:
  // Reads and checks the header, derives the key (argon2id for a passphrase) and checks it.
  // Errors name the cause: not a backup, wrong key or passphrase, damaged, truncated.
  static Result<std::unique_ptr<RecordReader>> open(std::FILE* in, const BackupSecret& secret);
  ~RecordReader();
  // The next record; false once the stream's FINAL chunk was read and every record in it taken
  // (then the rest of the final chunk must be padding and nothing may follow it in the file).
  Result<bool> next(RecordType& type, std::string& payload);

 private:
  RecordReader() = default;
  Status read_chunk();

  std::FILE* in_ = nullptr;
  std::string header_;
  std::uint32_t chunk_ = 0;
  crypto_secretstream_xchacha20poly1305_state state_{};
  std::string plain_;  // decrypted bytes not yet parsed
  size_t at_ = 0;      // parse position in plain_
  std::uint64_t chunks_ = 0;
  bool final_ = false;
};

}  // namespace muster::backup
