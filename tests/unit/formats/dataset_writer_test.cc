// DatasetWriter: Hive partition folders (escaping, NULL), partition columns left out of the
// files, target file size, the open-file limit, and reading every file back.
#include "formats/dataset/dataset_writer.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <map>

#include "columnar/builder.h"
#include "formats/dataset/hive_partition.h"
#include "formats/file_format.h"

namespace sluice::formats {
namespace {

using columnar::DataType;

class DatasetWriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/sluice-dataset-XXXXXX";
    root_ = ::mkdtemp(pattern);
  }
  void TearDown() override { std::filesystem::remove_all(root_); }

  // `rows` rows: id, region (4 values, one NULL in every 7th row, one needing escapes), amount.
  static columnar::BatchPtr Batch(int64_t first, int64_t rows) {
    auto schema = columnar::MakeSchema(
        {{"id", DataType::Int64()}, {"region", DataType::String()}, {"amount", DataType::Float64()}});
    columnar::Int64Builder id(DataType::Int64());
    columnar::StringBuilder region(DataType::String());
    columnar::Float64Builder amount(DataType::Float64());
    static const char* kRegions[] = {"eu", "us", "a/b=c", "apac"};
    for (int64_t i = first; i < first + rows; ++i) {
      id.Append(i);
      if (i % 7 == 0) region.AppendNull();
      else region.Append(kRegions[i % 4]);
      amount.Append(static_cast<double>(i) / 4);
    }
    return columnar::RecordBatch::Make(schema, rows, {id.Finish(), region.Finish(), amount.Finish()});
  }

  std::string root_;
};

TEST_F(DatasetWriterTest, HivePartitionsWithoutThePartitionColumn) {
  DatasetWriteOptions options;
  options.file.format = FileFormat::kCsv;
  options.partition_by = {"region"};
  auto writer = DatasetWriter::Make(Batch(0, 1)->schema(), options, LocalFolderOpener(root_));
  ASSERT_TRUE(writer.ok()) << writer.status().ToString();
  ASSERT_TRUE((*writer)->Write(*Batch(0, 1000)).ok());
  ASSERT_TRUE((*writer)->Write(*Batch(1000, 1000)).ok());
  ASSERT_TRUE((*writer)->Close().ok());
  EXPECT_EQ((*writer)->file_schema()->ToString(), "id: bigint, amount: double");
  EXPECT_EQ((*writer)->rows_written(), 2000);
  std::map<std::string, int64_t> rows_by_folder;
  int64_t total = 0;
  for (const WrittenFile& file : (*writer)->files()) {
    std::string folder = file.path.substr(0, file.path.find('/'));
    rows_by_folder[folder] += file.rows;
    // Every file reads back with the rows the writer counted.
    auto input = OpenLocalFile(root_ + "/" + file.path);
    ASSERT_TRUE(input.ok());
    ReadOptions read;
    read.csv.header = csv::HeaderMode::kPresent;
    auto reader = OpenReader(*input, read);
    ASSERT_TRUE(reader.ok()) << reader.status().ToString();
    EXPECT_EQ((*reader)->schema()->num_fields(), 2u);
    int64_t read_rows = 0;
    while (true) {
      auto batch = (*reader)->Next();
      ASSERT_TRUE(batch.ok());
      if (!*batch) break;
      read_rows += (*batch)->num_rows();
    }
    EXPECT_EQ(read_rows, file.rows) << file.path;
    total += read_rows;
  }
  EXPECT_EQ(total, 2000);
  std::map<std::string, int64_t> expected;
  for (int64_t i = 0; i < 2000; ++i) {
    static const char* kFolders[] = {"region=eu", "region=us", "region=a%2Fb%3Dc", "region=apac"};
    expected[i % 7 == 0 ? "region=__HIVE_DEFAULT_PARTITION__" : kFolders[i % 4]]++;
  }
  EXPECT_EQ(rows_by_folder, expected);
  EXPECT_TRUE(std::filesystem::is_directory(root_ + "/region=a%2Fb%3Dc"));
  EXPECT_EQ(UnescapeHivePathPart("a%2Fb%3Dc"), "a/b=c");
}

TEST_F(DatasetWriterTest, TargetFileSizeStartsNewFiles) {
  DatasetWriteOptions options;
  options.file.format = FileFormat::kJson;
  options.target_file_bytes = 200000;
  auto writer = DatasetWriter::Make(Batch(0, 1)->schema(), options, LocalFolderOpener(root_));
  ASSERT_TRUE(writer.ok());
  for (int i = 0; i < 40; ++i) ASSERT_TRUE((*writer)->Write(*Batch(i * 1000, 1000)).ok());
  ASSERT_TRUE((*writer)->Close().ok());
  const auto& files = (*writer)->files();
  ASSERT_GT(files.size(), 3u);
  int64_t rows = 0;
  for (const auto& file : files) {
    rows += file.rows;
    EXPECT_NE(file.path.find(".json"), std::string::npos);
    EXPECT_LT(file.bytes, 200000u + 100000u);  // a file ends after the batch that passes the target
    EXPECT_EQ(static_cast<uint64_t>(std::filesystem::file_size(root_ + "/" + file.path)), file.bytes);
  }
  EXPECT_EQ(rows, 40000);
}

TEST_F(DatasetWriterTest, OpenFileLimitClosesTheLeastRecentlyUsed) {
  DatasetWriteOptions options;
  options.file.format = FileFormat::kCsv;
  options.partition_by = {"id"};
  options.max_open_files = 3;
  auto writer = DatasetWriter::Make(Batch(0, 1)->schema(), options, LocalFolderOpener(root_));
  ASSERT_TRUE(writer.ok());
  ASSERT_TRUE((*writer)->Write(*Batch(0, 50)).ok());
  ASSERT_TRUE((*writer)->Close().ok());
  EXPECT_EQ((*writer)->files().size(), 50u);
  EXPECT_TRUE(std::filesystem::exists(root_ + "/id=49"));
}

TEST_F(DatasetWriterTest, RefusesBadPartitionColumns) {
  auto schema = Batch(0, 1)->schema();
  DatasetWriteOptions options;
  options.partition_by = {"nope"};
  EXPECT_FALSE(DatasetWriter::Make(schema, options, LocalFolderOpener(root_)).ok());
  options.partition_by = {"id", "region", "amount"};
  EXPECT_FALSE(DatasetWriter::Make(schema, options, LocalFolderOpener(root_)).ok());
  options.partition_by = {"id", "id"};
  EXPECT_FALSE(DatasetWriter::Make(schema, options, LocalFolderOpener(root_)).ok());
  auto opener = LocalFolderOpener(root_);
  EXPECT_FALSE(opener("../escape.csv").ok());
}

}  // namespace
}  // namespace sluice::formats
