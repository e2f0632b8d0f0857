// Parquet's encodings, layer by layer: bit packing at every width, the RLE/bit-packed hybrid
// (runs, literal groups, truncated last runs, batch boundaries), DELTA_BINARY_PACKED (wrapping
// arithmetic, skipping to the end), DELTA_LENGTH_BYTE_ARRAY, DELTA_BYTE_ARRAY,
// BYTE_STREAM_SPLIT, PLAIN booleans and byte arrays, and dictionary indices.
#include "formats/parquet/value_decoder.h"

#include <gtest/gtest.h>

#include <limits>
#include <random>

#include "formats/parquet/bit_unpack.h"
#include "formats/parquet/delta_binary_packed.h"
#include "formats/parquet/rle_decoder.h"
#include "formats/parquet/rle_encoder.h"

namespace sluice::formats::parquet {
namespace {

const uint8_t* Bytes(const std::string& s) { return reinterpret_cast<const uint8_t*>(s.data()); }

TEST(ParquetBitPacking, RoundTripsEveryWidthFromAnyOffset) {
  std::mt19937_64 rng(1);
  for (int width = 0; width <= 64; ++width) {
    std::vector<uint64_t> values(203);
    for (auto& v : values) v = width == 0 ? 0 : (width == 64 ? rng() : rng() & ((uint64_t{1} << width) - 1));
    std::vector<uint8_t> packed((values.size() * static_cast<size_t>(width) + 7) / 8, 0);
    PackBits(values.data(), values.size(), width, packed.data());
    for (size_t first : {size_t{0}, size_t{3}, size_t{8}, size_t{101}}) {
      std::vector<uint64_t> out(values.size() - first);
      UnpackBits<uint64_t>(packed.data(), packed.size(), width, first, out.size(), out.data());
      for (size_t i = 0; i < out.size(); ++i) ASSERT_EQ(out[i], values[first + i]) << "width " << width;
    }
    if (width <= 32) {
      std::vector<uint32_t> out(values.size());
      UnpackBits<uint32_t>(packed.data(), packed.size(), width, 0, out.size(), out.data());
      for (size_t i = 0; i < out.size(); ++i) ASSERT_EQ(out[i], values[i]) << "width " << width;
    }
  }
}

TEST(ParquetRle, EncodesRunsAndLiteralsAndDecodesInAnyBatches) {
  std::mt19937 rng(2);
  for (int width : {1, 2, 3, 7, 8, 12, 16, 20, 32}) {
    std::vector<uint32_t> values;
    uint32_t mask = width == 32 ? ~0u : (1u << width) - 1;
    while (values.size() < 5000) {
      if (rng() % 3 == 0) values.insert(values.end(), rng() % 100 + 1, rng() & mask);  // a run
      else values.push_back(rng() & mask);
    }
    std::string encoded;
    EncodeRle(values.data(), values.size(), width, &encoded);
    RleDecoder decoder(Bytes(encoded), encoded.size(), width);
    std::vector<uint32_t> out;
    while (out.size() < values.size()) {
      size_t n = std::min<size_t>(rng() % 700 + 1, values.size() - out.size());
      size_t old = out.size();
      out.resize(old + n);
      ASSERT_EQ(decoder.GetBatch(out.data() + old, n), n);
    }
    EXPECT_EQ(out, values) << "width " << width;
    EXPECT_FALSE(decoder.error());
  }
}

TEST(ParquetRle, LongRunsAreCompact) {
  std::vector<uint16_t> ones(100000, 1);
  std::string encoded;
  EncodeRle(ones.data(), ones.size(), 1, &encoded);
  EXPECT_LE(encoded.size(), 5u);
}

TEST(ParquetRle, TruncatedLastRunYieldsWhatItHolds) {
  // A bit-packed header promising 2 groups (16 values) at width 8, with only 3 bytes present.
  std::string encoded = "\x05\x0a\x0b\x0c";
  RleDecoder decoder(Bytes(encoded), encoded.size(), 8);
  uint32_t out[16];
  EXPECT_EQ(decoder.GetBatch(out, 16), 3u);
  EXPECT_EQ(out[2], 0x0cu);
  // An RLE header whose value bytes are missing is an error.
  std::string broken = "\x08";
  RleDecoder bad(Bytes(broken), broken.size(), 16);
  EXPECT_EQ(bad.GetBatch(out, 1), 0u);
  EXPECT_TRUE(bad.error());
}

TEST(ParquetDeltaBinaryPacked, RoundTripsWithWrappingAndSkips) {
  std::mt19937_64 rng(3);
  std::vector<int64_t> values;
  for (int i = 0; i < 1000; ++i) {
    switch (rng() % 4) {
      case 0: values.push_back(static_cast<int64_t>(rng())); break;
      case 1: values.push_back(i % 2 ? std::numeric_limits<int64_t>::max() : std::numeric_limits<int64_t>::min()); break;
      default: values.push_back(static_cast<int64_t>(i) * 3); break;
    }
  }
  for (size_t count : {size_t{0}, size_t{1}, size_t{2}, size_t{129}, values.size()}) {
    std::string encoded;
    EncodeDeltaBinaryPacked(values.data(), count, &encoded);
    encoded += "tail";
    DeltaBinaryPackedReader reader;
    ASSERT_TRUE(reader.Init(Bytes(encoded), encoded.size()).ok());
    EXPECT_EQ(reader.total_values(), count);
    DeltaBinaryPackedReader skipper = reader;
    auto end = skipper.SkipToEnd();
    ASSERT_TRUE(end.ok()) << end.status().ToString();
    EXPECT_EQ(encoded.substr(*end), "tail");
    std::vector<int64_t> out(count);
    size_t done = 0;
    while (done < count) {
      size_t n = std::min<size_t>(37, count - done);
      ASSERT_TRUE(reader.Next(out.data() + done, n).ok());
      done += n;
    }
    EXPECT_TRUE(std::equal(out.begin(), out.end(), values.begin()));
    int64_t extra;
    EXPECT_FALSE(reader.Next(&extra, 1).ok());
  }
}

TEST(ParquetDeltaBinaryPacked, RejectsMalformedHeaders) {
  DeltaBinaryPackedReader reader;
  std::string bad_block = "\x07\x01\x01\x00";  // block of 7 values
  EXPECT_FALSE(reader.Init(Bytes(bad_block), bad_block.size()).ok());
  std::string bad_miniblocks = std::string("\x80\x01\x03\x01\x00", 5);  // 128 values in 3 miniblocks
  EXPECT_FALSE(reader.Init(Bytes(bad_miniblocks), bad_miniblocks.size()).ok());
  std::string truncated = "\x80";
  EXPECT_FALSE(reader.Init(Bytes(truncated), truncated.size()).ok());
}

TEST(ParquetDecoders, DeltaBinaryPackedInt32Wraps) {
  std::vector<int64_t> values{INT32_MAX, INT32_MIN, 0, -1, INT32_MAX};
  std::string encoded;
  EncodeDeltaBinaryPacked(values.data(), values.size(), &encoded);
  auto decoder = MakeValueDecoder(Encoding::kDeltaBinaryPacked, PhysicalType::kInt32, 0, Bytes(encoded), encoded.size());
  ASSERT_TRUE(decoder.ok());
  int32_t out[5];
  ASSERT_TRUE((*decoder)->DecodeFixed(5, reinterpret_cast<uint8_t*>(out)).ok());
  for (int i = 0; i < 5; ++i) EXPECT_EQ(out[i], values[static_cast<size_t>(i)]);
}

TEST(ParquetDecoders, DeltaLengthByteArray) {
  std::vector<std::string> strings{"", "a", "héllo", std::string(300, 'z'), "end"};
  std::vector<int64_t> lengths;
  std::string bytes;
  for (const auto& s : strings) {
    lengths.push_back(static_cast<int64_t>(s.size()));
    bytes += s;
  }
  std::string encoded;
  EncodeDeltaBinaryPacked(lengths.data(), lengths.size(), &encoded);
  encoded += bytes;
  auto decoder = MakeValueDecoder(Encoding::kDeltaLengthByteArray, PhysicalType::kByteArray, 0, Bytes(encoded),
                                  encoded.size());
  ASSERT_TRUE(decoder.ok());
  ByteArrayOutput out;
  ASSERT_TRUE((*decoder)->DecodeByteArrays(2, out).ok());
  ASSERT_TRUE((*decoder)->DecodeByteArrays(3, out).ok());
  ASSERT_EQ(out.count(), 5);
  for (size_t i = 0; i < strings.size(); ++i) {
    EXPECT_EQ(std::string(reinterpret_cast<const char*>(out.data()) + out.offsets()[i],
                          static_cast<size_t>(out.offsets()[i + 1] - out.offsets()[i])),
              strings[i]);
  }
  EXPECT_FALSE((*decoder)->DecodeByteArrays(1, out).ok());
}

TEST(ParquetDecoders, DeltaByteArrayRejectsPrefixesLongerThanThePreviousValue) {
  std::vector<int64_t> prefixes{0, 9}, suffixes{2, 0};
  std::string encoded;
  EncodeDeltaBinaryPacked(prefixes.data(), prefixes.size(), &encoded);
  EncodeDeltaBinaryPacked(suffixes.data(), suffixes.size(), &encoded);
  encoded += "ab";
  auto decoder = MakeValueDecoder(Encoding::kDeltaByteArray, PhysicalType::kByteArray, 0, Bytes(encoded), encoded.size());
  ASSERT_TRUE(decoder.ok());
  ByteArrayOutput out;
  Status status = (*decoder)->DecodeByteArrays(2, out);
  EXPECT_EQ(status.code(), StatusCode::kDataLoss);
}

TEST(ParquetDecoders, DeltaByteArrayOfFixedWidth) {
  std::vector<int64_t> prefixes{0, 3, 2}, suffixes{4, 1, 2};
  std::string encoded;
  EncodeDeltaBinaryPacked(prefixes.data(), prefixes.size(), &encoded);
  EncodeDeltaBinaryPacked(suffixes.data(), suffixes.size(), &encoded);
  encoded += "abcdXyz";
  auto decoder = MakeValueDecoder(Encoding::kDeltaByteArray, PhysicalType::kFixedLenByteArray, 4, Bytes(encoded),
                                  encoded.size());
  ASSERT_TRUE(decoder.ok());
  char out[12];
  ASSERT_TRUE((*decoder)->DecodeFixed(3, reinterpret_cast<uint8_t*>(out)).ok());
  EXPECT_EQ(std::string(out, 12), "abcdabcXabyz");
}

TEST(ParquetDecoders, ByteStreamSplit) {
  std::vector<float> values{1.5f, -2.25f, 1e30f};
  std::string encoded(12, '\0');
  for (size_t i = 0; i < 3; ++i) {
    uint8_t bytes[4];
    std::memcpy(bytes, &values[i], 4);
    for (size_t k = 0; k < 4; ++k) encoded[k * 3 + i] = static_cast<char>(bytes[k]);
  }
  auto decoder = MakeValueDecoder(Encoding::kByteStreamSplit, PhysicalType::kFloat, 0, Bytes(encoded), encoded.size());
  ASSERT_TRUE(decoder.ok());
  float out[3];
  ASSERT_TRUE((*decoder)->DecodeFixed(1, reinterpret_cast<uint8_t*>(out)).ok());
  ASSERT_TRUE((*decoder)->DecodeFixed(2, reinterpret_cast<uint8_t*>(out + 1)).ok());
  EXPECT_EQ(std::vector<float>(out, out + 3), values);
  EXPECT_FALSE((*decoder)->DecodeFixed(1, reinterpret_cast<uint8_t*>(out)).ok());
  // A size that is not a multiple of the width is refused.
  EXPECT_FALSE(MakeValueDecoder(Encoding::kByteStreamSplit, PhysicalType::kDouble, 0, Bytes(encoded), 12).ok());
}

TEST(ParquetDecoders, PlainBooleansAndByteArrays) {
  std::string bits = "\x0d\x01";  // 1,0,1,1,0,0,0,0, 1
  auto decoder = MakeValueDecoder(Encoding::kPlain, PhysicalType::kBoolean, 0, Bytes(bits), bits.size());
  uint8_t out[9];
  ASSERT_TRUE((*decoder)->DecodeBooleans(3, out).ok());
  ASSERT_TRUE((*decoder)->DecodeBooleans(6, out + 3).ok());
  EXPECT_EQ(std::vector<uint8_t>(out, out + 9), (std::vector<uint8_t>{1, 0, 1, 1, 0, 0, 0, 0, 1}));

  std::string arrays = std::string("\x02\x00\x00\x00hi\x05\x00\x00\x00", 10) + "abc";  // the second lies
  auto strings = MakeValueDecoder(Encoding::kPlain, PhysicalType::kByteArray, 0, Bytes(arrays), arrays.size());
  ByteArrayOutput values;
  ASSERT_TRUE((*strings)->DecodeByteArrays(1, values).ok());
  EXPECT_EQ((*strings)->DecodeByteArrays(1, values).code(), StatusCode::kDataLoss);
}

TEST(ParquetDecoders, DictionaryIndicesAndRleBooleans) {
  std::vector<uint32_t> indices{0, 1, 2, 3, 3, 3, 3, 3, 3, 3, 3, 3, 1};
  std::string encoded("\x02", 1);
  EncodeRle(indices.data(), indices.size(), 2, &encoded);
  auto decoder = MakeValueDecoder(Encoding::kRleDictionary, PhysicalType::kInt64, 0, Bytes(encoded), encoded.size());
  ASSERT_TRUE(decoder.ok());
  std::vector<uint32_t> out(indices.size());
  ASSERT_TRUE((*decoder)->DecodeIndices(out.size(), out.data()).ok());
  EXPECT_EQ(out, indices);
  // The last literal group is padded to 8 values (3 here); past the padding the data ends.
  EXPECT_FALSE((*decoder)->DecodeIndices(4, out.data()).ok());
  std::string too_wide("\x21", 1);
  EXPECT_FALSE(MakeValueDecoder(Encoding::kRleDictionary, PhysicalType::kInt64, 0, Bytes(too_wide), 1).ok());

  std::vector<uint16_t> flags{1, 1, 0, 1};
  std::string rle;
  EncodeRle(flags.data(), flags.size(), 1, &rle);
  auto length = static_cast<uint32_t>(rle.size());
  std::string booleans = std::string(reinterpret_cast<const char*>(&length), 4) + rle;
  auto bools = MakeValueDecoder(Encoding::kRle, PhysicalType::kBoolean, 0, Bytes(booleans), booleans.size());
  ASSERT_TRUE(bools.ok());
  uint8_t values[4];
  ASSERT_TRUE((*bools)->DecodeBooleans(4, values).ok());
  EXPECT_EQ(std::vector<uint8_t>(values, values + 4), (std::vector<uint8_t>{1, 1, 0, 1}));
}

TEST(ParquetDecoders, EncodingsThatCannotHoldTheTypeAreRefused) {
  std::string bytes(8, '\0');
  EXPECT_EQ(MakeValueDecoder(Encoding::kDeltaBinaryPacked, PhysicalType::kDouble, 0, Bytes(bytes), 8).status().code(),
            StatusCode::kDataLoss);
  EXPECT_EQ(MakeValueDecoder(Encoding::kRle, PhysicalType::kInt32, 0, Bytes(bytes), 8).status().code(),
            StatusCode::kDataLoss);
  EXPECT_FALSE(MakeValueDecoder(static_cast<Encoding>(42), PhysicalType::kInt32, 0, Bytes(bytes), 8).ok());
}

}  // namespace
}  // namespace sluice::formats::parquet
