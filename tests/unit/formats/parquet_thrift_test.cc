// The Thrift compact protocol and Parquet's footer and page headers: round trips, long-form
// field headers, unknown fields of every type skipped, and malformed input refused with a
// position (never a crash, deep recursion or a huge allocation).
#include "formats/parquet/thrift_compact.h"

#include <gtest/gtest.h>

#include "formats/parquet/file_metadata.h"
#include "formats/parquet/page_header.h"

namespace sluice::formats::parquet {
namespace {

const uint8_t* Bytes(const std::string& s) { return reinterpret_cast<const uint8_t*>(s.data()); }

TEST(ParquetThrift, ValuesRoundTrip) {
  std::string out;
  ThriftWriter w(&out);
  w.BeginStruct();
  w.WriteI32(1, -5);
  w.WriteI64(2, INT64_MIN);
  w.WriteBool(3, true);
  w.WriteBinary(20, "héllo");  // a field id delta past 15 takes the long form
  w.WriteI16(7, -300);         // and a negative delta too
  w.BeginListField(8, ThriftType::kI32, 20);
  for (int i = 0; i < 20; ++i) w.WriteI32Element(i * 1000);
  w.BeginStructField(9);
  w.WriteByte(1, -7);
  w.EndStruct();
  w.EndStruct();

  ThriftReader r(Bytes(out), out.size());
  r.BeginStruct();
  ThriftField f;
  std::vector<int16_t> ids;
  while (r.NextField(&f)) {
    ids.push_back(f.id);
    switch (f.id) {
      case 1: EXPECT_EQ(r.ReadI32(f), -5); break;
      case 2: EXPECT_EQ(r.ReadI64(f), INT64_MIN); break;
      case 3: EXPECT_TRUE(r.ReadBool(f)); break;
      case 20: EXPECT_EQ(r.ReadString(f), "héllo"); break;
      case 7: EXPECT_EQ(r.ReadI16(f), -300); break;
      case 8: {
        ThriftType type;
        uint32_t n = r.ReadListHeader(f, &type);
        ASSERT_EQ(n, 20u);
        for (uint32_t i = 0; i < n; ++i) EXPECT_EQ(r.ReadI32Element(type), static_cast<int32_t>(i * 1000));
        break;
      }
      case 9: r.Skip(f.type); break;
      default: ADD_FAILURE() << "field " << f.id;
    }
  }
  r.EndStruct();
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(ids, (std::vector<int16_t>{1, 2, 3, 20, 7, 8, 9}));
  EXPECT_EQ(r.position(), out.size());
}

FileMetaData SampleMetadata() {
  FileMetaData meta;
  meta.version = 2;
  SchemaElement root;
  root.name = "schema";
  root.num_children = 1;
  SchemaElement leaf;
  leaf.name = "price";
  leaf.type = PhysicalType::kFixedLenByteArray;
  leaf.type_length = 9;
  leaf.repetition = Repetition::kOptional;
  leaf.converted_type = ConvertedType::kDecimal;
  leaf.precision = 20;
  leaf.scale = 3;
  leaf.field_id = 42;
  leaf.logical_type.kind = LogicalKind::kDecimal;
  leaf.logical_type.precision = 20;
  leaf.logical_type.scale = 3;
  meta.schema = {root, leaf};
  meta.num_rows = 1234567890123;
  RowGroup group;
  group.num_rows = 1234567890123;
  group.total_byte_size = 99;
  group.ordinal = 3;
  ColumnChunk chunk;
  chunk.has_meta_data = true;
  chunk.meta_data.type = PhysicalType::kFixedLenByteArray;
  chunk.meta_data.encodings = {Encoding::kPlain, Encoding::kRleDictionary};
  chunk.meta_data.path_in_schema = {"price"};
  chunk.meta_data.codec = Codec::kZstd;
  chunk.meta_data.num_values = 5;
  chunk.meta_data.data_page_offset = 4;
  chunk.meta_data.dictionary_page_offset = 4;
  chunk.meta_data.statistics = Statistics{};
  chunk.meta_data.statistics->null_count = 1;
  chunk.meta_data.statistics->min_value = std::string("\x00\x01", 2);
  chunk.meta_data.statistics->max_value = std::string("\xff", 1);
  chunk.meta_data.encoding_stats = {{PageType::kDictionaryPage, Encoding::kPlain, 1}};
  group.columns.push_back(chunk);
  meta.row_groups = {group};
  meta.key_value_metadata = {{"k", "v"}, {"only key", std::nullopt}};
  meta.created_by = "me";
  meta.column_orders = {ColumnOrder::kTypeDefined};
  return meta;
}

TEST(ParquetThrift, FileMetaDataRoundTrips) {
  std::string bytes;
  EncodeFileMetaData(SampleMetadata(), &bytes);
  auto decoded = DecodeFileMetaData(bytes);
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  std::string again;
  EncodeFileMetaData(*decoded, &again);
  EXPECT_EQ(again, bytes);
  const SchemaElement& leaf = decoded->schema[1];
  EXPECT_EQ(leaf.type_length, 9);
  EXPECT_EQ(leaf.field_id, 42);
  EXPECT_EQ(leaf.logical_type.kind, LogicalKind::kDecimal);
  EXPECT_EQ(leaf.logical_type.precision, 20);
  EXPECT_EQ(decoded->row_groups[0].columns[0].meta_data.statistics->null_count, 1);
  EXPECT_FALSE(decoded->key_value_metadata[1].value.has_value());
}

TEST(ParquetThrift, UnknownFieldsOfEveryTypeAreSkipped) {
  std::string bytes;
  ThriftWriter w(&bytes);
  w.BeginStruct();
  w.WriteI32(1, 1);
  // Unknown fields: a struct holding a list of structs (50), a map (51), a set (52), a double (53).
  w.BeginStructField(50);
  w.BeginListField(1, ThriftType::kStruct, 2);
  for (int i = 0; i < 2; ++i) {
    w.BeginStructElement();
    w.WriteBinary(1, "x");
    w.EndStruct();
  }
  w.EndStruct();
  bytes += static_cast<char>((1 << 4) | 11);
  bytes += "\x02";
  bytes += static_cast<char>(0x85);  // binary keys, i32 values
  bytes += "\x01" "a" "\x02" "\x01" "b" "\x04";
  bytes += static_cast<char>((1 << 4) | 10);
  bytes += "\x25\x02\x04";
  bytes += static_cast<char>((1 << 4) | 7);
  bytes += std::string(8, '\0');
  // The required fields (the writer falls back to long-form headers after the raw ones).
  w.BeginListField(2, ThriftType::kStruct, 0);
  w.WriteI64(3, 5);
  w.BeginListField(4, ThriftType::kStruct, 0);
  w.EndStruct();
  auto decoded = DecodeFileMetaData(bytes);
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ(decoded->version, 1);
  EXPECT_EQ(decoded->num_rows, 5);
}

TEST(ParquetThrift, MalformedInputIsRefusedWithAPosition) {
  std::string good;
  EncodeFileMetaData(SampleMetadata(), &good);
  for (size_t cut = 0; cut < good.size(); ++cut) {
    auto decoded = DecodeFileMetaData(std::string_view(good).substr(0, cut));
    ASSERT_FALSE(decoded.ok()) << cut;
    EXPECT_EQ(decoded.status().code(), StatusCode::kDataLoss);
  }
  // A list claiming 2^31 elements in a few bytes: refused before any allocation.
  std::string huge = "\x29\xfc\xff\xff\xff\x0f";
  auto decoded = DecodeFileMetaData(huge);
  ASSERT_FALSE(decoded.ok());
  EXPECT_NE(decoded.status().message().find("longer than the data"), std::string::npos);
  // Structs nested thousands deep: refused, no deep recursion.
  std::string deep(5000, static_cast<char>((1 << 4) | 12));
  EXPECT_FALSE(DecodeFileMetaData(deep).ok());
  // An unknown wire type.
  EXPECT_FALSE(DecodeFileMetaData("\x1e").ok());
  // A varint longer than 10 bytes.
  EXPECT_FALSE(DecodeFileMetaData(std::string("\x16") + std::string(12, '\xff')).ok());
}

TEST(ParquetPageHeaders, RoundTripAndValidation) {
  PageHeader header;
  header.type = PageType::kDataPageV2;
  header.uncompressed_page_size = 100;
  header.compressed_page_size = 80;
  header.crc = 0xdeadbeef;
  header.data_page_v2.num_values = 10;
  header.data_page_v2.num_nulls = 2;
  header.data_page_v2.num_rows = 9;
  header.data_page_v2.encoding = Encoding::kDeltaBinaryPacked;
  header.data_page_v2.definition_levels_byte_length = 3;
  header.data_page_v2.repetition_levels_byte_length = 4;
  header.data_page_v2.is_compressed = false;
  std::string bytes;
  EncodePageHeader(header, &bytes);
  bytes += "page body";
  PageHeader decoded;
  size_t size = 0;
  ASSERT_TRUE(DecodePageHeader(Bytes(bytes), bytes.size(), &decoded, &size).ok());
  EXPECT_EQ(bytes.substr(size), "page body");
  EXPECT_EQ(decoded.crc, 0xdeadbeefu);
  EXPECT_EQ(decoded.data_page_v2.num_rows, 9);
  EXPECT_FALSE(decoded.data_page_v2.is_compressed);

  // More nulls than values, or a negative size, is malformed.
  header.data_page_v2.num_nulls = 11;
  std::string inconsistent;
  EncodePageHeader(header, &inconsistent);
  EXPECT_FALSE(DecodePageHeader(Bytes(inconsistent), inconsistent.size(), &decoded, &size).ok());
  header.data_page_v2.num_nulls = 0;
  header.compressed_page_size = -1;
  std::string negative;
  EncodePageHeader(header, &negative);
  EXPECT_FALSE(DecodePageHeader(Bytes(negative), negative.size(), &decoded, &size).ok());
  // A data page header without its data_page_header.
  PageHeader bare;
  bare.type = PageType::kDictionaryPage;
  std::string missing;
  ThriftWriter w(&missing);
  w.BeginStruct();
  w.WriteI32(1, 0);
  w.WriteI32(2, 1);
  w.WriteI32(3, 1);
  w.EndStruct();
  EXPECT_FALSE(DecodePageHeader(Bytes(missing), missing.size(), &bare, &size).ok());
}

}  // namespace
}  // namespace sluice::formats::parquet
