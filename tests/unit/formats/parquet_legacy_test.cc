// Files as other writers make them, assembled by hand: the legacy list layouts of the format's
// backward-compatibility rules, bare repeated fields, MAP_KEY_VALUE maps, INT96 timestamps,
// converted (pre-logical) annotations, unsigned integers, decimals in byte arrays (also past 38
// digits), FLOAT16 and UUID, BIT_PACKED levels, DELTA_BYTE_ARRAY, PLAIN_DICTIONARY, Hadoop LZ4,
// uncompressed v2 values, legacy statistics and page checksums.
#include "formats/parquet/parquet_reader.h"

#include <gtest/gtest.h>

#include "formats/compression/block_codec.h"
#include "formats/parquet/chunk_statistics.h"
#include "formats/parquet/delta_binary_packed.h"
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
constexpr auto kRepeated = Repetition::kRepeated;

// Reads every column and renders each value as JSON (what the tests compare).
std::vector<std::vector<std::string>> ReadJson(const std::string& bytes, std::string* schema = nullptr) {
  auto file = InputFileFromString(bytes, "legacy.parquet");
  auto columns = testing::ReadAll(file);
  EXPECT_TRUE(columns.ok()) << columns.status().ToString();
  if (!columns.ok()) return {};
  if (schema) *schema = (*ReadParquetFileInfo(file)).schema->ToString();
  std::vector<std::vector<std::string>> out;
  for (const auto& column : *columns) {
    std::vector<std::string> values;
    for (int64_t i = 0; i < column->length(); ++i) values.push_back(column->ValueToJson(i));
    out.push_back(std::move(values));
  }
  return out;
}

// A one-leaf, one-page file.
std::string OneColumn(std::vector<SchemaElement> schema, PhysicalType type, std::vector<std::string> path,
                      int64_t rows, int32_t entries, std::string body, Encoding encoding = Encoding::kPlain) {
  RawChunk chunk{type, std::move(path)};
  chunk.num_values = entries;
  chunk.pages.push_back(DataPageV1(entries, encoding, std::move(body)));
  return BuildParquet(schema, {RawRowGroup{rows, {chunk}}});
}

TEST(ParquetLegacy, TwoLevelListOfPrimitives) {
  // optional group my_list (LIST) { repeated int32 element; }: [[1,2,3], null, [], [4]]
  std::string body = V1Levels({0, 1, 1, 0, 0, 0}, 1) + V1Levels({2, 2, 2, 0, 1, 2}, 2) + Plain<int32_t>({1, 2, 3, 4});
  std::string schema;
  auto values = ReadJson(OneColumn({Group("schema", std::nullopt, 1), Group("my_list", kOptional, 1, ConvertedType::kList),
                                    Leaf("element", kRepeated, PhysicalType::kInt32)},
                                   PhysicalType::kInt32, {"my_list", "element"}, 4, 6, body),
                         &schema);
  EXPECT_EQ(schema, "my_list: array<int>");
  EXPECT_EQ(values[0], (std::vector<std::string>{"[1,2,3]", "null", "[]", "[4]"}));
}

TEST(ParquetLegacy, RepeatedGroupNamedArrayOrTupleIsTheElement) {
  for (const char* name : {"array", "my_list_tuple"}) {
    // optional group my_list (LIST) { repeated group <name> { required binary str (UTF8); } }
    std::string body = V1Levels({0, 1, 0}, 1) + V1Levels({2, 2, 1}, 2) + PlainStrings({"a", "b"});
    std::string schema;
    auto values = ReadJson(
        OneColumn({Group("schema", std::nullopt, 1), Group("my_list", kOptional, 1, ConvertedType::kList),
                   Group(name, kRepeated, 1), Leaf("str", kRequired, PhysicalType::kByteArray, ConvertedType::kUtf8)},
                  PhysicalType::kByteArray, {"my_list", name, "str"}, 2, 3, body),
        &schema);
    EXPECT_EQ(schema, "my_list: array<struct<str:string>>") << name;
    EXPECT_EQ(values[0], (std::vector<std::string>{R"([{"str":"a"},{"str":"b"}])", "[]"})) << name;
  }
}

