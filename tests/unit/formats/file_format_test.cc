// Format and compression detection, reader/writer dispatch, and schema inference from whole
// files and from samples (including a cut-off compressed sample).
#include "formats/file_format.h"

#include <gtest/gtest.h>

#include "formats/compression/compressing_output_stream.h"

namespace sluice::formats {
namespace {

std::string Compressed(StreamCompression compression, const std::string& text) {
  auto sink = std::make_unique<StringOutputStream>();
  auto* raw = sink.get();
  auto stream = CompressOutputStream(std::move(sink), compression);
  EXPECT_TRUE((*stream)->Write(text).ok());
  EXPECT_TRUE((*stream)->Close().ok());
  return raw->contents();
}

TEST(FileFormatTest, NamesAndExtensions) {
  EXPECT_EQ(FileFormatFromPath("a/b.csv.gz"), FileFormat::kCsv);
  EXPECT_EQ(FileFormatFromPath("x.JSONL"), FileFormat::kJson);
  EXPECT_EQ(FileFormatFromPath("x.ndjson.zst"), FileFormat::kJson);
  EXPECT_EQ(FileFormatFromPath("p.parquet"), FileFormat::kParquet);
  EXPECT_EQ(FileFormatFromPath("noext"), std::nullopt);
  EXPECT_EQ(ParseFileFormat("Parquet"), FileFormat::kParquet);
  EXPECT_EQ(ParseFileFormat("xml"), std::nullopt);
}

TEST(FileFormatTest, DetectsByContentWithoutExtension) {
  EXPECT_EQ(*DetectFileFormat(InputFileFromString("  {\"a\":1}\n", "data")), FileFormat::kJson);
  EXPECT_EQ(*DetectFileFormat(InputFileFromString("a,b\n1,2\n", "data")), FileFormat::kCsv);
  EXPECT_EQ(*DetectFileFormat(InputFileFromString(Compressed(StreamCompression::kGzip, "[{\"a\":1}]"), "data")),
            FileFormat::kJson);
  EXPECT_EQ(*DetectFileFormat(InputFileFromString(std::string("PAR1") + std::string(20, '\0') + "PAR1", "data")),
            FileFormat::kParquet);
}

TEST(FileFormatTest, WriterAndReaderRoundTripEveryFormat) {
  auto source = InputFileFromString("id,name,price\n1,a,1.5\n2,,2.5\n3,\"c,d\",\n", "in.csv");
  struct Case {
    FileFormat format;
    StreamCompression compression;
    std::string name;
  };
  for (const Case& c : {Case{FileFormat::kCsv, StreamCompression::kGzip, "out.csv.gz"},
                        Case{FileFormat::kJson, StreamCompression::kZstd, "out.json.zst"},
                        Case{FileFormat::kParquet, StreamCompression::kNone, "out.parquet"}}) {
    auto reader = OpenReader(source, {});
    ASSERT_TRUE(reader.ok()) << reader.status().ToString();
    auto sink = std::make_unique<StringOutputStream>(c.name);
    auto* raw = sink.get();
    WriteOptions write;
    write.format = c.format;
    write.compression = c.compression;
    auto writer = OpenWriter(std::move(sink), (*reader)->schema(), write);
    ASSERT_TRUE(writer.ok()) << writer.status().ToString();
    std::vector<std::string> expected;
    while (true) {
      auto batch = (*reader)->Next();
      ASSERT_TRUE(batch.ok());
      if (!*batch) break;
      for (int64_t r = 0; r < (*batch)->num_rows(); ++r) {
        std::string row;
        for (const auto& column : (*batch)->columns()) row += column->ValueToString(r) + "|";
        expected.push_back(row);
      }
      ASSERT_TRUE((*writer)->Write(**batch).ok());
    }
    ASSERT_TRUE((*writer)->Close().ok());
    auto back = OpenReader(InputFileFromString(raw->contents(), c.name), {});
    ASSERT_TRUE(back.ok()) << c.name << ": " << back.status().ToString();
    EXPECT_EQ((*back)->schema()->ToString(), "id: bigint, name: string, price: double") << c.name;
    std::vector<std::string> got;
    while (true) {
      auto batch = (*back)->Next();
      ASSERT_TRUE(batch.ok()) << batch.status().ToString();
      if (!*batch) break;
      for (int64_t r = 0; r < (*batch)->num_rows(); ++r) {
        std::string row;
        for (const auto& column : (*batch)->columns()) row += column->ValueToString(r) + "|";
        got.push_back(row);
      }
    }
    EXPECT_EQ(got, expected) << c.name;
  }
  WriteOptions parquet_gz;
  parquet_gz.compression = StreamCompression::kGzip;
  EXPECT_FALSE(OpenWriter(std::make_unique<StringOutputStream>(), columnar::MakeSchema({}), parquet_gz).ok());
}

TEST(FileFormatTest, InfersFromACutOffCompressedSample) {
  std::string text = "day;amount;note\n";
  for (int i = 0; i < 20000; ++i) text += "2024-01-" + std::to_string(10 + i % 20) + ";" + std::to_string(i) + ",5;x\n";
  std::string gz = Compressed(StreamCompression::kGzip, text);
  std::string sample = gz.substr(0, gz.size() / 3);  // the first bytes of an object
  auto inferred = InferSchemaFromSample(sample, /*whole_file=*/false, "s3://b/k/data.csv.gz", {});
  ASSERT_TRUE(inferred.ok()) << inferred.status().ToString();
  EXPECT_EQ(inferred->format, FileFormat::kCsv);
  EXPECT_EQ(inferred->compression, StreamCompression::kGzip);
  EXPECT_EQ(inferred->schema->ToString(), "day: date, amount: string, note: string");
  ASSERT_TRUE(inferred->csv_dialect.has_value());
  EXPECT_EQ(inferred->csv_dialect->delimiter, ';');
  EXPECT_TRUE(inferred->csv_header);
  EXPECT_GT(inferred->confidence, 0.99);
  EXPECT_EQ(inferred->column_reasons.size(), 3u);
  EXPECT_FALSE(inferred->notes.empty());

  auto json = InferSchemaFromSample("{\"a\": 1, \"b\": [\"x\"]}\n{\"a\": 2.5, \"c\": {\"d\": true}}\n{\"a\": 3, \"b", false,
                                    "events", {});
  ASSERT_TRUE(json.ok()) << json.status().ToString();
  EXPECT_EQ(json->schema->ToString(), "a: double, b: array<string>, c: struct<d:boolean>");
  EXPECT_EQ(json->sampled_rows, 2);
  EXPECT_EQ(json->json_format, json::JsonFormat::kLines);
}

}  // namespace
}  // namespace sluice::formats
