// CsvWriter: quoting, NULL against empty strings, every type's text, and a round trip back
// through CsvReader.
#include "formats/csv/writer.h"

#include <gtest/gtest.h>

#include "columnar/builder.h"
#include "csv_test_support.h"

namespace sluice::formats::csv {
namespace {

using columnar::DataType;

columnar::BatchPtr SampleBatch() {
  auto schema = columnar::MakeSchema({{"s", DataType::String()},
                                      {"i", DataType::Int64()},
                                      {"d", DataType::Float64()},
                                      {"dec", DataType::Decimal(10, 2)},
                                      {"day", DataType::Date()},
                                      {"at", DataType::Timestamp()},
                                      {"b", DataType::Boolean()}});
  columnar::StringBuilder s(DataType::String());
  columnar::Int64Builder i(DataType::Int64());
  columnar::Float64Builder d(DataType::Float64());
  columnar::DecimalBuilder dec(DataType::Decimal(10, 2));
  columnar::Int32Builder day(DataType::Date());
  columnar::Int64Builder at(DataType::Timestamp());
  columnar::BooleanBuilder b(DataType::Boolean());
  for (const char* text : {"plain", "a,b", "say \"hi\"", "two\nlines", "", "é 🙂"}) s.Append(text);
  s.AppendNull();
  for (int64_t v : {0L, -1L, INT64_MAX, INT64_MIN, 42L, 7L}) i.Append(v);
  i.AppendNull();
  for (double v : {0.1, -2.5, 1e300, 3.0, 1.0 / 3, 0.0}) d.Append(v);
  d.AppendNull();
  for (int v : {12345, -5, 0, 100, 99999, 1}) dec.Append(v);
  dec.AppendNull();
  for (int v : {0, 19753, -1, 365, 20000, 1}) day.Append(v);
  day.AppendNull();
  for (int64_t v : {0L, 1706704496123456L, -1L, 86400000000L, 1L, 2L}) at.Append(v);
  at.AppendNull();
  for (bool v : {true, false, true, true, false, false}) b.Append(v);
  b.AppendNull();
  return columnar::RecordBatch::Make(schema, 7,
                                     {s.Finish(), i.Finish(), d.Finish(), dec.Finish(), day.Finish(), at.Finish(),
                                      b.Finish()});
}

std::string Write(const columnar::BatchPtr& batch, CsvWriteOptions options = {}) {
  auto sink = std::make_unique<StringOutputStream>();
  auto* raw = sink.get();
  auto writer = CsvWriter::Make(std::move(sink), batch->schema(), options);
  EXPECT_TRUE(writer.ok());
  EXPECT_TRUE((*writer)->Write(*batch).ok());
  EXPECT_TRUE((*writer)->Close().ok());
  EXPECT_EQ((*writer)->rows_written(), batch->num_rows());
  return raw->contents();
}

TEST(CsvWriterTest, QuotesOnlyWhatNeedsIt) {
  std::string text = Write(SampleBatch());
  EXPECT_EQ(text.substr(0, text.find('\n')), "s,i,d,dec,day,at,b");
  EXPECT_NE(text.find("plain,0,0.1,123.45,1970-01-01,1970-01-01 00:00:00,true\n"), std::string::npos) << text;
  EXPECT_NE(text.find("\"a,b\",-1,-2.5,-0.05,2024-01-31,2024-01-31 12:34:56.123456,false\n"), std::string::npos) << text;
  EXPECT_NE(text.find("\"say \"\"hi\"\"\""), std::string::npos);
  EXPECT_NE(text.find("\"two\nlines\""), std::string::npos);
  EXPECT_NE(text.find("\n\"\",42,"), std::string::npos);  // the empty string stays apart from NULL
  EXPECT_EQ(text.substr(text.size() - 8), "\n,,,,,,\n");  // the NULL row
}

TEST(CsvWriterTest, RoundTripsThroughTheReader) {
  auto batch = SampleBatch();
  CsvReadOptions options;
  options.schema = batch->schema();
  options.header = HeaderMode::kPresent;
  auto back = testing::ReadCsv(Write(batch), options);
  ASSERT_TRUE(back.status.ok()) << back.status.ToString();
  ASSERT_EQ(back.rows.size(), 7u);
  for (int64_t r = 0; r < 7; ++r) {
    for (size_t c = 0; c < batch->num_columns(); ++c) {
      EXPECT_EQ(back.rows[r][c], batch->column(c)->ValueToString(r)) << "row " << r << " column " << c;
    }
  }
}

TEST(CsvWriterTest, OtherDialectsAndNullText) {
  CsvWriteOptions options;
  options.dialect = {';', '\'', '\\'};
  options.null_string = "\\N";
  options.line_terminator = "\r\n";
  options.header = false;
  std::string text = Write(SampleBatch(), options);
  EXPECT_EQ(text.substr(0, text.find('\n') + 1), "plain;0;0.1;123.45;1970-01-01;1970-01-01 00:00:00;true\r\n");
  EXPECT_NE(text.find("\\N;\\N;\\N"), std::string::npos);
  CsvWriteOptions bad;
  bad.dialect.delimiter = '\n';
  EXPECT_FALSE(CsvWriter::Make(std::make_unique<StringOutputStream>(), SampleBatch()->schema(), bad).ok());
}

}  // namespace
}  // namespace sluice::formats::csv
