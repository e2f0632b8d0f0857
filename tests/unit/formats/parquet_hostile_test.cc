// Hostile and broken Parquet files: truncated, corrupted byte by byte, lengths and counts that
// lie, decompression bombs, invalid UTF-8, schemas nested without end, indices and levels out
// of range. Each gives a clear error naming the file (and where), never a crash, a hang or an
// unbounded allocation. The sanitizer build runs these under ASan and UBSan.
#include "formats/parquet/parquet_reader.h"

#include <gtest/gtest.h>

#include <random>

#include "formats/compression/block_codec.h"
#include "formats/parquet/parquet_writer.h"
#include "unit/formats/parquet_fixtures.h"
#include "unit/formats/parquet_raw_files.h"

namespace sluice::formats::parquet {
namespace {

using testing::BuildParquet;
using testing::DataPageV1;
using testing::Group;
using testing::Leaf;
using testing::Plain;
using testing::PlainStrings;
using testing::RawChunk;
using testing::RawRowGroup;
using testing::V1Levels;

constexpr auto kOptional = Repetition::kOptional;
constexpr auto kRequired = Repetition::kRequired;

std::string SmallFile(BlockCodec codec, bool v2) {
  testing::MixedGenerator generator(5);
  auto batch = generator.Batch(60, 0);
  auto stream = std::make_unique<StringOutputStream>("small.parquet");
  StringOutputStream* raw = stream.get();
  ParquetWriteOptions options;
  options.compression = codec;
  options.page_v2 = v2;
  options.row_group_rows = 25;
  options.data_page_bytes = 200;
  auto writer = OpenParquetWriter(std::move(stream), batch->schema(), options);
  EXPECT_TRUE((*writer)->Write(*batch).ok());
  EXPECT_TRUE((*writer)->Close().ok());
  return raw->contents();
}

// Reads everything; returns the status (OK or the first error).
Status ReadEverything(const std::string& bytes, ParquetReadOptions options = {}) {
  auto columns = testing::ReadAll(InputFileFromString(bytes, "hostile.parquet"), std::move(options));
  return columns.ok() ? Status::Ok() : columns.status();
}

void ExpectNamedError(const Status& status, StatusCode code, std::string_view words, int line = __builtin_LINE()) {
  SCOPED_TRACE(::testing::Message() << "called from line " << line);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.code(), code) << status.ToString();
  EXPECT_NE(status.message().find("hostile.parquet"), std::string::npos) << status.ToString();
  EXPECT_NE(status.message().find(words), std::string::npos) << status.ToString();
}

TEST(ParquetHostile, EveryTruncationIsRefused) {
  std::string file = SmallFile(BlockCodec::kSnappy, false);
  ASSERT_TRUE(ReadEverything(file).ok());
  for (size_t size = 0; size < file.size(); ++size) {
    Status status = ReadEverything(file.substr(0, size));
    ASSERT_FALSE(status.ok()) << size;
    EXPECT_NE(status.message().find("hostile.parquet"), std::string::npos) << status.ToString();
  }
}

TEST(ParquetHostile, CorruptedBytesNeverCrash) {
  // Random positions (the fuzz target covers far more); every footer byte is in range of them.
  std::mt19937 rng(9);
  for (auto [codec, v2] : {std::pair{BlockCodec::kNone, false}, std::pair{BlockCodec::kSnappy, true},
                           std::pair{BlockCodec::kZstd, false}}) {
    std::string file = SmallFile(codec, v2);
    int failures = 0;
    for (int attempt = 0; attempt < 600; ++attempt) {
      size_t i = rng() % file.size();
      std::string broken = file;
      switch (attempt % 3) {
        case 0: broken[i] = '\0'; break;
        case 1: broken[i] = '\xff'; break;
        default: broken[i] = static_cast<char>(broken[i] ^ (1 << (rng() % 8))); break;
      }
      Status status = ReadEverything(broken);
      if (!status.ok()) {
        ++failures;
        EXPECT_NE(status.message().find("hostile.parquet"), std::string::npos) << status.ToString();
      }
    }
    EXPECT_GT(failures, 0);
  }
}

TEST(ParquetHostile, FooterAndMagicProblems) {
  std::string file = SmallFile(BlockCodec::kNone, false);
  ExpectNamedError(ReadEverything("PAR1"), StatusCode::kDataLoss, "too short");
  ExpectNamedError(ReadEverything(std::string(100, 'x')), StatusCode::kDataLoss, "not a Parquet file");
  std::string lying = file;
  uint32_t huge = 0x7fffffff;
  std::memcpy(lying.data() + lying.size() - 8, &huge, 4);
  ExpectNamedError(ReadEverything(lying), StatusCode::kDataLoss, "truncated");
  std::string encrypted = file.substr(0, file.size() - 4) + "PARE";
  ExpectNamedError(ReadEverything(encrypted), StatusCode::kUnimplemented, "encrypted");
}

TEST(ParquetHostile, SchemasThatLie) {
  // Nested a thousand groups deep.
  std::vector<SchemaElement> deep{Group("schema", std::nullopt, 1)};
  for (int i = 0; i < 1000; ++i) deep.push_back(Group("g" + std::to_string(i), kOptional, 1));
  deep.push_back(Leaf("x", kOptional, PhysicalType::kInt32));
  ExpectNamedError(ReadEverything(BuildParquet(deep, {})), StatusCode::kDataLoss, "nested too deeply");
  // More children claimed than elements given.
  ExpectNamedError(ReadEverything(BuildParquet({Group("schema", std::nullopt, 3), Leaf("x", kOptional, PhysicalType::kInt32)}, {})),
                   StatusCode::kDataLoss, "schema ends");
  // A fixed-length column without a length, and a decimal without a precision.
  ExpectNamedError(ReadEverything(BuildParquet({Group("schema", std::nullopt, 1),
                                                Leaf("f", kOptional, PhysicalType::kFixedLenByteArray)}, {})),
                   StatusCode::kDataLoss, "no length");
  ExpectNamedError(ReadEverything(BuildParquet({Group("schema", std::nullopt, 1),
                                                Leaf("d", kOptional, PhysicalType::kInt32, ConvertedType::kDecimal)}, {})),
                   StatusCode::kDataLoss, "precision");
  // A row group listing a column chunk of another physical type.
  RawChunk wrong{PhysicalType::kInt64, {"x"}};
  wrong.pages.push_back(DataPageV1(1, Encoding::kPlain, Plain<int64_t>({1})));
  ExpectNamedError(ReadEverything(BuildParquet({Group("schema", std::nullopt, 1), Leaf("x", kRequired, PhysicalType::kInt32)},
                                               {RawRowGroup{1, {wrong}}})),
                   StatusCode::kDataLoss, "physical type");
}

std::string OneInt32Column(int64_t rows, Repetition repetition, std::vector<testing::RawPage> pages) {
  RawChunk chunk{PhysicalType::kInt32, {"x"}};
  chunk.pages = std::move(pages);
  return BuildParquet({Group("schema", std::nullopt, 1), Leaf("x", repetition, PhysicalType::kInt32)},
                      {RawRowGroup{rows, {chunk}}});
}

TEST(ParquetHostile, CountsAndLengthsThatLie) {
  // A page whose values end early.
  ExpectNamedError(ReadEverything(OneInt32Column(4, kRequired, {DataPageV1(4, Encoding::kPlain, Plain<int32_t>({1, 2}))})),
                   StatusCode::kDataLoss, "page at offset 4");
  // A row group claiming more rows than its chunk holds.
  ExpectNamedError(ReadEverything(OneInt32Column(9, kRequired, {DataPageV1(2, Encoding::kPlain, Plain<int32_t>({1, 2}))})),
                   StatusCode::kDataLoss, "7 rows short");
  // A page size running past the chunk.
  auto page = DataPageV1(2, Encoding::kPlain, Plain<int32_t>({1, 2}));
  page.header.compressed_page_size = page.header.uncompressed_page_size = 1 << 30;
  ExpectNamedError(ReadEverything(OneInt32Column(2, kRequired, {page})), StatusCode::kDataLoss, "runs past");
  // Levels whose length prefix lies, and levels above the maximum.
  std::string lying_levels = std::string("\xff\xff\x00\x00", 4) + Plain<int32_t>({1});
  ExpectNamedError(ReadEverything(OneInt32Column(1, kOptional, {DataPageV1(1, Encoding::kPlain, lying_levels)})),
                   StatusCode::kDataLoss, "run past");
  // An RLE run of two 3s where the maximum definition level is 1.
  std::string high_levels = std::string("\x02\x00\x00\x00\x04\x03", 6) + Plain<int32_t>({1});
  ExpectNamedError(ReadEverything(OneInt32Column(2, kOptional, {DataPageV1(2, Encoding::kPlain, high_levels)})),
                   StatusCode::kDataLoss, "exceeds");
  // A dictionary that claims more values than its bytes hold, and indices past its end.
  auto dictionary = testing::DictionaryPage(1000000, Plain<int32_t>({7, 8}));
  std::string indices("\x02", 1);
  std::vector<uint32_t> ids{0, 3};
  EncodeRle(ids.data(), ids.size(), 2, &indices);
  ExpectNamedError(ReadEverything(OneInt32Column(2, kRequired, {dictionary, DataPageV1(2, Encoding::kRleDictionary, indices)})),
                   StatusCode::kDataLoss, "dictionary claims");
  ExpectNamedError(ReadEverything(OneInt32Column(2, kRequired, {testing::DictionaryPage(2, Plain<int32_t>({7, 8})),
                                                                DataPageV1(2, Encoding::kRleDictionary, indices)})),
                   StatusCode::kDataLoss, "past the dictionary");
  // Dictionary-encoded data without a dictionary page.
  ExpectNamedError(ReadEverything(OneInt32Column(2, kRequired, {DataPageV1(2, Encoding::kRleDictionary, indices)})),
                   StatusCode::kDataLoss, "without a dictionary");
}

TEST(ParquetHostile, DecompressionBombsAreRefusedBeforeAllocating) {
  // 8 KiB of zeros compresses to a few bytes; the header claims a gigabyte.
  std::string zeros(8192, '\0'), compressed;
  ASSERT_TRUE(CompressBlock(BlockCodec::kZstd, zeros, &compressed).ok());
  auto page = DataPageV1(2048, Encoding::kPlain, compressed);
  page.header.uncompressed_page_size = 1 << 30;
  RawChunk chunk{PhysicalType::kInt32, {"x"}};
  chunk.codec = Codec::kZstd;
  chunk.pages.push_back(page);
  std::string bomb = BuildParquet({Group("schema", std::nullopt, 1), Leaf("x", kRequired, PhysicalType::kInt32)},
                                  {RawRowGroup{2048, {chunk}}});
  Status status = ReadEverything(bomb);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.code(), StatusCode::kDataLoss);
  EXPECT_NE(status.message().find("hostile.parquet"), std::string::npos);
  // Within the codec's ratio but over the reader's page limit.
  chunk.pages[0].header.uncompressed_page_size = 8192;
  std::string honest = BuildParquet({Group("schema", std::nullopt, 1), Leaf("x", kRequired, PhysicalType::kInt32)},
                                    {RawRowGroup{2048, {chunk}}});
  EXPECT_TRUE(ReadEverything(honest).ok());
  ParquetReadOptions strict;
  strict.max_page_bytes = 4096;
  ExpectNamedError(ReadEverything(honest, strict), StatusCode::kDataLoss, "limit");
}

