// Parquet written by Sluice reads back to the same values: every type, nulls, nesting, each
// codec, data page v1 and v2, dictionary and plain (and the fallback between them), small
// pages and row groups, projection, row-group skipping, and the footer-only schema look.
#include "formats/parquet/parquet_writer.h"

#include <unistd.h>

#include <cstring>

#include <gtest/gtest.h>

#include "formats/parquet/parquet_file.h"
#include "formats/parquet/parquet_reader.h"
#include "unit/formats/parquet_fixtures.h"

namespace sluice::formats::parquet {
namespace {

using columnar::BatchPtr;
using columnar::ColumnPtr;
using columnar::DataType;

// Writes `batches` to memory with `options` and returns the file.
InputFilePtr WriteFile(const std::vector<BatchPtr>& batches, ParquetWriteOptions options,
                       const std::string& name = "test.parquet") {
  auto stream = std::make_unique<StringOutputStream>(name);
  StringOutputStream* raw = stream.get();
  auto writer = OpenParquetWriter(std::move(stream), batches[0]->schema(), std::move(options));
  EXPECT_TRUE(writer.ok()) << writer.status().ToString();
  for (const auto& batch : batches) {
    Status status = (*writer)->Write(*batch);
    EXPECT_TRUE(status.ok()) << status.ToString();
  }
  Status closed = (*writer)->Close();
  EXPECT_TRUE(closed.ok()) << closed.ToString();
  return InputFileFromString(raw->contents(), name);
}

std::vector<BatchPtr> MixedBatches(int count, int64_t rows, uint64_t seed = 7) {
  testing::MixedGenerator generator(seed);
  std::vector<BatchPtr> batches;
  for (int i = 0; i < count; ++i) batches.push_back(generator.Batch(rows, i * rows));
  return batches;
}

// Column c of all batches, concatenated.
ColumnPtr Expected(const std::vector<BatchPtr>& batches, size_t c) {
  std::vector<ColumnPtr> parts;
  for (const auto& batch : batches) parts.push_back(batch->column(c));
  return columnar::ConcatenateColumns(parts);
}

void ExpectSameValues(const std::vector<BatchPtr>& batches, InputFilePtr file, ParquetReadOptions options = {}) {
  auto columns = testing::ReadAll(file, options);
  ASSERT_TRUE(columns.ok()) << columns.status().ToString();
  const auto& schema = *batches[0]->schema();
  ASSERT_EQ(columns->size(), schema.num_fields());
  for (size_t c = 0; c < schema.num_fields(); ++c) {
    ColumnPtr expected = Expected(batches, c);
    const ColumnPtr& actual = (*columns)[c];
    ASSERT_TRUE(actual->type()->Equals(*expected->type()))
        << schema.field(c).name << ": " << TypeName(*actual->type()) << " vs " << TypeName(*expected->type());
    ASSERT_EQ(actual->length(), expected->length()) << schema.field(c).name;
    for (int64_t i = 0; i < expected->length(); ++i) {
      ASSERT_EQ(actual->ValueToJson(i), expected->ValueToJson(i)) << schema.field(c).name << " row " << i;
    }
    EXPECT_TRUE(actual->Equals(*expected)) << schema.field(c).name;
  }
}

struct Variant {
  const char* name;
  BlockCodec codec;
  bool v2;
  bool dictionary;
};

class RoundTrip : public ::testing::TestWithParam<Variant> {};

TEST_P(RoundTrip, EveryTypeSurvives) {
  const Variant& v = GetParam();
  auto batches = MixedBatches(3, 2000);
  ParquetWriteOptions options;
  options.compression = v.codec;
  options.page_v2 = v.v2;
  options.dictionary = v.dictionary;
  options.row_group_rows = 2500;      // row groups that straddle batches
  options.data_page_bytes = 4096;     // many pages per chunk
  ExpectSameValues(batches, WriteFile(batches, options));
}

INSTANTIATE_TEST_SUITE_P(
    Parquet, RoundTrip,
    ::testing::Values(Variant{"none_v1_dict", BlockCodec::kNone, false, true},
                      Variant{"none_v1_plain", BlockCodec::kNone, false, false},
                      Variant{"snappy_v1", BlockCodec::kSnappy, false, true},
                      Variant{"snappy_v2", BlockCodec::kSnappy, true, true},
                      Variant{"gzip_v2_plain", BlockCodec::kGzip, true, false},
                      Variant{"zstd_v1", BlockCodec::kZstd, false, true},
                      Variant{"zstd_v2", BlockCodec::kZstd, true, true},
                      Variant{"lz4_raw_v1", BlockCodec::kLz4Raw, false, true},
                      Variant{"lz4_raw_v2_plain", BlockCodec::kLz4Raw, true, false},
                      Variant{"none_v2", BlockCodec::kNone, true, true}),
    [](const ::testing::TestParamInfo<Variant>& info) { return std::string(info.param.name); });

TEST(ParquetRoundTrip, DictionaryFallsBackToPlainWhenItGrows) {
  // Unique strings overflow a small dictionary: later pages must be PLAIN, earlier ones stay
  // dictionary-encoded, and every value survives.
  columnar::StringBuilder builder(DataType::String());
  for (int i = 0; i < 20000; ++i) builder.Append(i % 3 == 0 ? "repeat" : "value-" + std::to_string(i));
  auto schema = columnar::MakeSchema({{"s", DataType::String()}});
  std::vector<BatchPtr> batches{columnar::RecordBatch::Make(schema, 20000, {builder.Finish()})};
  ParquetWriteOptions options;
  options.dictionary_page_bytes = 2048;
  options.data_page_bytes = 1024;
  auto file = WriteFile(batches, options);
  ExpectSameValues(batches, file);
  auto parquet = ParquetFile::Open(file);
  ASSERT_TRUE(parquet.ok());
  const ColumnMetaData& meta = (*parquet)->metadata().row_groups[0].columns[0].meta_data;
  bool dictionary = false, plain = false;
  for (const auto& stats : meta.encoding_stats) {
    if (stats.page_type == PageType::kDataPage && stats.encoding == Encoding::kRleDictionary) dictionary = true;
    if (stats.page_type == PageType::kDataPage && stats.encoding == Encoding::kPlain) plain = true;
  }
  EXPECT_TRUE(dictionary);
  EXPECT_TRUE(plain);
  EXPECT_TRUE(meta.dictionary_page_offset.has_value());
}

TEST(ParquetRoundTrip, NestedColumnsWithoutAnyValueInABatch) {
  // Lists that are all null or empty, and structs that are all null: leaves get levels only.
  auto type = DataType::List(DataType::Struct({{"a", DataType::Int32()}, {"b", DataType::List(DataType::String())}}));
  auto schema = columnar::MakeSchema({{"l", type}, {"s", DataType::Struct({{"x", DataType::Float64()}})}});
  std::vector<BatchPtr> batches;
  for (int b = 0; b < 3; ++b) {
    columnar::ListBuilder list(type);
    columnar::StructBuilder structs(schema->field(1).type);
    for (int i = 0; i < 10; ++i) {
      if (i % 2) list.AppendNull();
      else list.AppendValid();  // empty
      structs.AppendNull();
    }
    batches.push_back(columnar::RecordBatch::Make(schema, 10, {list.Finish(), structs.Finish()}));
  }
  ParquetWriteOptions options;
  options.row_group_rows = 7;
  ExpectSameValues(batches, WriteFile(batches, options));
}

TEST(ParquetRoundTrip, RowGroupsOfConfiguredSizeWithStatistics) {
  auto batches = MixedBatches(2, 3000);
  ParquetWriteOptions options;
  options.row_group_rows = 1000;
  auto file = WriteFile(batches, options);
  auto parquet = ParquetFile::Open(file);
  ASSERT_TRUE(parquet.ok()) << parquet.status().ToString();
  ASSERT_EQ((*parquet)->num_row_groups(), 6);
  EXPECT_EQ((*parquet)->num_rows(), 6000);
  for (const RowGroup& group : (*parquet)->metadata().row_groups) {
    EXPECT_EQ(group.num_rows, 1000);
    const ColumnMetaData& id = group.columns[0].meta_data;  // "id": 0..5999 in order
    ASSERT_TRUE(id.statistics && id.statistics->min_value && id.statistics->max_value);
    int64_t min, max;
    std::memcpy(&min, id.statistics->min_value->data(), 8);
    std::memcpy(&max, id.statistics->max_value->data(), 8);
    EXPECT_EQ(max - min, 999);
    EXPECT_EQ(id.statistics->null_count, 0);
  }
}

TEST(ParquetRoundTrip, ProjectionReadsOnlyTheNamedColumnsInOrder) {
  auto batches = MixedBatches(1, 500);
  auto file = WriteFile(batches, {});
  ParquetReadOptions options;
  options.columns = std::vector<std::string>{"NAME", "id", "points"};  // case-insensitive fallback
  auto columns = testing::ReadAll(file, options);
  ASSERT_TRUE(columns.ok()) << columns.status().ToString();
  ASSERT_EQ(columns->size(), 3u);
  EXPECT_TRUE((*columns)[0]->Equals(*batches[0]->column(11)));
  EXPECT_TRUE((*columns)[1]->Equals(*batches[0]->column(0)));
  EXPECT_TRUE((*columns)[2]->Equals(*batches[0]->column(21)));

  options.columns = std::vector<std::string>{"missing"};
  auto missing = OpenParquetReader(file, options);
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("missing"), std::string::npos);
}

TEST(ParquetRoundTrip, ProjectionNeverTouchesOtherChunks) {
  // Corrupt every byte of the "name" chunk: reading other columns still works.
  auto batches = MixedBatches(1, 300);
  auto file = WriteFile(batches, {});
  auto parquet = ParquetFile::Open(file);
  ASSERT_TRUE(parquet.ok());
  const ColumnMetaData& meta = (*parquet)->metadata().row_groups[0].columns[11].meta_data;
  std::string bytes(*file->View());
  int64_t start = meta.dictionary_page_offset.value_or(meta.data_page_offset);
  for (int64_t i = start; i < start + meta.total_compressed_size; ++i) bytes[static_cast<size_t>(i)] = '\xff';
  auto corrupted = InputFileFromString(bytes, "corrupt.parquet");
  ParquetReadOptions options;
  options.columns = std::vector<std::string>{"id", "category"};
  auto columns = testing::ReadAll(corrupted, options);
  ASSERT_TRUE(columns.ok()) << columns.status().ToString();
  options.columns = std::vector<std::string>{"name"};
  EXPECT_FALSE(testing::ReadAll(corrupted, options).ok());
}

TEST(ParquetRoundTrip, NoColumnsStillCountsRows) {
  auto batches = MixedBatches(2, 700);
  auto file = WriteFile(batches, {});
  ParquetReadOptions options;
  options.columns = std::vector<std::string>{};
  auto reader = OpenParquetReader(file, options);
  ASSERT_TRUE(reader.ok());
  int64_t rows = 0;
  while (true) {
    auto batch = (*reader)->Next();
    ASSERT_TRUE(batch.ok());
    if (!*batch) break;
    EXPECT_EQ((*batch)->num_columns(), 0u);
    rows += (*batch)->num_rows();
  }
  EXPECT_EQ(rows, 1400);
}

TEST(ParquetRoundTrip, BatchesAreBoundedAndNeverSpanRowGroups) {
  auto batches = MixedBatches(1, 5000);
  ParquetWriteOptions write;
  write.row_group_rows = 2000;
  auto file = WriteFile(batches, write);
  ParquetReadOptions read;
  read.batch_rows = 768;
  auto reader = OpenParquetReader(file, read);
  ASSERT_TRUE(reader.ok());
  std::vector<int64_t> sizes;
  while (true) {
    auto batch = (*reader)->Next();
    ASSERT_TRUE(batch.ok()) << batch.status().ToString();
    if (!*batch) break;
    sizes.push_back((*batch)->num_rows());
  }
  std::vector<int64_t> expected{768, 768, 464, 768, 768, 464, 768, 232};
  EXPECT_EQ(sizes, expected);
  ExpectSameValues(batches, file, read);
}

TEST(ParquetRoundTrip, ParallelDecodingGivesTheSameValues) {
  auto batches = MixedBatches(2, 3000);
  ParquetWriteOptions write;
  write.parallelism = 2;
  write.compression = BlockCodec::kZstd;
  auto one_group = WriteFile(batches, write);
  write.row_group_rows = 700;  // several row groups: read two at a time
  auto many_groups = WriteFile(batches, write);
  for (size_t threads : {size_t{2}, size_t{3}}) {
    ParquetReadOptions read;
    read.parallelism = threads;
    read.batch_rows = 300;
    ExpectSameValues(batches, one_group, read);
    ExpectSameValues(batches, many_groups, read);
  }
}

TEST(ParquetRoundTrip, ParallelReadingReportsErrorsInOrder) {
  auto batches = MixedBatches(1, 4000);
  ParquetWriteOptions write;
  write.row_group_rows = 1000;
  auto file = WriteFile(batches, write);
  auto parquet = ParquetFile::Open(file);
  ASSERT_TRUE(parquet.ok());
  // Break the "id" chunk of row group 2.
  const ColumnMetaData& meta = (*parquet)->metadata().row_groups[2].columns[0].meta_data;
  std::string bytes(*file->View());
  int64_t start = meta.dictionary_page_offset.value_or(meta.data_page_offset);
  for (int64_t i = start; i < start + meta.total_compressed_size; ++i) bytes[static_cast<size_t>(i)] = '\x7f';
  ParquetReadOptions read;
  read.parallelism = 2;
  read.columns = std::vector<std::string>{"id"};
  auto reader = OpenParquetReader(InputFileFromString(bytes, "broken.parquet"), read);
  ASSERT_TRUE(reader.ok());
  int64_t rows = 0;
  Status error;
  while (true) {
    auto batch = (*reader)->Next();
    if (!batch.ok()) {
      error = batch.status();
      break;
    }
    if (!*batch) break;
    const int64_t* ids = (*batch)->column(0)->Values<int64_t>();
    EXPECT_EQ(ids[0], rows);  // batches arrive in file order
    rows += (*batch)->num_rows();
  }
  EXPECT_EQ(rows, 2000);
  ASSERT_FALSE(error.ok());
  EXPECT_NE(error.message().find("row group 2"), std::string::npos) << error.ToString();

  // A reader dropped half way stops its threads.
  auto partial = OpenParquetReader(file, read);
  ASSERT_TRUE(partial.ok());
  ASSERT_TRUE((*partial)->Next().ok());
  partial->reset();
}

TEST(ParquetRoundTrip, SkipsRowGroupsByStatistics) {
  auto batches = MixedBatches(1, 10000);
  ParquetWriteOptions write;
  write.row_group_rows = 1000;
  auto file = WriteFile(batches, write);
  auto count_rows = [&](PushdownPredicate predicate) {
    ParquetReadOptions read;
    read.columns = std::vector<std::string>{"id"};
    read.predicate = std::move(predicate);
    auto columns = testing::ReadAll(file, read);
    EXPECT_TRUE(columns.ok());
    return (*columns)[0]->length();
  };
  using columnar::Scalar;
  EXPECT_EQ(count_rows({{"id", PredicateOp::kEq, {Scalar::Int64(4321)}}}), 1000);
  EXPECT_EQ(count_rows({{"id", PredicateOp::kGe, {Scalar::Int64(8500)}}}), 2000);
  EXPECT_EQ(count_rows({{"id", PredicateOp::kLt, {Scalar::Int64(0)}}}), 0);
  EXPECT_EQ(count_rows({{"id", PredicateOp::kIn, {Scalar::Int64(5), Scalar::Int64(9999)}}}), 2000);
  EXPECT_EQ(count_rows({{"id", PredicateOp::kIsNull, {}}}), 0);
  // Terms are ANDed; a term on a nested column or an unknown one never skips.
  EXPECT_EQ(count_rows({{"id", PredicateOp::kGt, {Scalar::Int64(1500)}},
                        {"id", PredicateOp::kLe, {Scalar::Int64(2500)}},
                        {"scores", PredicateOp::kIsNull, {}},
                        {"nope", PredicateOp::kEq, {Scalar::Int64(1)}}}),
            2000);
  // Strings compare byte-wise: no category sorts after "zzz".
  EXPECT_EQ(count_rows({{"category", PredicateOp::kGt, {Scalar::String("zzzz")}}}), 10000);  // ε and ζήτα do
  EXPECT_EQ(count_rows({{"category", PredicateOp::kLt, {Scalar::String("a")}}}), 0);
}

TEST(ParquetRoundTrip, FooterOnlyInfo) {
  auto batches = MixedBatches(1, 100);
  ParquetWriteOptions write;
  write.key_value_metadata = {{"origin", "unit test"}};
  auto file = WriteFile(batches, write);
  auto info = ReadParquetFileInfo(file);
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  EXPECT_EQ(info->num_rows, 100);
  EXPECT_EQ(info->num_row_groups, 1);
  EXPECT_EQ(info->created_by, "sluice version 0.1.0");
  ASSERT_EQ(info->key_value_metadata.size(), 1u);
  EXPECT_EQ(info->key_value_metadata[0].second, "unit test");
  EXPECT_EQ(info->schema->ToString(), batches[0]->schema()->ToString());
  EXPECT_FALSE(info->schema->field(0).nullable);
  EXPECT_TRUE(info->schema->field(1).nullable);
}

TEST(ParquetRoundTrip, EmptyFileAndEmptyBatches) {
  auto schema = columnar::MakeSchema({{"a", DataType::Int32()}});
  auto stream = std::make_unique<StringOutputStream>("empty.parquet");
  StringOutputStream* raw = stream.get();
  auto writer = OpenParquetWriter(std::move(stream), schema);
  ASSERT_TRUE(writer.ok());
  columnar::Int32Builder builder(DataType::Int32());
  ASSERT_TRUE((*writer)->Write(*columnar::RecordBatch::Make(schema, 0, {builder.Finish()})).ok());
  ASSERT_TRUE((*writer)->Close().ok());
  auto columns = testing::ReadAll(InputFileFromString(raw->contents(), "empty.parquet"));
  ASSERT_TRUE(columns.ok()) << columns.status().ToString();
  EXPECT_EQ((*columns)[0]->length(), 0);
}

TEST(ParquetRoundTrip, RejectsNullsInRequiredColumnsAndWrongSchemas) {
  auto schema = columnar::MakeSchema({{"a", DataType::Int32(), false}});
  auto writer = OpenParquetWriter(std::make_unique<StringOutputStream>("x.parquet"), schema);
  ASSERT_TRUE(writer.ok());
  columnar::Int32Builder builder(DataType::Int32());
  builder.AppendNull();
  Status status = (*writer)->Write(*columnar::RecordBatch::Make(schema, 1, {builder.Finish()}));
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("'a'"), std::string::npos);