TEST(ParquetLegacy, RepeatedGroupWithSeveralFieldsIsTheElement) {
  // required group pairs (LIST) { repeated group element { required binary str (UTF8); required int32 num; } }
  std::vector<SchemaElement> schema{Group("schema", std::nullopt, 1), Group("pairs", kRequired, 1, ConvertedType::kList),
                                    Group("element", kRepeated, 2),
                                    Leaf("str", kRequired, PhysicalType::kByteArray, ConvertedType::kUtf8),
                                    Leaf("num", kRequired, PhysicalType::kInt32)};
  std::string levels = V1Levels({0, 1, 0}, 1) + V1Levels({1, 1, 0}, 1);
  RawChunk str{PhysicalType::kByteArray, {"pairs", "element", "str"}};
  str.pages.push_back(DataPageV1(3, Encoding::kPlain, levels + PlainStrings({"x", "y"})));
  RawChunk num{PhysicalType::kInt32, {"pairs", "element", "num"}};
  num.pages.push_back(DataPageV1(3, Encoding::kPlain, levels + Plain<int32_t>({1, 2})));
  std::string described;
  auto values = ReadJson(BuildParquet(schema, {RawRowGroup{2, {str, num}}}), &described);
  EXPECT_EQ(described, "pairs: array<struct<str:string,num:int>>");
  EXPECT_EQ(values[0], (std::vector<std::string>{R"([{"str":"x","num":1},{"str":"y","num":2}])", "[]"}));
}

TEST(ParquetLegacy, HiveBagLayoutIsAThreeLevelList) {
  // optional group col (LIST) { repeated group bag { optional int32 array_element; } }: [[7, null], null]
  std::string body = V1Levels({0, 1, 0}, 1) + V1Levels({3, 2, 0}, 3) + Plain<int32_t>({7});
  std::string schema;
  auto values = ReadJson(OneColumn({Group("schema", std::nullopt, 1), Group("col", kOptional, 1, ConvertedType::kList),
                                    Group("bag", kRepeated, 1), Leaf("array_element", kOptional, PhysicalType::kInt32)},
                                   PhysicalType::kInt32, {"col", "bag", "array_element"}, 2, 3, body),
                         &schema);
  EXPECT_EQ(schema, "col: array<int>");
  EXPECT_EQ(values[0], (std::vector<std::string>{"[7,null]", "null"}));
}

TEST(ParquetLegacy, ListOfTwoLevelLists) {
  // optional group array_of_arrays (LIST) { repeated group array (LIST) { repeated int32 array; } }
  std::string body = V1Levels({0, 2, 1, 0, 0, 0}, 2) + V1Levels({3, 3, 3, 2, 1, 0}, 3) + Plain<int32_t>({1, 2, 3});
  std::string schema;
  auto values = ReadJson(
      OneColumn({Group("schema", std::nullopt, 1), Group("array_of_arrays", kOptional, 1, ConvertedType::kList),
                 Group("array", kRepeated, 1, ConvertedType::kList), Leaf("array", kRepeated, PhysicalType::kInt32)},
                PhysicalType::kInt32, {"array_of_arrays", "array", "array"}, 4, 6, body),
      &schema);
  EXPECT_EQ(schema, "array_of_arrays: array<array<int>>");
  EXPECT_EQ(values[0], (std::vector<std::string>{"[[1,2],[3]]", "[[]]", "[]", "null"}));
}

