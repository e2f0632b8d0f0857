// S3 checksums: see checksum.h.
#include "storage/checksum.h"

#include <libdeflate.h>

#include <array>
#include <cstring>

#include "common/encoding.h"

namespace sluice::storage {

namespace {

// A reflected CRC of width 32 or 64 with all-ones initial and final values, computed with
// slicing-by-8 tables built at compile time.
template <typename T, T kReflectedPolynomial>
class ReflectedCrc {
 public:
  static T Update(T crc, const void* data, size_t size) {
    const auto* p = static_cast<const uint8_t*>(data);
    crc = static_cast<T>(~crc);
    while (size >= 8) {
      uint64_t word;
      std::memcpy(&word, p, 8);  // little-endian hosts (x86-64, aarch64)
      uint64_t x = word ^ static_cast<uint64_t>(crc);
      crc = static_cast<T>(kTables[7][x & 0xff] ^ kTables[6][(x >> 8) & 0xff] ^ kTables[5][(x >> 16) & 0xff] ^
                           kTables[4][(x >> 24) & 0xff] ^ kTables[3][(x >> 32) & 0xff] ^
                           kTables[2][(x >> 40) & 0xff] ^ kTables[1][(x >> 48) & 0xff] ^ kTables[0][x >> 56]);
      p += 8;
      size -= 8;
    }
    while (size-- > 0) crc = static_cast<T>(kTables[0][(crc ^ *p++) & 0xff] ^ (crc >> 8));
    return static_cast<T>(~crc);
  }

  // crc(A‖B) = crc(A)·x^(8·|B|) mod P  ⊕  crc(B): the all-ones conditioning cancels out.
  static T Combine(T crc_a, T crc_b, uint64_t length_b) {
    if (length_b == 0) return crc_a;
    return static_cast<T>(MultiplyModP(PowerOfXTimes8(length_b), crc_a) ^ crc_b);
  }

 private:
  static constexpr int kWidth = sizeof(T) * 8;
  static constexpr T kTopBit = static_cast<T>(T{1} << (kWidth - 1));  // x^0 in reflected order

  static constexpr std::array<std::array<T, 256>, 8> MakeTables() {
    std::array<std::array<T, 256>, 8> tables{};
    for (unsigned i = 0; i < 256; ++i) {
      T crc = static_cast<T>(i);
      for (int bit = 0; bit < 8; ++bit) crc = (crc & 1) ? static_cast<T>((crc >> 1) ^ kReflectedPolynomial) : static_cast<T>(crc >> 1);
      tables[0][i] = crc;
    }
    for (unsigned i = 0; i < 256; ++i) {
      for (int k = 1; k < 8; ++k) {
        T previous = tables[k - 1][i];
        tables[k][i] = static_cast<T>((previous >> 8) ^ tables[0][previous & 0xff]);
      }
    }
    return tables;
  }
  static constexpr std::array<std::array<T, 256>, 8> kTables = MakeTables();

  // a·b mod P for polynomials in reflected bit order.
  static constexpr T MultiplyModP(T a, T b) {
    T product = 0;
    for (T mask = kTopBit; mask != 0; mask >>= 1) {
      if (a & mask) product ^= b;
      b = (b & 1) ? static_cast<T>((b >> 1) ^ kReflectedPolynomial) : static_cast<T>(b >> 1);
    }
    return product;
  }

  // x^(2^k) mod P for k in [0, 64).
  static constexpr std::array<T, 64> MakePowers() {
    std::array<T, 64> powers{};
    powers[0] = static_cast<T>(T{1} << (kWidth - 2));  // x^1
    for (int k = 1; k < 64; ++k) powers[k] = MultiplyModP(powers[k - 1], powers[k - 1]);
    return powers;
  }
  static constexpr std::array<T, 64> kPowers = MakePowers();

