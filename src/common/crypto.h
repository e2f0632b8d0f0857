// Hashes and MACs through OpenSSL: SHA-256, SHA-1, MD5 (one-shot and incremental) and
// HMAC-SHA256, as SigV4, ETags and S3 checksums need them.
//
// Thread safety: the one-shot functions are pure; a Hasher object is used by one thread at a time.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace sluice {

enum class HashAlgorithm { kMd5, kSha1, kSha256 };

// Incremental hash. Update() any number of times, then Finish() once.
class Hasher {
 public:
  explicit Hasher(HashAlgorithm algorithm);
  ~Hasher();
  Hasher(Hasher&&) noexcept;
  Hasher& operator=(Hasher&&) noexcept;
  Hasher(const Hasher&) = delete;
  Hasher& operator=(const Hasher&) = delete;

  void Update(std::string_view bytes);
  void Update(const void* data, size_t size);
  // Raw digest bytes. REQUIRES: called once.
  std::string Finish();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Raw digests.
std::string Sha256(std::string_view bytes);
std::string Sha1(std::string_view bytes);
std::string Md5(std::string_view bytes);
// Lowercase hex of SHA-256.
std::string Sha256Hex(std::string_view bytes);
// Raw HMAC-SHA256 of `data` under `key`.
std::string HmacSha256(std::string_view key, std::string_view data);
// Raw HMAC-SHA1 of `data` under `key` (S3's Signature Version 2 presigned URLs).
std::string HmacSha1(std::string_view key, std::string_view data);

// Constant-time comparison (for signatures).
bool ConstantTimeEquals(std::string_view a, std::string_view b);

// Cryptographically random bytes.
std::string RandomBytes(size_t count);

}  // namespace sluice
