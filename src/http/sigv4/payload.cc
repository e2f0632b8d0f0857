// Payload-checking body readers: see payload.h.
#include "http/sigv4/payload.h"

#include <cstring>

#include <fmt/format.h>

#include "common/encoding.h"
#include "http/sigv4/signing.h"

namespace sluice::http::sigv4 {

namespace {
constexpr size_t kBufferSize = 64 * 1024;
constexpr size_t kMaxLine = 8 * 1024;
constexpr uint64_t kMaxChunk = uint64_t{1} << 32;

// S3 answers broken aws-chunked framing with IncompleteBody and a broken trailer section with
// MalformedTrailerError.
Status Framing(std::string message) { return AwsError("IncompleteBody", 400, "Malformed aws-chunked body: " + message); }
Status MalformedTrailer(std::string message) {
  return AwsError("MalformedTrailerError", 400,
                  "The request contained trailing data that was not well-formed or did not conform to our published "
                  "schema: " + message);
}
Status BadChunkSignature() {
  return AwsError("SignatureDoesNotMatch", 403,
                  "The request signature we calculated does not match the signature you provided. Check your key and "
                  "signing method.");
}
}  // namespace

bool IsSha256Hex(std::string_view text) {
  if (text.size() != 64) return false;
  for (char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) return false;
  }
  return true;
}

AwsChunkedReader::AwsChunkedReader(BodyReader* inner, std::optional<ChunkSigning> signing,
                                   std::optional<uint64_t> decoded_length)
    : inner_(inner), signing_(std::move(signing)), decoded_length_(decoded_length) {
  if (signing_) previous_signature_ = signing_->seed_signature;
}

Status AwsChunkedReader::Fill() {
  if (inner_done_) return Status::Ok();
  if (buffer_pos_ > 0) {
    buffer_.erase(0, buffer_pos_);
    buffer_pos_ = 0;
  }
  size_t old = buffer_.size();
  buffer_.resize(old + kBufferSize);
  auto n = inner_->Read(buffer_.data() + old, kBufferSize);
  if (!n.ok()) {
    buffer_.resize(old);
    return n.status();
  }
  buffer_.resize(old + *n);
  if (*n == 0) inner_done_ = true;
  return Status::Ok();
}

Result<std::string> AwsChunkedReader::ReadLine() {
  for (;;) {
    size_t end = buffer_.find("\r\n", buffer_pos_);
    if (end != std::string::npos) {
      std::string line = buffer_.substr(buffer_pos_, end - buffer_pos_);
      buffer_pos_ = end + 2;
      return line;
    }
    if (buffer_.size() - buffer_pos_ > kMaxLine) return Framing("line too long");
    if (inner_done_) {
      if (buffer_pos_ == buffer_.size()) return AwsError("IncompleteBody", 400, "The request body ended before the final chunk");
      return Framing("unterminated line");
    }
    RETURN_IF_ERROR(Fill());
  }
}

Status AwsChunkedReader::ParseChunkHeader(const std::string& line) {
  std::string_view text = line;
  size_t semicolon = text.find(';');
  std::string_view size_text = text.substr(0, semicolon);
  if (size_text.empty() || size_text.size() > 16) return Framing("bad chunk size");
  uint64_t size = 0;
  for (char c : size_text) {
    int digit = (c >= '0' && c <= '9') ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10 : (c >= 'A' && c <= 'F') ? c - 'A' + 10 : -1;
    if (digit < 0) return Framing("bad chunk size");
    size = size * 16 + static_cast<uint64_t>(digit);
  }
  if (size > kMaxChunk) return Framing("chunk too large");
  chunk_signature_.clear();
  if (semicolon != std::string_view::npos) {
    std::string_view extension = text.substr(semicolon + 1);
    constexpr std::string_view kSignature = "chunk-signature=";
    if (extension.starts_with(kSignature)) chunk_signature_ = AsciiLower(extension.substr(kSignature.size()));
  }
  if (signing_ && chunk_signature_.empty()) return Framing("chunk without chunk-signature");
  chunk_size_ = size;
  chunk_left_ = size;
  if (signing_) chunk_hash_.emplace(HashAlgorithm::kSha256);
  return Status::Ok();
}

Status AwsChunkedReader::FinishChunk() {
  if (signing_) {
    std::string hash = HexEncode(chunk_hash_->Finish());
    chunk_hash_.reset();
    std::string expected = Signature(
        signing_->signing_key, ChunkStringToSign(signing_->amz_date, signing_->scope, previous_signature_, hash));
    if (!ConstantTimeEquals(expected, chunk_signature_)) return BadChunkSignature();
    previous_signature_ = expected;
  }
  return Status::Ok();
}