TEST(ParquetLegacy, BareRepeatedFieldsAreRequiredLists) {
  // repeated int32 nums; repeated group kv { required int32 a; optional binary b (UTF8); }
  std::vector<SchemaElement> schema{Group("schema", std::nullopt, 2), Leaf("nums", kRepeated, PhysicalType::kInt32),
                                    Group("kv", kRepeated, 2), Leaf("a", kRequired, PhysicalType::kInt32),
                                    Leaf("b", kOptional, PhysicalType::kByteArray, ConvertedType::kUtf8)};
  RawChunk nums{PhysicalType::kInt32, {"nums"}};
  nums.pages.push_back(DataPageV1(3, Encoding::kPlain, V1Levels({0, 1, 0}, 1) + V1Levels({1, 1, 0}, 1) + Plain<int32_t>({5, 6})));
  RawChunk a{PhysicalType::kInt32, {"kv", "a"}};
  a.pages.push_back(DataPageV1(3, Encoding::kPlain, V1Levels({0, 0, 1}, 1) + V1Levels({1, 1, 1}, 1) + Plain<int32_t>({1, 2, 3})));
  RawChunk b{PhysicalType::kByteArray, {"kv", "b"}};
  b.pages.push_back(DataPageV1(3, Encoding::kPlain, V1Levels({0, 0, 1}, 1) + V1Levels({2, 1, 2}, 2) + PlainStrings({"p", "q"})));
  std::string described;
  auto values = ReadJson(BuildParquet(schema, {RawRowGroup{2, {nums, a, b}}}), &described);
  EXPECT_EQ(described, "nums: array<int>, kv: array<struct<a:int,b:string>>");
  EXPECT_EQ(values[0], (std::vector<std::string>{"[5,6]", "[]"}));
  EXPECT_EQ(values[1], (std::vector<std::string>{R"([{"a":1,"b":"p"}])", R"([{"a":2,"b":null},{"a":3,"b":"q"}])"}));
}

TEST(ParquetLegacy, MapKeyValueAnnotatedMap) {
  // optional group m (MAP) { repeated group map (MAP_KEY_VALUE) { required binary key (UTF8); optional int32 value; } }
  std::vector<SchemaElement> schema{Group("schema", std::nullopt, 1), Group("m", kOptional, 1, ConvertedType::kMap),
                                    Group("map", kRepeated, 2, ConvertedType::kMapKeyValue),
                                    Leaf("key", kRequired, PhysicalType::kByteArray, ConvertedType::kUtf8),
                                    Leaf("value", kOptional, PhysicalType::kInt32)};
  std::string rep = V1Levels({0, 1, 0, 0}, 1);
  RawChunk key{PhysicalType::kByteArray, {"m", "map", "key"}};
  key.pages.push_back(DataPageV1(4, Encoding::kPlain, rep + V1Levels({2, 2, 0, 1}, 2) + PlainStrings({"a", "b"})));
  RawChunk value{PhysicalType::kInt32, {"m", "map", "value"}};
  value.pages.push_back(DataPageV1(4, Encoding::kPlain, rep + V1Levels({3, 2, 0, 1}, 3) + Plain<int32_t>({1})));
  std::string described;
  auto values = ReadJson(BuildParquet(schema, {RawRowGroup{3, {key, value}}}), &described);
  EXPECT_EQ(described, "m: map<string,int>");
  EXPECT_EQ(values[0], (std::vector<std::string>{R"({"a":1,"b":null})", "null", "{}"}));
}

TEST(ParquetLegacy, Int96Timestamps) {
  auto int96 = [](int64_t nanos, int32_t julian_day) {
    std::string v(12, '\0');
    std::memcpy(v.data(), &nanos, 8);
    std::memcpy(v.data() + 8, &julian_day, 4);
    return v;
  };
  std::string body = V1Levels({1, 0, 1}, 1) + int96(1000000000, 2440588) + int96(43200000000000LL, 2451545);
  std::string schema;
  auto values = ReadJson(OneColumn({Group("schema", std::nullopt, 1), Leaf("ts", kOptional, PhysicalType::kInt96)},
                                   PhysicalType::kInt96, {"ts"}, 3, 3, body),
                         &schema);
  EXPECT_EQ(schema, "ts: timestamp");
  EXPECT_EQ(values[0], (std::vector<std::string>{"\"1970-01-01 00:00:01\"", "null", "\"2000-01-01 12:00:00\""}));
}