TEST(ParquetHostile, InvalidUtf8IsRefusedWithItsPlace) {
  std::vector<SchemaElement> schema{Group("schema", std::nullopt, 1),
                                    Leaf("s", kRequired, PhysicalType::kByteArray, ConvertedType::kUtf8)};
  for (std::string bad : {std::string("\xff"), std::string("a\xc3"), std::string("\xed\xa0\x80")}) {
    RawChunk plain{PhysicalType::kByteArray, {"s"}};
    plain.pages.push_back(DataPageV1(2, Encoding::kPlain, PlainStrings({"ok", bad})));
    ExpectNamedError(ReadEverything(BuildParquet(schema, {RawRowGroup{2, {plain}}})), StatusCode::kDataLoss, "UTF-8");
    RawChunk dictionary{PhysicalType::kByteArray, {"s"}};
    dictionary.pages.push_back(testing::DictionaryPage(1, PlainStrings({bad})));
    dictionary.pages.push_back(DataPageV1(1, Encoding::kRleDictionary, std::string("\x01\x02\x00", 3)));
    ExpectNamedError(ReadEverything(BuildParquet(schema, {RawRowGroup{1, {dictionary}}})), StatusCode::kDataLoss,
                     "column 's'");
  }
  // Two strings that are each broken but valid when joined ("\xc3" then "\xa9").
  RawChunk split{PhysicalType::kByteArray, {"s"}};
  split.pages.push_back(DataPageV1(2, Encoding::kPlain, PlainStrings({"\xc3", "\xa9"})));
  ExpectNamedError(ReadEverything(BuildParquet(schema, {RawRowGroup{2, {split}}})), StatusCode::kDataLoss, "UTF-8");
  // The same bytes in a binary column are fine.
  std::vector<SchemaElement> binary{Group("schema", std::nullopt, 1), Leaf("s", kRequired, PhysicalType::kByteArray)};
  EXPECT_TRUE(ReadEverything(BuildParquet(binary, {RawRowGroup{2, {split}}})).ok());
}

