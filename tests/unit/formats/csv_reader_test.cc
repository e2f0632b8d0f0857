// CsvReader: RFC 4180 quoting, dialects, headers, NULLs, types, malformed rows under both
// policies, compressed input, projection, and the parallel path against a reference parser.
#include "formats/csv/reader.h"

#include <gtest/gtest.h>

#include <random>

#include "csv_test_support.h"
#include "formats/compression/compressing_output_stream.h"

namespace sluice::formats::csv {
namespace {

using testing::ReadCsv;
using testing::TypesOf;
using Rows = std::vector<std::vector<std::string>>;

TEST(CsvReaderTest, HeaderTypesAndValues) {
  auto out = ReadCsv("id,name,price,day,at,ok\n"
                     "1,apple,1.5,2024-01-31,2024-01-31 10:00:00,true\n"
                     "2,,2.25,2024-02-29,2024-02-29T23:59:59.5,false\n");
  ASSERT_TRUE(out.status.ok()) << out.status.ToString();
  EXPECT_EQ(out.schema->ToString(),
            "id: bigint, name: string, price: double, day: date, at: timestamp, ok: boolean");
  EXPECT_EQ(out.rows, (Rows{{"1", "apple", "1.5", "2024-01-31", "2024-01-31 10:00:00", "true"},
                            {"2", "NULL", "2.25", "2024-02-29", "2024-02-29 23:59:59.5", "false"}}));
  EXPECT_TRUE(out.sniffed.has_header);
}

TEST(CsvReaderTest, QuotingPerRfc4180) {
  auto out = ReadCsv("a,b\n"
                     "\"x,y\",\"he said \"\"hi\"\"\"\n"
                     "\"line1\nline2\",\"\"\n"
                     "plain,\"\"\"\"\n");
  ASSERT_TRUE(out.status.ok()) << out.status.ToString();
  ASSERT_EQ(out.rows.size(), 3u);
  EXPECT_EQ(out.rows[0], (std::vector<std::string>{"x,y", "he said \"hi\""}));
  EXPECT_EQ(out.rows[1], (std::vector<std::string>{"line1\nline2", ""}));  // "" is an empty string
  EXPECT_EQ(out.rows[2], (std::vector<std::string>{"plain", "\""}));
}

TEST(CsvReaderTest, CrlfBomAndMissingFinalNewline) {
  auto out = ReadCsv("\xEF\xBB\xBFid,v\r\n1,a\r\n2,\"b\"\r\n3,c");
  ASSERT_TRUE(out.status.ok()) << out.status.ToString();
  EXPECT_EQ(out.schema->field(0).name, "id");
  EXPECT_EQ(out.rows, (Rows{{"1", "a"}, {"2", "b"}, {"3", "c"}}));
  EXPECT_TRUE(out.sniffed.has_bom);
}

TEST(CsvReaderTest, SniffsDelimitersAndQuotes) {
  for (char delimiter : {',', ';', '\t', '|'}) {
    std::string d(1, delimiter);
    auto out = ReadCsv("name" + d + "n" + d + "note\n'O''Brien'" + d + "1" + d + "\"a" + d + "b\"\nx" + d + "2" + d + "y\n");
    ASSERT_TRUE(out.status.ok()) << out.status.ToString();
    EXPECT_EQ(out.sniffed.dialect.delimiter, delimiter);
    EXPECT_EQ(out.sniffed.dialect.quote, '"');
    ASSERT_EQ(out.rows.size(), 2u);
    EXPECT_EQ(out.rows[0][0], "'O''Brien'");
    EXPECT_EQ(out.rows[0][2], "a" + d + "b");
  }
}

TEST(CsvReaderTest, HeaderDetection) {
  // All numbers: no header.
  auto numbers = ReadCsv("1,2\n3,4\n");
  ASSERT_TRUE(numbers.status.ok());
  EXPECT_FALSE(numbers.sniffed.has_header);
  EXPECT_EQ(numbers.schema->field(0).name, "col0");
  EXPECT_EQ(numbers.rows.size(), 2u);
  // Names over numbers: header.
  auto named = ReadCsv("x,y\n3,4\n");
  EXPECT_TRUE(named.sniffed.has_header);
  // All text, first row distinct names: header by default, data with the Glue rule.
  auto text = ReadCsv("fruit,colour\napple,red\npear,green\n");
  EXPECT_TRUE(text.sniffed.has_header);
  CsvReadOptions glue;
  glue.header_when_all_text = false;
  auto glue_text = ReadCsv("fruit,colour\napple,red\npear,green\n", glue);
  EXPECT_FALSE(glue_text.sniffed.has_header);
  EXPECT_EQ(glue_text.rows.size(), 3u);
  // Forced either way.
  CsvReadOptions absent;
  absent.header = HeaderMode::kAbsent;
  EXPECT_EQ(ReadCsv("x,y\n3,4\n", absent).rows.size(), 2u);
  // A header-only file gives the columns and no rows.
  auto header_only = ReadCsv("id,name\n");
  ASSERT_TRUE(header_only.status.ok()) << header_only.status.ToString();
  EXPECT_EQ(header_only.schema->num_fields(), 2u);
  EXPECT_TRUE(header_only.rows.empty());
}

TEST(CsvReaderTest, NullValuesAndOverrides) {
  CsvReadOptions options;
  options.null_values = {"", "NA", "\\N"};
  options.column_types["code"] = columnar::DataType::String();
  auto out = ReadCsv("n,code,s\n1,007,NA\nNA,008,\"NA\"\n\\N,,x\n", options);
  ASSERT_TRUE(out.status.ok()) << out.status.ToString();
  EXPECT_EQ(TypesOf(*out.schema), "bigint,string,string");
  EXPECT_EQ(out.rows, (Rows{{"1", "007", "NULL"}, {"NULL", "008", "NA"}, {"NULL", "NULL", "x"}}));
}

TEST(CsvReaderTest, MalformedRowsFailWithFileAndLine) {
  auto out = ReadCsv("a,b\n1,2\n3\n4,5\n", {}, "data/in.csv");
  EXPECT_EQ(out.status.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(out.status.message().find("data/in.csv:3: expected 2 fields, found 1"), std::string::npos)
      << out.status.message();
}

TEST(CsvReaderTest, MalformedRowsSkippedAndCounted) {
  CsvReadOptions options;
  options.on_error = ErrorPolicy::kSkip;
  options.column_types["b"] = columnar::DataType::Int64();
  auto out = ReadCsv("a,b\n1,2\n3\n\"multi\nline\",x\n4,5\n6,7,8\n", options, "in.csv");
  ASSERT_TRUE(out.status.ok()) << out.status.ToString();
  EXPECT_EQ(out.rows, (Rows{{"1", "2"}, {"4", "5"}}));
  EXPECT_EQ(out.skipped, 3);
  ASSERT_EQ(out.messages.size(), 3u);
  EXPECT_EQ(out.messages[0], "in.csv:3: expected 2 fields, found 1");
  EXPECT_EQ(out.messages[1], "in.csv:4: column 'b': 'x' is not a valid bigint");
  EXPECT_EQ(out.messages[2], "in.csv:7: expected 2 fields, found 3");
}

TEST(CsvReaderTest, BadValuesAfterTheSampleNameTheirLine) {
  std::string text = "n\n";
  for (int i = 0; i < 100; ++i) text += std::to_string(i) + "\n";
  text += "oops\n";
  CsvReadOptions options;
  options.sample_rows = 50;
  auto out = ReadCsv(text, options);
  EXPECT_NE(out.status.message().find("test.csv:102: column 'n': 'oops' is not a valid bigint"), std::string::npos)
      << out.status.message();
  // Inferring over the whole file instead makes the column text.
  options.sample_rows = -1;
  options.sample_bytes = 1024;
  text.append(2000, '\n');
  auto whole = ReadCsv(text, options);
  ASSERT_TRUE(whole.status.ok()) << whole.status.ToString();
  EXPECT_EQ(TypesOf(*whole.schema), "string");
}

TEST(CsvReaderTest, BrokenQuotingIsAnError) {
  auto unterminated = ReadCsv("a,b\n1,\"open\n2,3\n");
  EXPECT_FALSE(unterminated.status.ok());
  CsvReadOptions skip;
  skip.on_error = ErrorPolicy::kSkip;
  auto trailing = ReadCsv("a,b\n1,\"x\"y\n2,z\n", skip);
  ASSERT_TRUE(trailing.status.ok()) << trailing.status.ToString();
  EXPECT_EQ(trailing.rows, (Rows{{"2", "z"}}));
  EXPECT_EQ(trailing.skipped, 1);
}

TEST(CsvReaderTest, BackslashEscapes) {
  CsvReadOptions options;
  options.escape = '\\';
  auto out = ReadCsv("a,b\n\"x\\\"y\",\"c:\\\\dir\"\n\"p,q\",r\n", options);
  ASSERT_TRUE(out.status.ok()) << out.status.ToString();
  EXPECT_EQ(out.rows, (Rows{{"x\"y", "c:\\dir"}, {"p,q", "r"}}));
}

TEST(CsvReaderTest, InvalidUtf8IsAMalformedRow) {
  CsvReadOptions skip;
  skip.on_error = ErrorPolicy::kSkip;
  auto out = ReadCsv("a,b\n1,ok\n2,bad\xff\xfe\n3,\xc3\xa9t\xc3\xa9\n", skip);
  ASSERT_TRUE(out.status.ok()) << out.status.ToString();
  EXPECT_EQ(out.rows, (Rows{{"1", "ok"}, {"3", "été"}}));
  EXPECT_EQ(out.messages, (std::vector<std::string>{"test.csv:3: column 'b': invalid UTF-8"}));
}

TEST(CsvReaderTest, ProjectionPicksColumnsInOrder) {
  CsvReadOptions options;
  options.include_columns = {"c", "a"};
  auto out = ReadCsv("a,b,c\n1,2,3\n4,5,6\n", options);
  ASSERT_TRUE(out.status.ok());
  EXPECT_EQ(out.schema->ToString(), "c: bigint, a: bigint");
  EXPECT_EQ(out.rows, (Rows{{"3", "1"}, {"6", "4"}}));
  options.include_columns = {"zz"};
  EXPECT_EQ(ReadCsv("a\n1\n", options).status.code(), StatusCode::kInvalidArgument);
}

TEST(CsvReaderTest, BlankLinesAreSkippedExceptInOneColumnFiles) {
  auto two = ReadCsv("a,b\n1,2\n\n3,4\n\r\n");
  EXPECT_EQ(two.rows, (Rows{{"1", "2"}, {"3", "4"}}));
  auto one = ReadCsv("a\nx\n\ny\n");
  EXPECT_EQ(one.rows, (Rows{{"x"}, {"NULL"}, {"y"}}));
}

TEST(CsvReaderTest, CompressedFilesByExtensionAndMagic) {
  std::string text = "id,v\n";
  for (int i = 0; i < 50000; ++i) text += std::to_string(i) + ",\"v" + std::to_string(i) + "\nx\"\n";
  for (auto [compression, name] : {std::pair{StreamCompression::kGzip, "t.csv.gz"},
                                   std::pair{StreamCompression::kZstd, "t.csv.zst"},
                                   std::pair{StreamCompression::kBzip2, "t.csv.bz2"},
                                   std::pair{StreamCompression::kGzip, "no-extension"}}) {
    auto sink = std::make_unique<StringOutputStream>();
    auto* raw = sink.get();
    auto stream = CompressOutputStream(std::move(sink), compression);
    ASSERT_TRUE((*stream)->Write(text).ok());
    ASSERT_TRUE((*stream)->Close().ok());
    CsvReadOptions options;
    options.block_bytes = 64 << 10;  // many blocks, rows carried across them
    auto out = ReadCsv(raw->contents(), options, name);
    ASSERT_TRUE(out.status.ok()) << name << ": " << out.status.ToString();
    ASSERT_EQ(out.rows.size(), 50000u) << name;
    EXPECT_EQ(out.rows[49999], (std::vector<std::string>{"49999", "v49999\nx"}));
  }
}

TEST(CsvReaderTest, EmptyFileIsAClearError) {
  auto out = ReadCsv("", {}, "empty.csv");
  EXPECT_EQ(out.status.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(out.status.message().find("empty.csv"), std::string::npos);
}

TEST(CsvReaderTest, RowLongerThanTheLimitFails) {
  CsvReadOptions options;
  options.block_bytes = 4096;
  options.max_row_bytes = 8192;
  options.header = HeaderMode::kPresent;
  options.delimiter = ',';
  std::string text = "a,b\n1,\"" + std::string(100000, 'x') + "\"\n2,y\n";
  auto out = ReadCsv(text, options);
  EXPECT_EQ(out.status.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(out.status.message().find("longer than 8192 bytes"), std::string::npos) << out.status.message();
  // A large field within the limit is fine.
  options.max_row_bytes = 1 << 20;
  auto big = ReadCsv(text, options);
  ASSERT_TRUE(big.status.ok()) << big.status.ToString();
  EXPECT_EQ(big.rows[0][1].size(), 100000u);
}

// A straightforward RFC 4180 parser to check the fast paths against.
Rows ReferenceParse(const std::string& text) {
  Rows rows;
  std::vector<std::string> row;
  std::string field;
  bool inside = false, quoted = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (inside) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field.push_back('"');
          ++i;
        } else {
          inside = false;
        }
      } else {
        field.push_back(c);
      }
    } else if (c == '"') {
      inside = quoted = true;
    } else if (c == ',') {
      row.push_back(field.empty() && !quoted ? "NULL" : field);
      field.clear();
      quoted = false;
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      continue;  // the \r of a \r\n line end
    } else if (c == '\n') {
      row.push_back(field.empty() && !quoted ? "NULL" : field);
      rows.push_back(row);
      row.clear();
      field.clear();
      quoted = false;
    } else {
      field.push_back(c);
    }
  }
  return rows;
}

std::string RandomCsv(std::mt19937& random, int rows, int columns) {
  static const std::vector<std::string> kPieces = {"a", "bc", ",", "\"", "\n", "\r\n", " ", "é", "12", "x y"};
  std::string out;
  for (int c = 0; c < columns; ++c) out += (c ? ",h" : "h") + std::to_string(c);
  out += "\n";
  for (int r = 0; r < rows; ++r) {
    for (int c = 0; c < columns; ++c) {
      if (c) out += ",";
      int kind = static_cast<int>(random() % 4);
      std::string value;
      int length = static_cast<int>(random() % 6);
      for (int k = 0; k < length; ++k) value += kPieces[random() % kPieces.size()];
      bool needs_quotes = value.find_first_of(",\"\n\r") != std::string::npos;
      if (kind == 0 || needs_quotes) {
        std::string quoted = "\"";
        for (char ch : value) quoted += ch == '"' ? std::string("\"\"") : std::string(1, ch);
        out += quoted + "\"";
      } else if (kind == 1) {
        out += "";
      } else {
        out += value;
      }
    }
    out += random() % 3 == 0 ? "\r\n" : "\n";
  }
  return out;
}

TEST(CsvReaderTest, ParallelBlocksMatchAReferenceParser) {
  std::mt19937 random(11);
  for (int round = 0; round < 6; ++round) {
    std::string text = RandomCsv(random, 3000 + round * 500, 1 + round % 4);
    CsvReadOptions options;
    options.header = HeaderMode::kPresent;
    options.delimiter = ',';
    options.quote = '"';
    options.block_bytes = 4096 + static_cast<size_t>(round) * 1000;  // many small blocks
    options.parallelism = 2;
    options.column_types.clear();
    options.inference.detect_numbers = options.inference.detect_booleans = options.inference.detect_dates = false;
    auto out = ReadCsv(text, options);
    ASSERT_TRUE(out.status.ok()) << out.status.ToString();
    Rows expected = ReferenceParse(text);
    expected.erase(expected.begin());  // header
    // The reference keeps blank lines only when they carry a field; the generator makes none.
    ASSERT_EQ(out.rows.size(), expected.size()) << "round " << round;
    for (size_t i = 0; i < expected.size(); ++i) ASSERT_EQ(out.rows[i], expected[i]) << "round " << round << " row " << i;
  }
}

TEST(CsvReaderTest, BatchesAreCutToBatchRows) {
  std::string text = "n\n";
  for (int i = 0; i < 10000; ++i) text += std::to_string(i) + "\n";
  CsvReadOptions options;
  options.batch_rows = 1000;
  auto reader = CsvReader::Open(InputFileFromString(text, "n.csv"), options);
  ASSERT_TRUE(reader.ok());
  int64_t total = 0, batches = 0;
  while (true) {
    auto batch = (*reader)->Next();
    ASSERT_TRUE(batch.ok());
    if (!*batch) break;
    EXPECT_LE((*batch)->num_rows(), 1000);
    EXPECT_EQ((*batch)->column(0)->Values<int64_t>()[0], total);
    total += (*batch)->num_rows();
    ++batches;
  }
  EXPECT_EQ(total, 10000);
  EXPECT_EQ(batches, 10);
}

}  // namespace
}  // namespace sluice::formats::csv