TEST(ParquetLegacy, ConvertedTypesWithoutLogicalTypes) {
  std::vector<SchemaElement> schema{
      Group("schema", std::nullopt, 10),
      Leaf("u8", kRequired, PhysicalType::kInt32, ConvertedType::kUint8),
      Leaf("u16", kRequired, PhysicalType::kInt32, ConvertedType::kUint16),
      Leaf("u32", kRequired, PhysicalType::kInt32, ConvertedType::kUint32),
      Leaf("u64", kRequired, PhysicalType::kInt64, ConvertedType::kUint64),
      Leaf("i8", kRequired, PhysicalType::kInt32, ConvertedType::kInt8),
      Leaf("ms", kRequired, PhysicalType::kInt64, ConvertedType::kTimestampMillis),
      Leaf("t", kRequired, PhysicalType::kInt32, ConvertedType::kTimeMillis),
      Leaf("day", kRequired, PhysicalType::kInt32, ConvertedType::kDate),
      Leaf("e", kRequired, PhysicalType::kByteArray, ConvertedType::kEnum),
      Leaf("bson", kRequired, PhysicalType::kByteArray, ConvertedType::kBson)};
  auto chunk = [](PhysicalType type, const char* name, std::string body) {
    RawChunk c{type, {name}};
    c.pages.push_back(DataPageV1(2, Encoding::kPlain, std::move(body)));
    return c;
  };
  RawRowGroup group{2,
                    {chunk(PhysicalType::kInt32, "u8", Plain<int32_t>({-1, 7})),
                     chunk(PhysicalType::kInt32, "u16", Plain<int32_t>({65535, 0})),
                     chunk(PhysicalType::kInt32, "u32", Plain<int32_t>({-1, 5})),
                     chunk(PhysicalType::kInt64, "u64", Plain<int64_t>({-1, 9})),
                     chunk(PhysicalType::kInt32, "i8", Plain<int32_t>({-128, 127})),
                     chunk(PhysicalType::kInt64, "ms", Plain<int64_t>({1500, -1})),
                     chunk(PhysicalType::kInt32, "t", Plain<int32_t>({3723004, 0})),
                     chunk(PhysicalType::kInt32, "day", Plain<int32_t>({19723, -1})),
                     chunk(PhysicalType::kByteArray, "e", PlainStrings({"RED", "GREEN"})),
                     chunk(PhysicalType::kByteArray, "bson", PlainStrings({"\x01", ""}))}};
  std::string described;
  auto values = ReadJson(BuildParquet(schema, {group}), &described);
  EXPECT_EQ(described,
            "u8: smallint, u16: int, u32: bigint, u64: decimal(20,0), i8: tinyint, ms: timestamp with local time zone, "
            "t: string, day: date, e: string, bson: binary");
  EXPECT_EQ(values[0], (std::vector<std::string>{"255", "7"}));
  EXPECT_EQ(values[1], (std::vector<std::string>{"65535", "0"}));
  EXPECT_EQ(values[2], (std::vector<std::string>{"4294967295", "5"}));
  EXPECT_EQ(values[3], (std::vector<std::string>{"18446744073709551615", "9"}));
  EXPECT_EQ(values[4], (std::vector<std::string>{"-128", "127"}));
  EXPECT_EQ(values[5], (std::vector<std::string>{"\"1970-01-01 00:00:01.5Z\"", "\"1969-12-31 23:59:59.999Z\""}));
  EXPECT_EQ(values[6], (std::vector<std::string>{"\"01:02:03.004\"", "\"00:00:00\""}));
  EXPECT_EQ(values[7], (std::vector<std::string>{"\"2024-01-01\"", "\"1969-12-31\""}));
  EXPECT_EQ(values[8], (std::vector<std::string>{"\"RED\"", "\"GREEN\""}));
  EXPECT_EQ(values[9], (std::vector<std::string>{"\"01\"", "\"\""}));
}

