// Request-body wrappers that check the payload against what the signature covered:
//   - AwsChunkedReader decodes Content-Encoding: aws-chunked bodies (STREAMING-* payload
//     hashes): each chunk's signature is checked when it ends, trailers are parsed (and their
//     signature checked for the signed -TRAILER form) and exposed through trailers();
//   - Sha256CheckingReader compares the body with a declared hex x-amz-content-sha256 at the end.
// Both deliver bytes as they arrive; a mismatch surfaces as an error from Read() no later than
// the read that would return end-of-body, so a handler that commits only after a clean end
// never stores a payload that fails verification.
//
// Thread safety: a reader belongs to the thread handling its request.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "common/crypto.h"
#include "http/request.h"

namespace sluice::http::sigv4 {

// What chunk signatures chain from.
struct ChunkSigning {
  std::string signing_key;
  std::string amz_date;
  std::string scope;
  std::string seed_signature;
};

class AwsChunkedReader final : public BodyReader {
 public:
  // `signing` is absent for STREAMING-UNSIGNED-PAYLOAD-TRAILER. `decoded_length` is
  // x-amz-decoded-content-length when the client sent it.
  AwsChunkedReader(BodyReader* inner, std::optional<ChunkSigning> signing, std::optional<uint64_t> decoded_length);
  Result<size_t> Read(char* buffer, size_t size) override;
  const Headers* trailers() const override { return &trailers_; }

 private:
  enum class State { kChunkHeader, kChunkData, kChunkEnd, kTrailers, kDone };
  Status Fill();
  Result<std::string> ReadLine();
  Status ParseChunkHeader(const std::string& line);
  Status FinishChunk();
  Status ReadTrailers();

  BodyReader* inner_;
  std::optional<ChunkSigning> signing_;
  std::optional<uint64_t> decoded_length_;
  State state_ = State::kChunkHeader;
  std::string buffer_;
  size_t buffer_pos_ = 0;
  bool inner_done_ = false;
  uint64_t chunk_left_ = 0;
  uint64_t chunk_size_ = 0;
  std::string chunk_signature_;
  std::string previous_signature_;
  std::optional<Hasher> chunk_hash_;
  uint64_t total_ = 0;
  Headers trailers_;
};

class Sha256CheckingReader final : public BodyReader {
 public:
  Sha256CheckingReader(BodyReader* inner, std::string expected_hex)
      : inner_(inner), expected_hex_(std::move(expected_hex)), hasher_(HashAlgorithm::kSha256) {}
  Result<size_t> Read(char* buffer, size_t size) override;
  const Headers* trailers() const override { return inner_->trailers(); }

 private:
  BodyReader* inner_;
  std::string expected_hex_;
  Hasher hasher_;
  bool done_ = false;
};

// True for a 64-character lowercase or uppercase hex string.
bool IsSha256Hex(std::string_view text);

}  // namespace sluice::http::sigv4
