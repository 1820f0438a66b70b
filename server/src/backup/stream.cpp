#include "backup/stream.hpp"

#include <cstring>

namespace muster::backup {

namespace {

constexpr size_t kRecordHead = 5;  // type u8, length u32 little-endian
constexpr std::uint32_t kMaxRecord = 16 * 1024 * 1024;

Error damaged(const std::string& what) { return invalid("The backup is damaged: " + what + "."); }
Error truncated() { return invalid("The backup is truncated: its end is missing."); }

}  // namespace

Result<std::unique_ptr<RecordWriter>> RecordWriter::start(std::FILE* out, const BackupSecret& secret,
                                                          std::uint32_t chunk_size) {
  if (chunk_size < kMinChunk || chunk_size > kMaxChunk) return invalid("Chunk size out of range.");
  std::unique_ptr<RecordWriter> w(new RecordWriter());
  w->out_ = out;
  w->chunk_ = chunk_size;
  Header h;
  h.chunk_size = chunk_size;
  h.kind = secret.kind;
  if (secret.kind == KeyKind::Passphrase) h.opslimit = secret.opslimit, h.memlimit = secret.memlimit;
  randombytes_buf(h.salt.data(), h.salt.size());
  ASSIGN_OR_RETURN(auto key, derive_key(secret, h));
  h.check = key.check;
  crypto_secretstream_xchacha20poly1305_init_push(&w->state_, h.stream.data(), key.stream.data());
  w->header_ = h.encode();
  if (std::fwrite(w->header_.data(), 1, w->header_.size(), out) != w->header_.size())
    return Error{ErrorCode::Unavailable, "Cannot write the backup file."};
  w->written_ = w->header_.size();
  return w;
}

RecordWriter::~RecordWriter() { sodium_memzero(&state_, sizeof state_); }

Status RecordWriter::write(RecordType type, std::string_view payload) {
  if (payload.size() > kMaxRecord) return internal_error("backup record too large");
  plain_.push_back(static_cast<char>(type));
  auto n = static_cast<std::uint32_t>(payload.size());
  for (int i = 0; i < 4; ++i) plain_.push_back(static_cast<char>((n >> (8 * i)) & 0xff));
  plain_.append(payload);
  while (plain_.size() > chunk_) TRY(seal(crypto_secretstream_xchacha20poly1305_TAG_MESSAGE));
  return ok_status();
}

Status RecordWriter::finish() {
  while (plain_.size() > chunk_) TRY(seal(crypto_secretstream_xchacha20poly1305_TAG_MESSAGE));
  TRY(seal(crypto_secretstream_xchacha20poly1305_TAG_FINAL));
  if (std::fflush(out_) != 0) return Error{ErrorCode::Unavailable, "Cannot write the backup file."};
  return ok_status();
}

// Seals the first chunk_ bytes of plain_ (zero-padded when fewer remain).
Status RecordWriter::seal(unsigned char tag) {
  std::string chunk = plain_.substr(0, chunk_);
  plain_.erase(0, chunk.size());
  chunk.resize(chunk_, '\0');
  cipher_.resize(chunk_ + crypto_secretstream_xchacha20poly1305_ABYTES);
  crypto_secretstream_xchacha20poly1305_push(
      &state_, reinterpret_cast<unsigned char*>(cipher_.data()), nullptr,
      reinterpret_cast<const unsigned char*>(chunk.data()), chunk.size(),
      reinterpret_cast<const unsigned char*>(header_.data()), header_.size(), tag);
  sodium_memzero(chunk.data(), chunk.size());
  if (std::fwrite(cipher_.data(), 1, cipher_.size(), out_) != cipher_.size())
    return Error{ErrorCode::Unavailable, "Cannot write the backup file."};
  written_ += cipher_.size();
  return ok_status();
}

Result<std::unique_ptr<RecordReader>> RecordReader::open(std::FILE* in, const BackupSecret& secret) {
  std::string head(kHeaderBytes, '\0');
  size_t got = std::fread(head.data(), 1, head.size(), in);
  head.resize(got);
  ASSIGN_OR_RETURN(auto h, Header::decode(head));
  ASSIGN_OR_RETURN(auto key, derive_key(secret, h));
  if (sodium_memcmp(key.check.data(), h.check.data(), kCheckBytes) != 0)
    return Error{ErrorCode::PermissionDenied,
                 h.kind == KeyKind::Passphrase ? "Wrong passphrase: it does not open this backup."
                                               : "Wrong backup key: it does not open this backup."};
  std::unique_ptr<RecordReader> r(new RecordReader());
  r->in_ = in;
  r->header_ = std::move(head);
  r->chunk_ = h.chunk_size;
  if (crypto_secretstream_xchacha20poly1305_init_pull(&r->state_, h.stream.data(), key.stream.data()) != 0)
    return damaged("its stream header is not valid");
  return r;
}

RecordReader::~RecordReader() { sodium_memzero(&state_, sizeof state_); }

Status RecordReader::read_chunk() {
  std::string cipher(chunk_ + crypto_secretstream_xchacha20poly1305_ABYTES, '\0');
  size_t got = std::fread(cipher.data(), 1, cipher.size(), in_);
  if (got != cipher.size()) {
    if (std::ferror(in_)) return Error{ErrorCode::Unavailable, "Cannot read the backup file."};
    return truncated();
  }
  std::string plain(chunk_, '\0');
  unsigned char tag = 0;
  if (crypto_secretstream_xchacha20poly1305_pull(
          &state_, reinterpret_cast<unsigned char*>(plain.data()), nullptr, &tag,
          reinterpret_cast<const unsigned char*>(cipher.data()), cipher.size(),
          reinterpret_cast<const unsigned char*>(header_.data()), header_.size()) != 0)
    return damaged("block " + std::to_string(chunks_ + 1) + " (at byte " +
                   std::to_string(header_.size() + chunks_ * cipher.size()) + ") fails authentication");
  ++chunks_;
  plain_.erase(0, at_);
  at_ = 0;
  plain_ += plain;
  if (tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL) {
    final_ = true;
    if (std::fgetc(in_) != EOF) return damaged("there is data after its end");
  } else if (tag != crypto_secretstream_xchacha20poly1305_TAG_MESSAGE) {
    return damaged("unexpected block tag");
  }
  return ok_status();
}

Result<bool> RecordReader::next(RecordType& type, std::string& payload) {
  while (true) {
    if (plain_.size() - at_ >= kRecordHead) {
      auto t = static_cast<unsigned char>(plain_[at_]);
      if (t == 0 && final_) {
        // Padding: the rest of the final chunk must be zeros.
        for (size_t i = at_; i < plain_.size(); ++i)
          if (plain_[i] != '\0') return damaged("unexpected bytes after the last record");
        return false;
      }
      if (t < static_cast<unsigned char>(RecordType::Begin) || t > static_cast<unsigned char>(RecordType::Manifest))
        return damaged("unknown record type");
      std::uint32_t n = 0;
      for (int i = 0; i < 4; ++i) n |= std::uint32_t{static_cast<unsigned char>(plain_[at_ + 1 + i])} << (8 * i);
      if (n > kMaxRecord) return damaged("a record is too large");
      if (plain_.size() - at_ >= kRecordHead + n) {
        type = static_cast<RecordType>(t);
        payload.assign(plain_, at_ + kRecordHead, n);
        at_ += kRecordHead + n;
        return true;
      }
    } else if (final_) {
      for (size_t i = at_; i < plain_.size(); ++i)
        if (plain_[i] != '\0') return damaged("unexpected bytes after the last record");
      return false;
    }
    if (final_) return damaged("its last record is cut short");
    TRY(read_chunk());
  }
}

}  // namespace muster::backup
