// Hostile CSV: truncated and corrupt compressed files, invalid UTF-8, huge fields and rows,
// unterminated quotes, NUL bytes, enormous field counts, random damage. Each must give rows or
// a clear error naming the file, never a crash, a hang or an unbounded allocation.
#include <gtest/gtest.h>

#include <random>

#include "csv_test_support.h"
#include "formats/compression/compressing_output_stream.h"

namespace sluice::formats::csv {
namespace {

using testing::ReadCsv;

std::string Gzip(const std::string& text) {
  auto sink = std::make_unique<StringOutputStream>();
  auto* raw = sink.get();
  auto stream = CompressOutputStream(std::move(sink), StreamCompression::kGzip);
  EXPECT_TRUE((*stream)->Write(text).ok());
  EXPECT_TRUE((*stream)->Close().ok());
  return raw->contents();
}

std::string Valid(int rows) {
  std::string text = "id,name,when,amount\n";
  for (int i = 0; i < rows; ++i) {
    text += std::to_string(i) + ",\"n" + std::to_string(i) + ", \"\"q\"\"\",2024-01-" +
            std::to_string(10 + i % 20) + "," + std::to_string(i * 0.5) + "\n";
  }
  return text;
}

TEST(CsvHostileTest, TruncatedCompressedFileNamesFileAndOffset) {
  std::string gz = Gzip(Valid(20000));
  auto out = ReadCsv(gz.substr(0, gz.size() * 2 / 3), {}, "cut.csv.gz");
  ASSERT_FALSE(out.status.ok());
  EXPECT_EQ(out.status.code(), StatusCode::kDataLoss);
  EXPECT_NE(out.status.message().find("cut.csv.gz"), std::string::npos) << out.status.message();
  EXPECT_NE(out.status.message().find("near byte"), std::string::npos) << out.status.message();
}

TEST(CsvHostileTest, UnterminatedQuoteIsBoundedByTheRowLimit) {
  CsvReadOptions options;
  options.max_row_bytes = 64 << 10;
  options.block_bytes = 16 << 10;
  options.header = HeaderMode::kPresent;
  options.delimiter = ',';
  std::string text = "a,b\n1,\"never closed\n" + std::string(1 << 20, 'x');
  auto out = ReadCsv(text, options, "open.csv");
  ASSERT_FALSE(out.status.ok());
  EXPECT_NE(out.status.message().find("open.csv"), std::string::npos);
  // Compressed, the same file reaches the limit while streaming.
  auto gz = ReadCsv(Gzip(text), options, "open.csv.gz");
  ASSERT_FALSE(gz.status.ok());
  EXPECT_NE(gz.status.message().find("longer than 65536 bytes"), std::string::npos) << gz.status.message();
}

TEST(CsvHostileTest, TooManyColumnsIsAnError) {
  std::string header;
  for (int i = 0; i < 20000; ++i) header += (i ? ",c" : "c") + std::to_string(i);
  auto out = ReadCsv(header + "\n" + std::string(19999, ',') + "\n");
  EXPECT_EQ(out.status.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(out.status.message().find("limit"), std::string::npos) << out.status.message();
}

TEST(CsvHostileTest, RowsWithHugeFieldCountsAreMalformedNotAllocations) {
  CsvReadOptions options;
  options.on_error = ErrorPolicy::kSkip;
  options.header = HeaderMode::kPresent;
  options.delimiter = ',';
  std::string text = "a,b\n1,2\n" + std::string(1 << 20, ',') + "\n3,4\n";
  auto out = ReadCsv(text, options);
  ASSERT_TRUE(out.status.ok()) << out.status.ToString();
  EXPECT_EQ(out.rows.size(), 2u);
  EXPECT_EQ(out.skipped, 1);
}

TEST(CsvHostileTest, NulBytesAndInvalidUtf8) {
  CsvReadOptions skip;
  skip.on_error = ErrorPolicy::kSkip;
  static const char kText[] = "a,b\nx\0y,1\n\xc0\xaf,2\n\xed\xa0\x80,3\nok,4\n";
  std::string text(kText, sizeof(kText) - 1);
  auto out = ReadCsv(text, skip);
  ASSERT_TRUE(out.status.ok()) << out.status.ToString();
  // NUL is valid UTF-8 and kept; an overlong '/' and a surrogate are not.
  ASSERT_EQ(out.rows.size(), 2u);
  EXPECT_EQ(out.rows[0][0], std::string("x\0y", 3));
  EXPECT_EQ(out.rows[1][0], "ok");
  EXPECT_EQ(out.skipped, 2);
  // An invalid header name is still a name; only data values are checked.
  auto header = ReadCsv("\xff,b\n1,2\n");
  EXPECT_TRUE(header.status.ok());
}

TEST(CsvHostileTest, DegenerateFiles) {
  for (const char* text : {"\n\n\n\n", "\"", "\"\"\"", ",,,\n,,,\n", "\r\r\r", "\xEF\xBB\xBF", "a", "\"a\nb"}) {
    auto out = ReadCsv(text);
    (void)out;  // any outcome but a crash
  }
  auto commas = ReadCsv(",,,\n,,,\n");
  ASSERT_TRUE(commas.status.ok());
  EXPECT_EQ(commas.schema->num_fields(), 4u);
}

TEST(CsvHostileTest, RandomDamageNeverCrashes) {
  std::mt19937 random(17);
  std::string base = Valid(300);
  for (int round = 0; round < 300; ++round) {
    std::string text = base;
    int edits = 1 + static_cast<int>(random() % 8);
    for (int k = 0; k < edits; ++k) {
      size_t at = random() % text.size();
      switch (random() % 4) {
        case 0: text[at] = static_cast<char>(random() % 256); break;
        case 1: text.insert(at, 1, "\",\n\r\\\0"[random() % 6]); break;
        case 2: text.erase(at, 1 + random() % 5); break;
        default: text.insert(at, text.substr(random() % text.size(), 1 + random() % 40)); break;
      }
    }
    CsvReadOptions options;
    options.on_error = round % 2 ? ErrorPolicy::kSkip : ErrorPolicy::kFail;
    options.block_bytes = 4096;
    options.parallelism = round % 3 == 0 ? 2 : 1;
    if (round % 5 == 0) options.escape = '\\';
    if (round % 7 == 0) options.sample_rows = 10;
    auto out = ReadCsv(text, options);
    if (!out.status.ok()) {
      EXPECT_NE(out.status.message().find("test.csv"), std::string::npos) << out.status.message();
    }
  }
}

}  // namespace
}  // namespace sluice::formats::csv