Status AwsChunkedReader::ReadTrailers() {
  std::string canonical;
  std::string trailer_signature;
  for (;;) {
    if (inner_done_ && buffer_pos_ == buffer_.size()) break;  // tolerate a body that ends after the last chunk
    ASSIGN_OR_RETURN(std::string line, ReadLine());
    if (line.empty()) break;
    size_t colon = line.find(':');
    if (colon == std::string::npos) return MalformedTrailer("bad trailer line");
    std::string name = AsciiLower(TrimSpaces(std::string_view(line).substr(0, colon)));
    std::string value(TrimSpaces(std::string_view(line).substr(colon + 1)));
    if (name == "x-amz-trailer-signature") {
      trailer_signature = AsciiLower(value);
      continue;
    }
    canonical += name + ":" + value + "\n";
    trailers_.Add(name, value);
  }
  if (signing_ && !canonical.empty()) {
    if (trailer_signature.empty()) return MalformedTrailer("trailer without x-amz-trailer-signature");
    std::string expected = Signature(signing_->signing_key, TrailerStringToSign(signing_->amz_date, signing_->scope,
                                                                                previous_signature_, Sha256Hex(canonical)));
    if (!ConstantTimeEquals(expected, trailer_signature)) return BadChunkSignature();
  }
  return Status::Ok();
}

Result<size_t> AwsChunkedReader::Read(char* out, size_t size) {
  while (state_ != State::kDone) {
    switch (state_) {
      case State::kChunkHeader: {
        ASSIGN_OR_RETURN(std::string line, ReadLine());
        RETURN_IF_ERROR(ParseChunkHeader(line));
        if (chunk_size_ == 0) {
          RETURN_IF_ERROR(FinishChunk());
          state_ = State::kTrailers;
        } else {
          state_ = State::kChunkData;
        }
        break;
      }
      case State::kChunkData: {
        if (chunk_left_ == 0) {
          state_ = State::kChunkEnd;
          break;
        }
        if (size == 0) return size_t{0};
        size_t want = static_cast<size_t>(std::min<uint64_t>(chunk_left_, size));
        size_t got = 0;
        if (buffer_pos_ < buffer_.size()) {
          got = std::min(want, buffer_.size() - buffer_pos_);
          std::memcpy(out, buffer_.data() + buffer_pos_, got);
          buffer_pos_ += got;
        } else {
          if (inner_done_) return AwsError("IncompleteBody", 400, "The request body ended inside a chunk");
          ASSIGN_OR_RETURN(got, inner_->Read(out, want));  // large chunks bypass the buffer
          if (got == 0) {
            inner_done_ = true;
            return AwsError("IncompleteBody", 400, "The request body ended inside a chunk");
          }
        }
        if (chunk_hash_) chunk_hash_->Update(out, got);
        chunk_left_ -= got;
        total_ += got;
        if (chunk_left_ == 0) {
          // Verify before handing over the last bytes of the chunk.
          RETURN_IF_ERROR(FinishChunk());
          state_ = State::kChunkEnd;
        }
        return got;
      }
      case State::kChunkEnd: {
        ASSIGN_OR_RETURN(std::string line, ReadLine());
        if (!line.empty()) return Framing("chunk data longer than its declared size");
        state_ = State::kChunkHeader;
        break;
      }
      case State::kTrailers: {
        RETURN_IF_ERROR(ReadTrailers());
        if (decoded_length_ && *decoded_length_ != total_) {
          return AwsError("IncompleteBody", 400,
                          fmt::format("You did not provide the number of bytes specified by the "
                                      "x-amz-decoded-content-length header ({} declared, {} sent)",
                                      *decoded_length_, total_));
        }
        state_ = State::kDone;
        break;
      }
      case State::kDone: break;
    }
  }
  return size_t{0};
}

Result<size_t> Sha256CheckingReader::Read(char* buffer, size_t size) {
  if (done_) return size_t{0};
  ASSIGN_OR_RETURN(size_t n, inner_->Read(buffer, size));
  if (n > 0) {
    hasher_.Update(buffer, n);
    return n;
  }
  done_ = true;
  std::string computed = HexEncode(hasher_.Finish());
  if (computed != AsciiLower(expected_hex_)) {
    return AwsError("XAmzContentSHA256Mismatch", 400,
                    "The provided 'x-amz-content-sha256' header does not match what was computed.")
        .WithDetail("ClientComputedContentSHA256", expected_hex_)
        .WithDetail("S3ComputedContentSHA256", computed);
  }
  return size_t{0};
}

}  // namespace sluice::http::sigv4