  auto other = columnar::MakeSchema({{"b", DataType::Int32()}});
  auto writer2 = OpenParquetWriter(std::make_unique<StringOutputStream>("y.parquet"), schema);
  builder.Append(1);
  EXPECT_EQ((*writer2)->Write(*columnar::RecordBatch::Make(other, 1, {builder.Finish()})).code(),
            StatusCode::kInvalidArgument);
}

TEST(ParquetRoundTrip, DecimalsOutsideTheirPrecisionAreRefused) {
  auto schema = columnar::MakeSchema({{"d", DataType::Decimal(4, 0)}});
  auto writer = OpenParquetWriter(std::make_unique<StringOutputStream>("d.parquet"), schema);
  columnar::DecimalBuilder builder(DataType::Decimal(4, 0));
  builder.Append(columnar::Int128{1} << 40);
  EXPECT_EQ((*writer)->Write(*columnar::RecordBatch::Make(schema, 1, {builder.Finish()})).code(),
            StatusCode::kInvalidArgument);
}

TEST(ParquetRoundTrip, LocalFileStreamsThroughTheMapping) {
  auto batches = MixedBatches(2, 1500);
  char path[] = "/tmp/sluice-parquet-XXXXXX";
  int fd = ::mkstemp(path);
  ASSERT_GE(fd, 0);
  ::close(fd);
  {
    auto out = CreateLocalFile(path);
    ASSERT_TRUE(out.ok());
    auto writer = OpenParquetWriter(std::move(*out), batches[0]->schema());
    ASSERT_TRUE(writer.ok());
    for (const auto& batch : batches) ASSERT_TRUE((*writer)->Write(*batch).ok());
    ASSERT_TRUE((*writer)->Close().ok());
  }
  auto file = OpenLocalFile(path);
  ASSERT_TRUE(file.ok());
  ExpectSameValues(batches, *file);
  ::unlink(path);
}

}  // namespace
}  // namespace sluice::formats::parquet