TEST(ParquetLegacy, DecimalsInByteArraysFloat16AndUuid) {
  SchemaElement decimal = Leaf("d", kOptional, PhysicalType::kByteArray, ConvertedType::kDecimal);
  decimal.precision = 5;
  decimal.scale = 2;
  SchemaElement wide = Leaf("w", kRequired, PhysicalType::kByteArray, ConvertedType::kDecimal);
  wide.precision = 45;
  wide.scale = 3;
  SchemaElement half = Leaf("h", kRequired, PhysicalType::kFixedLenByteArray, ConvertedType::kNone, 2);
  half.logical_type.kind = LogicalKind::kFloat16;
  SchemaElement uuid = Leaf("u", kRequired, PhysicalType::kFixedLenByteArray, ConvertedType::kNone, 16);
  uuid.logical_type.kind = LogicalKind::kUuid;
  std::vector<SchemaElement> schema{Group("schema", std::nullopt, 4), decimal, wide, half, uuid};
  RawChunk d{PhysicalType::kByteArray, {"d"}};
  // 0, -1.23 (0xff85), 99999 from 17 bytes of sign extension, null.
  std::string seventeen(17, '\0');
  seventeen[15] = '\x86';
  seventeen[16] = '\x9f';
  seventeen[14] = '\x01';
  d.pages.push_back(DataPageV1(4, Encoding::kPlain,
                               V1Levels({1, 1, 1, 0}, 1) + PlainStrings({std::string(1, '\0'), "\xff\x85", seventeen})));
  RawChunk w{PhysicalType::kByteArray, {"w"}};
  // 2^80 + 5 and -(2^80): beyond 64 bits, exact text.
  std::string big(11, '\0');
  big[0] = '\x01';
  big[10] = '\x05';
  std::string negative(11, '\0');
  negative[0] = '\xff';
  w.pages.push_back(DataPageV1(4, Encoding::kPlain, PlainStrings({big, negative, std::string(1, '\0'), "\x7f"})));
  RawChunk h{PhysicalType::kFixedLenByteArray, {"h"}};
  h.pages.push_back(DataPageV1(4, Encoding::kPlain, Plain<uint16_t>({0x3c00, 0xc000, 0x7c00, 0x0001})));
  RawChunk u{PhysicalType::kFixedLenByteArray, {"u"}};
  u.pages.push_back(DataPageV1(4, Encoding::kPlain,
                               std::string("\x12\x34\x56\x78\x9a\xbc\xde\xf0\x01\x23\x45\x67\x89\xab\xcd\xef", 16) +
                                   std::string(16, '\xff') + std::string(32, '\0')));
  std::string described;
  auto values = ReadJson(BuildParquet(schema, {RawRowGroup{4, {d, w, h, u}}}), &described);
  EXPECT_EQ(described, "d: decimal(5,2), w: string, h: float, u: string");
  EXPECT_EQ(values[0], (std::vector<std::string>{"0.00", "-1.23", "999.99", "null"}));
  EXPECT_EQ(values[1][0], "\"1208925819614629174706.181\"");  // (2^80 + 5) / 1000
  EXPECT_EQ(values[1][1], "\"-1208925819614629174706.176\"");
  EXPECT_EQ(values[1][2], "\"0.000\"");
  EXPECT_EQ(values[1][3], "\"0.127\"");
  EXPECT_EQ(values[2], (std::vector<std::string>{"1", "-2", "\"Infinity\"", "5.9604645e-08"}));
  EXPECT_EQ(values[3][0], "\"12345678-9abc-def0-0123-456789abcdef\"");
  EXPECT_EQ(values[3][1], "\"ffffffff-ffff-ffff-ffff-ffffffffffff\"");
}

