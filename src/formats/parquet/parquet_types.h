// The enumerations of the Parquet format (parquet.thrift), with their on-disk values, and their
// names for messages. The file is specified at https://github.com/apache/parquet-format; what
// Sluice reads and writes is in docs/formats/parquet.md.
//
// Thread safety: constants and pure functions.
#pragma once

#include <cstdint>
#include <string_view>

namespace sluice::formats::parquet {

// Never renumber any of these: the values are on disk.
enum class PhysicalType : int32_t {
  kBoolean = 0,
  kInt32 = 1,
  kInt64 = 2,
  kInt96 = 3,
  kFloat = 4,
  kDouble = 5,
  kByteArray = 6,
  kFixedLenByteArray = 7,
};

enum class ConvertedType : int32_t {
  kNone = -1,  // not on disk: "absent"
  kUtf8 = 0,
  kMap = 1,
  kMapKeyValue = 2,
  kList = 3,
  kEnum = 4,
  kDecimal = 5,
  kDate = 6,
  kTimeMillis = 7,
  kTimeMicros = 8,
  kTimestampMillis = 9,
  kTimestampMicros = 10,
  kUint8 = 11,
  kUint16 = 12,
  kUint32 = 13,
  kUint64 = 14,
  kInt8 = 15,
  kInt16 = 16,
  kInt32 = 17,
  kInt64 = 18,
  kJson = 19,
  kBson = 20,
  kInterval = 21,
};

enum class Repetition : int32_t {
  kRequired = 0,
  kOptional = 1,
  kRepeated = 2,
};

enum class Encoding : int32_t {
  kPlain = 0,
  kPlainDictionary = 2,
  kRle = 3,
  kBitPacked = 4,
  kDeltaBinaryPacked = 5,
  kDeltaLengthByteArray = 6,
  kDeltaByteArray = 7,
  kRleDictionary = 8,
  kByteStreamSplit = 9,
};

enum class Codec : int32_t {
  kUncompressed = 0,
  kSnappy = 1,
  kGzip = 2,
  kLzo = 3,
  kBrotli = 4,
  kLz4 = 5,  // the deprecated Hadoop-framed LZ4
  kZstd = 6,
  kLz4Raw = 7,
};

enum class PageType : int32_t {
  kDataPage = 0,
  kIndexPage = 1,
  kDictionaryPage = 2,
  kDataPageV2 = 3,
};

// The union members of LogicalType (field ids of parquet.thrift's LogicalType union).
enum class LogicalKind : int16_t {
  kNone = 0,
  kString = 1,
  kMap = 2,
  kList = 3,
  kEnum = 4,
  kDecimal = 5,
  kDate = 6,
  kTime = 7,
  kTimestamp = 8,
  kInteger = 10,
  kUnknown = 11,  // the "always null" type
  kJson = 12,
  kBson = 13,
  kUuid = 14,
  kFloat16 = 15,
  kVariant = 16,
  kGeometry = 17,
  kGeography = 18,
  kOther = 99,  // not on disk: a member this reader does not know
};

enum class TimeUnit : int16_t { kMillis = 1, kMicros = 2, kNanos = 3 };

std::string_view PhysicalTypeName(PhysicalType type);
std::string_view EncodingName(Encoding encoding);
std::string_view CodecName(Codec codec);

// The 4 bytes that open and close every Parquet file.
inline constexpr std::string_view kMagic = "PAR1";
// The 4 bytes that close a file whose footer is encrypted (not supported).
inline constexpr std::string_view kEncryptedMagic = "PARE";

}  // namespace sluice::formats::parquet