TEST(ParquetHostile, HugeRepeatedRunsAreBounded) {
  // One row holding a list of two billion nulls, in a handful of bytes.
  std::vector<SchemaElement> schema{Group("schema", std::nullopt, 1), Group("l", kOptional, 1, ConvertedType::kList),
                                    Group("list", Repetition::kRepeated, 1), Leaf("e", kOptional, PhysicalType::kInt32)};
  std::vector<uint16_t> rep{0}, def{2};
  std::string reps, defs;
  // RLE runs: rep 0 once, then rep 1 for 2^31 - 2 entries; def 2 throughout.
  auto run = [](uint64_t count, uint8_t value, std::string* out) {
    uint64_t header = count << 1;
    while (header >= 0x80) {
      out->push_back(static_cast<char>((header & 0x7f) | 0x80));
      header >>= 7;
    }
    out->push_back(static_cast<char>(header));
    out->push_back(static_cast<char>(value));
  };
  run(1, 0, &reps);
  run((uint64_t{1} << 31) - 2, 1, &reps);
  run((uint64_t{1} << 31) - 1, 2, &defs);
  auto prefixed = [](const std::string& s) {
    auto n = static_cast<uint32_t>(s.size());
    return std::string(reinterpret_cast<const char*>(&n), 4) + s;
  };
  RawChunk chunk{PhysicalType::kInt32, {"l", "list", "e"}};
  chunk.pages.push_back(DataPageV1(INT32_MAX, Encoding::kPlain, prefixed(reps) + prefixed(defs)));
  ParquetReadOptions options;
  options.max_batch_entries = 1 << 20;
  ExpectNamedError(ReadEverything(BuildParquet(schema, {RawRowGroup{1, {chunk}}}), options),
                   StatusCode::kResourceExhausted, "values in one batch");
}

}  // namespace
}  // namespace sluice::formats::parquet