TEST(ParquetLegacy, BitPackedLevels) {
  // optional int32 x, definition levels in the deprecated BIT_PACKED encoding (MSB first):
  // 1,0,1,1,0,0,1,1,1 → 0b10110011 0b1_______
  std::string body = std::string("\xb3\x80", 2) + Plain<int32_t>({10, 20, 30, 40, 50, 60});
  auto page = DataPageV1(9, Encoding::kPlain, body);
  page.header.data_page.definition_level_encoding = Encoding::kBitPacked;
  RawChunk chunk{PhysicalType::kInt32, {"x"}};
  chunk.pages.push_back(page);
  auto values = ReadJson(BuildParquet({Group("schema", std::nullopt, 1), Leaf("x", kOptional, PhysicalType::kInt32)},
                                      {RawRowGroup{9, {chunk}}}));
  EXPECT_EQ(values[0], (std::vector<std::string>{"10", "null", "20", "30", "null", "null", "40", "50", "60"}));
}

TEST(ParquetLegacy, DeltaByteArrayAndPlainDictionary) {
  // DELTA_BYTE_ARRAY: "apple", "applesauce", "apply", "banana", "" (prefixes 0,5,4,0,0).
  std::string body;
  std::vector<int64_t> prefixes{0, 5, 4, 0, 0}, suffix_lengths{5, 5, 1, 6, 0};
  EncodeDeltaBinaryPacked(prefixes.data(), prefixes.size(), &body);
  EncodeDeltaBinaryPacked(suffix_lengths.data(), suffix_lengths.size(), &body);
  body += "applesauceybanana";
  RawChunk delta{PhysicalType::kByteArray, {"s"}};
  delta.pages.push_back(DataPageV1(5, Encoding::kDeltaByteArray, body));
  // PLAIN_DICTIONARY dictionary and data pages, as format-1.0 writers made them.
  RawChunk dict{PhysicalType::kInt64, {"n"}};
  dict.pages.push_back(testing::DictionaryPage(2, Plain<int64_t>({111, 222}), Encoding::kPlainDictionary));
  std::string indices("\x01", 1);
  std::vector<uint32_t> ids{1, 0, 1, 1, 0};
  EncodeRle(ids.data(), ids.size(), 1, &indices);
  dict.pages.push_back(DataPageV1(5, Encoding::kPlainDictionary, indices));
  auto values = ReadJson(BuildParquet({Group("schema", std::nullopt, 2),
                                       Leaf("s", kRequired, PhysicalType::kByteArray, ConvertedType::kUtf8),
                                       Leaf("n", kRequired, PhysicalType::kInt64)},
                                      {RawRowGroup{5, {delta, dict}}}));
  EXPECT_EQ(values[0], (std::vector<std::string>{"\"apple\"", "\"applesauce\"", "\"apply\"", "\"banana\"", "\"\""}));
  EXPECT_EQ(values[1], (std::vector<std::string>{"222", "111", "222", "222", "111"}));
}