  // x^(8n) mod P.
  static T PowerOfXTimes8(uint64_t n) {
    T result = kTopBit;  // x^0
    int k = 3;           // 8n = n·2^3
    while (n != 0 && k < 64) {
      if (n & 1) result = MultiplyModP(kPowers[k], result);
      n >>= 1;
      ++k;
    }
    return result;
  }
};

using Crc32Impl = ReflectedCrc<uint32_t, 0xEDB88320u>;
using Crc32cImpl = ReflectedCrc<uint32_t, 0x82F63B78u>;
using Crc64NvmeImpl = ReflectedCrc<uint64_t, 0x9A6C9329AC4BC9B5ull>;

std::string BigEndian(uint64_t value, size_t bytes) {
  std::string out(bytes, '\0');
  for (size_t i = 0; i < bytes; ++i) out[bytes - 1 - i] = static_cast<char>((value >> (8 * i)) & 0xff);
  return out;
}

uint64_t FromBigEndian(std::string_view bytes) {
  uint64_t value = 0;
  for (unsigned char c : bytes) value = (value << 8) | c;
  return value;
}

}  // namespace

std::string_view ChecksumAlgorithmName(ChecksumAlgorithm algorithm) {
  switch (algorithm) {
    case ChecksumAlgorithm::kNone: return "";
    case ChecksumAlgorithm::kCrc32: return "CRC32";
    case ChecksumAlgorithm::kCrc32c: return "CRC32C";
    case ChecksumAlgorithm::kCrc64Nvme: return "CRC64NVME";
    case ChecksumAlgorithm::kSha1: return "SHA1";
    case ChecksumAlgorithm::kSha256: return "SHA256";
  }
  return "";
}

std::optional<ChecksumAlgorithm> ParseChecksumAlgorithm(std::string_view name) {
  for (ChecksumAlgorithm algorithm : kAllChecksumAlgorithms) {
    if (EqualsIgnoreCase(name, ChecksumAlgorithmName(algorithm))) return algorithm;
  }
  return std::nullopt;
}

std::string_view ChecksumTypeName(ChecksumType type) {
  return type == ChecksumType::kComposite ? "COMPOSITE" : "FULL_OBJECT";
}

std::optional<ChecksumType> ParseChecksumType(std::string_view name) {
  if (name == "COMPOSITE") return ChecksumType::kComposite;
  if (name == "FULL_OBJECT") return ChecksumType::kFullObject;
  return std::nullopt;
}

size_t ChecksumSize(ChecksumAlgorithm algorithm) {
  switch (algorithm) {
    case ChecksumAlgorithm::kNone: return 0;
    case ChecksumAlgorithm::kCrc32:
    case ChecksumAlgorithm::kCrc32c: return 4;
    case ChecksumAlgorithm::kCrc64Nvme: return 8;
    case ChecksumAlgorithm::kSha1: return 20;
    case ChecksumAlgorithm::kSha256: return 32;
  }
  return 0;
}

bool IsCrc(ChecksumAlgorithm algorithm) {
  return algorithm == ChecksumAlgorithm::kCrc32 || algorithm == ChecksumAlgorithm::kCrc32c ||
         algorithm == ChecksumAlgorithm::kCrc64Nvme;
}

uint32_t Crc32(uint32_t crc, const void* data, size_t size) { return libdeflate_crc32(crc, data, size); }
uint32_t Crc32c(uint32_t crc, const void* data, size_t size) { return Crc32cImpl::Update(crc, data, size); }
uint64_t Crc64Nvme(uint64_t crc, const void* data, size_t size) { return Crc64NvmeImpl::Update(crc, data, size); }

uint32_t Crc32Combine(uint32_t crc_a, uint32_t crc_b, uint64_t length_b) {
  return Crc32Impl::Combine(crc_a, crc_b, length_b);
}
uint32_t Crc32cCombine(uint32_t crc_a, uint32_t crc_b, uint64_t length_b) {
  return Crc32cImpl::Combine(crc_a, crc_b, length_b);
}
uint64_t Crc64NvmeCombine(uint64_t crc_a, uint64_t crc_b, uint64_t length_b) {
  return Crc64NvmeImpl::Combine(crc_a, crc_b, length_b);
}

std::string CombineCrcValues(ChecksumAlgorithm algorithm, std::string_view value_a, std::string_view value_b,
                             uint64_t length_b) {
  uint64_t a = FromBigEndian(value_a);
  uint64_t b = FromBigEndian(value_b);
  switch (algorithm) {
    case ChecksumAlgorithm::kCrc32:
      return BigEndian(Crc32Combine(static_cast<uint32_t>(a), static_cast<uint32_t>(b), length_b), 4);
    case ChecksumAlgorithm::kCrc32c:
      return BigEndian(Crc32cCombine(static_cast<uint32_t>(a), static_cast<uint32_t>(b), length_b), 4);
    case ChecksumAlgorithm::kCrc64Nvme: return BigEndian(Crc64NvmeCombine(a, b, length_b), 8);
    default: return "";
  }
}

std::string ComputeChecksum(ChecksumAlgorithm algorithm, std::string_view bytes) {
  Digester digester(algorithm);
  digester.Update(bytes.data(), bytes.size());
  return digester.Finish().checksum(algorithm);
}

std::string CompositeChecksum(ChecksumAlgorithm algorithm, std::span<const std::string> part_values) {
  Digester digester(algorithm);
  for (const std::string& value : part_values) digester.Update(value.data(), value.size());
  return digester.Finish().checksum(algorithm);
}

Digester::Digester(ChecksumAlgorithm first, ChecksumAlgorithm second) : md5_(HashAlgorithm::kMd5) {
  Start(lanes_[0], first);
  if (second != first) Start(lanes_[1], second);
}

void Digester::Start(Lane& lane, ChecksumAlgorithm algorithm) {
  lane.algorithm = algorithm;
  if (algorithm == ChecksumAlgorithm::kSha1) lane.hasher.emplace(HashAlgorithm::kSha1);
  if (algorithm == ChecksumAlgorithm::kSha256) lane.hasher.emplace(HashAlgorithm::kSha256);
}

void Digester::Update(const void* data, size_t size) {
  md5_.Update(data, size);
  for (Lane& lane : lanes_) {
    switch (lane.algorithm) {
      case ChecksumAlgorithm::kNone: break;
      case ChecksumAlgorithm::kCrc32: lane.crc = Crc32(static_cast<uint32_t>(lane.crc), data, size); break;
      case ChecksumAlgorithm::kCrc32c: lane.crc = Crc32c(static_cast<uint32_t>(lane.crc), data, size); break;
      case ChecksumAlgorithm::kCrc64Nvme: lane.crc = Crc64Nvme(lane.crc, data, size); break;
      case ChecksumAlgorithm::kSha1:
      case ChecksumAlgorithm::kSha256: lane.hasher->Update(data, size); break;
    }
  }
}

Digests Digester::Finish() {
  Digests digests;
  digests.md5 = md5_.Finish();
  for (Lane& lane : lanes_) {
    std::string& out = digests.checksums[static_cast<size_t>(lane.algorithm)];
    if (lane.hasher) out = lane.hasher->Finish();
    else if (IsCrc(lane.algorithm)) out = BigEndian(lane.crc, ChecksumSize(lane.algorithm));
  }
  digests.checksums[0].clear();
  return digests;
}

}  // namespace sluice::storage
