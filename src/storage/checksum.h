// S3 object checksums: the algorithms S3 supports for data integrity (CRC32, CRC32C,
// CRC64NVME, SHA-1, SHA-256), their names and sizes, the CRC functions (CRC32 through
// libdeflate; CRC32C and CRC64NVME table-driven, slicing-by-8), combination of the CRCs of
// adjacent byte ranges (the FULL_OBJECT checksum of a multipart upload from its parts), the
// COMPOSITE checksum-of-checksums, and a Digester that computes an object's MD5 (its ETag)
// together with one checksum in a single pass over the bytes.
//
// Checksum values are raw big-endian bytes here; the S3 API base64-encodes them.
//
// Thread safety: free functions are pure; a Digester belongs to one thread at a time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "common/crypto.h"

namespace sluice::storage {

// Persisted in storage.db: never renumber.
enum class ChecksumAlgorithm : uint8_t { kNone = 0, kCrc32 = 1, kCrc32c = 2, kCrc64Nvme = 3, kSha1 = 4, kSha256 = 5 };
// Persisted in storage.db: never renumber.
enum class ChecksumType : uint8_t { kFullObject = 0, kComposite = 1 };

inline constexpr ChecksumAlgorithm kAllChecksumAlgorithms[] = {ChecksumAlgorithm::kCrc32, ChecksumAlgorithm::kCrc32c,
                                                               ChecksumAlgorithm::kCrc64Nvme, ChecksumAlgorithm::kSha1,
                                                               ChecksumAlgorithm::kSha256};

// "CRC32", "CRC32C", "CRC64NVME", "SHA1", "SHA256" ("" for kNone).
std::string_view ChecksumAlgorithmName(ChecksumAlgorithm algorithm);
// Case-insensitive; nullopt for anything else.
std::optional<ChecksumAlgorithm> ParseChecksumAlgorithm(std::string_view name);
// "FULL_OBJECT" or "COMPOSITE", and back (case-sensitive, as S3 spells them).
std::string_view ChecksumTypeName(ChecksumType type);
std::optional<ChecksumType> ParseChecksumType(std::string_view name);
// The digest size in bytes (4, 4, 8, 20, 32; 0 for kNone).
size_t ChecksumSize(ChecksumAlgorithm algorithm);
// True for the CRCs, whose values of adjacent ranges combine into the value of the whole.
bool IsCrc(ChecksumAlgorithm algorithm);

// CRC of `size` bytes continuing from `crc` (0 to start), as S3 defines them: CRC-32/ISO-HDLC,
// CRC-32C (Castagnoli) and CRC-64/NVME, each reflected with all-ones initial and final values.
uint32_t Crc32(uint32_t crc, const void* data, size_t size);
uint32_t Crc32c(uint32_t crc, const void* data, size_t size);
uint64_t Crc64Nvme(uint64_t crc, const void* data, size_t size);

// The CRC of A‖B from crc(A), crc(B) and the length of B.
uint32_t Crc32Combine(uint32_t crc_a, uint32_t crc_b, uint64_t length_b);
uint32_t Crc32cCombine(uint32_t crc_a, uint32_t crc_b, uint64_t length_b);
uint64_t Crc64NvmeCombine(uint64_t crc_a, uint64_t crc_b, uint64_t length_b);

// Raw-byte form of CRC values (combine for any CRC algorithm). REQUIRES: IsCrc(algorithm) and
// values of ChecksumSize(algorithm) bytes.
std::string CombineCrcValues(ChecksumAlgorithm algorithm, std::string_view value_a, std::string_view value_b,
                             uint64_t length_b);

// The checksum of `bytes` in one call.
std::string ComputeChecksum(ChecksumAlgorithm algorithm, std::string_view bytes);

// The COMPOSITE checksum of a multipart object: the checksum of the concatenated raw part
// checksums (S3 appends "-<part count>" when it shows it).
std::string CompositeChecksum(ChecksumAlgorithm algorithm, std::span<const std::string> part_values);

// Raw digests of a byte stream: its MD5 and the checksums that were asked for.
struct Digests {
  std::string md5;
  std::string checksums[6];  // indexed by ChecksumAlgorithm; empty when not computed
  const std::string& checksum(ChecksumAlgorithm algorithm) const {
    return checksums[static_cast<size_t>(algorithm)];
  }
};

// Incremental MD5 plus up to two checksum algorithms in one pass (kNone entries and repeats
// are ignored).
class Digester {
 public:
  explicit Digester(ChecksumAlgorithm first = ChecksumAlgorithm::kNone,
                    ChecksumAlgorithm second = ChecksumAlgorithm::kNone);
  void Update(const void* data, size_t size);
  // REQUIRES: called once.
  Digests Finish();

 private:
  struct Lane {
    ChecksumAlgorithm algorithm = ChecksumAlgorithm::kNone;
    uint64_t crc = 0;
    std::optional<Hasher> hasher;  // SHA-1 / SHA-256
  };
  void Start(Lane& lane, ChecksumAlgorithm algorithm);

  Hasher md5_;
  Lane lanes_[2];
};

}  // namespace sluice::storage