TEST(ParquetLegacy, HadoopFramedLz4AndUncompressedV2Values) {
  std::string values = Plain<int32_t>({1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
  std::string block;
  ASSERT_TRUE(CompressBlock(BlockCodec::kLz4Raw, values, &block).ok());
  auto be32 = [](uint32_t v) {
    std::string out(4, '\0');
    for (int i = 0; i < 4; ++i) out[static_cast<size_t>(i)] = static_cast<char>(v >> (24 - 8 * i));
    return out;
  };
  std::string framed = be32(static_cast<uint32_t>(values.size())) + be32(static_cast<uint32_t>(block.size())) + block;
  RawChunk lz4{PhysicalType::kInt32, {"a"}};
  lz4.codec = Codec::kLz4;
  auto page = DataPageV1(12, Encoding::kPlain, framed);
  page.header.uncompressed_page_size = static_cast<int32_t>(values.size());
  lz4.pages.push_back(page);
  // A v2 page whose values are stored uncompressed in a snappy chunk (is_compressed = false).
  RawChunk v2{PhysicalType::kInt32, {"b"}};
  v2.codec = Codec::kSnappy;
  testing::RawPage raw;
  raw.header.type = PageType::kDataPageV2;
  raw.header.data_page_v2.num_values = 12;
  raw.header.data_page_v2.num_rows = 12;
  raw.header.data_page_v2.is_compressed = false;
  raw.body = values;
  raw.header.uncompressed_page_size = raw.header.compressed_page_size = static_cast<int32_t>(values.size());
  v2.pages.push_back(raw);
  auto read = ReadJson(BuildParquet({Group("schema", std::nullopt, 2), Leaf("a", kRequired, PhysicalType::kInt32),
                                     Leaf("b", kRequired, PhysicalType::kInt32)},
                                    {RawRowGroup{12, {lz4, v2}}}));
  ASSERT_EQ(read.size(), 2u);
  EXPECT_EQ(read[0][11], "12");
  EXPECT_EQ(read[1], read[0]);
}

TEST(ParquetLegacy, LegacyStatisticsOnlyWhereSignedOrderIsRight) {
  std::vector<SchemaElement> schema{Group("schema", std::nullopt, 2), Leaf("n", kRequired, PhysicalType::kInt32),
                                    Leaf("s", kRequired, PhysicalType::kByteArray, ConvertedType::kUtf8)};
  auto group = [&](int32_t lo, int32_t hi, std::string slo, std::string shi) {
    RawChunk n{PhysicalType::kInt32, {"n"}};
    n.pages.push_back(DataPageV1(2, Encoding::kPlain, Plain<int32_t>({lo, hi})));
    n.statistics = Statistics{};
    n.statistics->min = Plain<int32_t>({lo});
    n.statistics->max = Plain<int32_t>({hi});
    RawChunk s{PhysicalType::kByteArray, {"s"}};
    s.pages.push_back(DataPageV1(2, Encoding::kPlain, PlainStrings({slo, shi})));
    s.statistics = Statistics{};
    s.statistics->min = slo;  // legacy byte-array bounds are in signed byte order: not trusted
    s.statistics->max = shi;
    return RawRowGroup{2, {n, s}};
  };
  auto file = InputFileFromString(BuildParquet(schema, {group(-5, 5, "a", "b"), group(10, 20, "c", "d")}), "stats.parquet");
  auto parquet = ParquetFile::Open(file);
  ASSERT_TRUE(parquet.ok()) << parquet.status().ToString();
  using columnar::Scalar;
  EXPECT_FALSE(RowGroupMayMatch(**parquet, 0, {{"n", PredicateOp::kGt, {Scalar::Int64(7)}}}));
  EXPECT_TRUE(RowGroupMayMatch(**parquet, 1, {{"n", PredicateOp::kGt, {Scalar::Int64(7)}}}));
  EXPECT_TRUE(RowGroupMayMatch(**parquet, 0, {{"s", PredicateOp::kEq, {Scalar::String("z")}}}));
}

TEST(ParquetLegacy, PageChecksumsAreVerified) {
  std::string body = Plain<int32_t>({1, 2, 3});
  auto page = DataPageV1(3, Encoding::kPlain, body);
  page.header.crc = 12345;  // wrong
  RawChunk chunk{PhysicalType::kInt32, {"x"}};
  chunk.pages.push_back(page);
  std::string bytes = BuildParquet({Group("schema", std::nullopt, 1), Leaf("x", kRequired, PhysicalType::kInt32)},
                                   {RawRowGroup{3, {chunk}}});
  auto bad = testing::ReadAll(InputFileFromString(bytes, "crc.parquet"));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kDataLoss);
  EXPECT_NE(bad.status().message().find("checksum"), std::string::npos);
  EXPECT_NE(bad.status().message().find("crc.parquet"), std::string::npos);
  ParquetReadOptions unchecked;
  unchecked.verify_checksums = false;
  EXPECT_TRUE(testing::ReadAll(InputFileFromString(bytes, "crc.parquet"), unchecked).ok());
}

}  // namespace
}  // namespace sluice::formats::parquet
