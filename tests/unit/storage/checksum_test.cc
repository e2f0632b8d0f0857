// Tests for storage/checksum: CRC check values, slicing against a bit-at-a-time reference,
// CRC combination, composite checksums and the Digester.
#include "storage/checksum.h"

#include <random>
#include <string>

#include <gtest/gtest.h>

#include "common/crypto.h"
#include "common/encoding.h"

namespace sluice::storage {
namespace {

template <typename T>
T BitwiseReflectedCrc(T polynomial, std::string_view bytes) {
  T crc = static_cast<T>(~T{0});
  for (unsigned char c : bytes) {
    crc ^= c;
    for (int i = 0; i < 8; ++i) crc = (crc & 1) ? static_cast<T>((crc >> 1) ^ polynomial) : static_cast<T>(crc >> 1);
  }
  return static_cast<T>(~crc);
}

std::string RandomBytesOf(size_t size, uint32_t seed) {
  std::mt19937 random(seed);
  std::string out(size, '\0');
  for (char& c : out) c = static_cast<char>(random() & 0xff);
  return out;
}

TEST(Checksum, CheckValues) {
  const std::string check = "123456789";
  EXPECT_EQ(Crc32(0, check.data(), check.size()), 0xCBF43926u);
  EXPECT_EQ(Crc32c(0, check.data(), check.size()), 0xE3069283u);
  EXPECT_EQ(Crc64Nvme(0, check.data(), check.size()), 0xAE8B14860A799888ull);
  EXPECT_EQ(Crc32c(0, "", 0), 0u);
  EXPECT_EQ(Crc64Nvme(0, "", 0), 0u);
}

TEST(Checksum, SlicingMatchesBitwiseAtEveryLengthAndAlignment) {
  std::string data = RandomBytesOf(300, 7);
  for (size_t offset = 0; offset < 9; ++offset) {
    for (size_t length = 0; length + offset <= data.size(); length += 13) {
      std::string_view piece(data.data() + offset, length);
      EXPECT_EQ(Crc32c(0, piece.data(), piece.size()), BitwiseReflectedCrc<uint32_t>(0x82F63B78u, piece));
      EXPECT_EQ(Crc64Nvme(0, piece.data(), piece.size()),
                BitwiseReflectedCrc<uint64_t>(0x9A6C9329AC4BC9B5ull, piece));
      EXPECT_EQ(Crc32(0, piece.data(), piece.size()), BitwiseReflectedCrc<uint32_t>(0xEDB88320u, piece));
    }
  }
}

TEST(Checksum, IncrementalEqualsOneShot) {
  std::string data = RandomBytesOf(10000, 11);
  uint64_t crc = 0;
  uint32_t crc32c = 0;
  for (size_t pos = 0; pos < data.size(); pos += 777) {
    size_t n = std::min<size_t>(777, data.size() - pos);
    crc = Crc64Nvme(crc, data.data() + pos, n);
    crc32c = Crc32c(crc32c, data.data() + pos, n);
  }
  EXPECT_EQ(crc, Crc64Nvme(0, data.data(), data.size()));
  EXPECT_EQ(crc32c, Crc32c(0, data.data(), data.size()));
}

TEST(Checksum, CombineGivesTheCrcOfTheConcatenation) {
  std::string data = RandomBytesOf(5000, 3);
  for (size_t split : {size_t{0}, size_t{1}, size_t{7}, size_t{8}, size_t{1000}, size_t{4999}, size_t{5000}}) {
    std::string_view a(data.data(), split), b(data.data() + split, data.size() - split);
    EXPECT_EQ(Crc32Combine(Crc32(0, a.data(), a.size()), Crc32(0, b.data(), b.size()), b.size()),
              Crc32(0, data.data(), data.size()));
    EXPECT_EQ(Crc32cCombine(Crc32c(0, a.data(), a.size()), Crc32c(0, b.data(), b.size()), b.size()),
              Crc32c(0, data.data(), data.size()));
    EXPECT_EQ(Crc64NvmeCombine(Crc64Nvme(0, a.data(), a.size()), Crc64Nvme(0, b.data(), b.size()), b.size()),
              Crc64Nvme(0, data.data(), data.size()));
  }
  // Byte-string form, over three pieces.
  for (ChecksumAlgorithm algorithm : {ChecksumAlgorithm::kCrc32, ChecksumAlgorithm::kCrc32c, ChecksumAlgorithm::kCrc64Nvme}) {
    std::string value = ComputeChecksum(algorithm, data.substr(0, 100));
    value = CombineCrcValues(algorithm, value, ComputeChecksum(algorithm, data.substr(100, 2000)), 2000);
    value = CombineCrcValues(algorithm, value, ComputeChecksum(algorithm, data.substr(2100)), data.size() - 2100);
    EXPECT_EQ(value, ComputeChecksum(algorithm, data)) << ChecksumAlgorithmName(algorithm);
  }
}

TEST(Checksum, CombineOverLargeLengths) {
  // x^(8n) for n of several GiB must stay consistent: combining with an empty B is the identity,
  // and combining zero-filled pieces matches the CRC over their concatenation.
  std::string zeros(1 << 20, '\0');
  uint64_t piece = Crc64Nvme(0, zeros.data(), zeros.size());
  uint64_t whole = piece;
  for (int i = 1; i < 8; ++i) whole = Crc64NvmeCombine(whole, piece, zeros.size());
  uint64_t direct = 0;
  for (int i = 0; i < 8; ++i) direct = Crc64Nvme(direct, zeros.data(), zeros.size());
  EXPECT_EQ(whole, direct);
  EXPECT_EQ(Crc32cCombine(0x12345678u, 0, 0), 0x12345678u);
}

TEST(Checksum, NamesAndSizes) {
  EXPECT_EQ(ParseChecksumAlgorithm("crc64nvme"), ChecksumAlgorithm::kCrc64Nvme);
  EXPECT_EQ(ParseChecksumAlgorithm("SHA256"), ChecksumAlgorithm::kSha256);
  EXPECT_FALSE(ParseChecksumAlgorithm("MD5").has_value());
  EXPECT_EQ(ChecksumSize(ChecksumAlgorithm::kSha1), 20u);
  EXPECT_EQ(ChecksumTypeName(ChecksumType::kComposite), "COMPOSITE");
  EXPECT_EQ(ParseChecksumType("FULL_OBJECT"), ChecksumType::kFullObject);
}

TEST(Checksum, DigesterComputesMd5AndTwoChecksums) {
  std::string data = RandomBytesOf(100000, 5);
  Digester digester(ChecksumAlgorithm::kSha256, ChecksumAlgorithm::kCrc32);
  digester.Update(data.data(), 12345);
  digester.Update(data.data() + 12345, data.size() - 12345);
  Digests digests = digester.Finish();
  EXPECT_EQ(digests.md5, Md5(data));
  EXPECT_EQ(digests.checksum(ChecksumAlgorithm::kSha256), Sha256(data));
  EXPECT_EQ(digests.checksum(ChecksumAlgorithm::kCrc32), ComputeChecksum(ChecksumAlgorithm::kCrc32, data));
  EXPECT_TRUE(digests.checksum(ChecksumAlgorithm::kCrc32c).empty());
  EXPECT_TRUE(digests.checksum(ChecksumAlgorithm::kNone).empty());
}

TEST(Checksum, CompositeIsTheChecksumOfPartChecksums) {
  std::vector<std::string> parts = {ComputeChecksum(ChecksumAlgorithm::kSha1, "a"),
                                    ComputeChecksum(ChecksumAlgorithm::kSha1, "b")};
  EXPECT_EQ(CompositeChecksum(ChecksumAlgorithm::kSha1, parts), Sha1(parts[0] + parts[1]));
  // The value S3 documents for the CRC32 of "Hello World" ("ShexVg==").
  EXPECT_EQ(Base64Encode(ComputeChecksum(ChecksumAlgorithm::kCrc32, "Hello World")), "ShexVg==");
}

}  // namespace
}  // namespace sluice::storage
