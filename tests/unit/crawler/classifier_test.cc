#include "crawler/crawl/file_classifier.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include "crawler/crawl/csv_classifier.h"
#include "crawler/crawl/json_classifier.h"

namespace sluice::crawler {
namespace {

std::string Types(const FileSchema& schema) {
  std::string out;
  for (const auto& c : schema.columns) out += (out.empty() ? "" : ",") + c.name + ":" + c.type;
  return out;
}

FileSchema Classify(std::string data, std::string key = "data.txt", const ClassifierSet& set = ClassifierSet()) {
  return ClassifyFile(formats::InputFileFromString(std::move(data), key), key, set);
}

TEST(CsvClassifierTest, HeaderDetectedWhenDataIsTyped) {
  FileSchema s = Classify("id,Name,price,active\n1,apple,1.5,true\n2,pear,2,false\n");
  EXPECT_EQ(s.classification, "csv");
  EXPECT_TRUE(s.has_header);
  EXPECT_EQ(s.delimiter, ',');
  EXPECT_EQ(Types(s), "id:bigint,name:string,price:double,active:boolean");
}

TEST(CsvClassifierTest, NoHeaderWhenFirstRowIsData) {
  FileSchema s = Classify("1,apple,1.5\n2,pear,2.5\n3,fig,3\n");
  EXPECT_FALSE(s.has_header);
  EXPECT_EQ(Types(s), "col0:bigint,col1:string,col2:double");
}

TEST(CsvClassifierTest, AllStringColumnsMeanNoHeader) {
  FileSchema s = Classify("name,city\nann,paris\nbob,rome\n");
  EXPECT_EQ(s.classification, "csv");
  EXPECT_FALSE(s.has_header);
  EXPECT_EQ(Types(s), "col0:string,col1:string");
}

TEST(CsvClassifierTest, DelimitersSemicolonTabPipe) {
  EXPECT_EQ(Classify("a;b;c\n1;2,5;x\n3;4,5;y\n").delimiter, ';');
  EXPECT_EQ(Classify("a\tb\n1\tx\n2\ty\n").delimiter, '\t');
  EXPECT_EQ(Classify("a|b\n1|x\n2|y\n").delimiter, '|');
  FileSchema semicolon = Classify("a;b;c\n1;2,5;x\n3;4,5;y\n");
  EXPECT_EQ(Types(semicolon), "a:bigint,b:string,c:string");  // "2,5" is not a number in Glue's rules
}

TEST(CsvClassifierTest, QuotedFieldsNeedOpenCsvSerde) {
  FileSchema s = Classify("id,comment\n1,\"hello, world\"\n2,\"x\"\n");
  EXPECT_TRUE(s.quoted);
  EXPECT_TRUE(s.open_csv_serde);
  FileSchema plain = Classify("id,comment\n1,\"hello\"\n2,\"x\"\n");
  EXPECT_TRUE(plain.quoted);
  EXPECT_FALSE(plain.open_csv_serde);
}

TEST(CsvClassifierTest, RejectsSingleColumnAndRaggedLines) {
  EXPECT_EQ(Classify("a\nb\nc\n").classification, "UNKNOWN");
  EXPECT_EQ(Classify("a,b\n1,2,3\n4\n").classification, "UNKNOWN");
  EXPECT_EQ(Classify("a,b\n").classification, "UNKNOWN");  // one record
  EXPECT_NE(Classify("a,b\n1,2,3\n4\n").explanation.find("fields"), std::string::npos);
}

TEST(CsvClassifierTest, TruncatedSampleDropsPartialRecord) {
  std::string reason;
  auto s = ClassifyCsv("a,b\n1,2\n3,", /*truncated=*/true, CsvOptions{}, &reason);
  ASSERT_TRUE(s.has_value()) << reason;
  EXPECT_EQ(s->sampled_records, 1);
}

TEST(CsvClassifierTest, CustomClassifierOptions) {
  CsvOptions options;
  options.delimiter = '#';
  options.header = CsvOptions::Header::kPresent;
  std::string reason;
  auto s = ClassifyCsv("x#y\nfoo#bar\nbaz#qux\n", false, options, &reason);
  ASSERT_TRUE(s.has_value()) << reason;
  EXPECT_TRUE(s->has_header);
  EXPECT_EQ(Types(*s), "x:string,y:string");
}

TEST(JsonClassifierTest, LinesWithNestedFields) {
  FileSchema s = Classify(
      "{\"id\": 1, \"user\": {\"name\": \"a\", \"tags\": [\"x\"]}, \"Score\": 1.5, \"big\": 5000000000}\n"
      "{\"id\": 2, \"user\": {\"name\": \"b\", \"age\": 3}, \"Score\": 2, \"extra\": null, \"big\": 1}\n");
  EXPECT_EQ(s.classification, "json");
  EXPECT_EQ(Types(s),
            "id:int,user:struct<name:string,tags:array<string>,age:int>,score:double,big:bigint,extra:string");
}

TEST(JsonClassifierTest, TopLevelArrayIsOneColumn) {
  FileSchema s = Classify("[{\"a\":1},{\"a\":2}]");
  EXPECT_EQ(Types(s), "array:array<struct<a:int>>");
}

TEST(JsonClassifierTest, CustomJsonPathSelectsRecords) {
  std::vector<ClassifierRecord> records(1);
  records[0].definition.name = "records";
  records[0].definition.kind = ClassifierKind::kJson;
  records[0].definition.spec = {{"Name", "records"}, {"JsonPath", "$.Records[*]"}};
  std::vector<std::string> warnings;
  ClassifierSet set = ClassifierSet::Build(records, &warnings);
  FileSchema s = Classify("{\"Records\": [{\"a\": 1, \"b\": \"x\"}, {\"a\": 2}]}", "x.json", set);
  EXPECT_EQ(s.classifier, "records");
  EXPECT_EQ(s.json_path, "$.Records[*]");
  EXPECT_EQ(Types(s), "a:int,b:string");
}

TEST(GrokClassifierTest, CustomPatternMatchesLogLines) {
  std::vector<ClassifierRecord> records(1);
  records[0].definition.name = "applog";
  records[0].definition.kind = ClassifierKind::kGrok;
  records[0].definition.spec = {{"Name", "applog"},
                                {"Classification", "app-log"},
                                {"GrokPattern", "%{TIMESTAMP_ISO8601:ts} %{LOGLEVEL:level} %{MYCODE:code:int} %{GREEDYDATA:message}"},
                                {"CustomPatterns", "MYCODE [0-9]{3}"}};
  std::vector<std::string> warnings;
  ClassifierSet set = ClassifierSet::Build(records, &warnings);
  ASSERT_TRUE(warnings.empty());
  FileSchema s = Classify("2024-01-01T10:00:00Z INFO 200 started\n2024-01-01T10:00:01Z ERROR 500 failed hard\n",
                          "app.log", set);
  EXPECT_EQ(s.classification, "app-log");
  EXPECT_EQ(Types(s), "ts:string,level:string,code:int,message:string");
  // Lines that do not match leave the file to the built-ins (csv here).
  FileSchema other = Classify("a,b\n1,2\n3,4\n", "x.csv", set);
  EXPECT_EQ(other.classification, "csv");
}

TEST(GrokPatternTest, InvalidPatternsAreRejected) {
  EXPECT_FALSE(GrokPattern::Compile("%{NOPE:x}", "").ok());
  EXPECT_FALSE(GrokPattern::Compile("%{A:x}", "A %{A}").ok());  // cycle
  EXPECT_FALSE(GrokPattern::Compile("%{INT:x:weird}", "").ok());
  EXPECT_FALSE(GrokPattern::Compile("%{INT:x} %{INT:x}", "").ok());
  EXPECT_FALSE(GrokPattern::Compile("(?<=a)b", "").ok());  // RE2 has no look-behind
}

TEST(FileClassifierTest, GzipCsvIsDecompressed) {
  std::string text = "id,name\n1,a\n2,b\n";
  z_stream z{};
  deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY);
  std::string out(1024, '\0');
  z.next_in = reinterpret_cast<Bytef*>(text.data());
  z.avail_in = static_cast<uInt>(text.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  ASSERT_EQ(deflate(&z, Z_FINISH), Z_STREAM_END);
  out.resize(z.total_out);
  deflateEnd(&z);
  FileSchema s = Classify(out, "data.csv.gz");
  EXPECT_EQ(s.classification, "csv");
  EXPECT_EQ(s.compression, "gzip");
  EXPECT_EQ(Types(s), "id:bigint,name:string");
}

TEST(FileClassifierTest, UnknownDataSaysWhy) {
  FileSchema empty = Classify("", "empty.csv");
  EXPECT_EQ(empty.classification, "UNKNOWN");
  EXPECT_EQ(empty.explanation, "empty object");
  FileSchema binary = Classify(std::string("\x00\x01\x02\x03garbage\x00", 12), "blob.bin");
  EXPECT_EQ(binary.classification, "UNKNOWN");
  EXPECT_NE(binary.explanation.find("csv:"), std::string::npos);
  FileSchema truncated_parquet = Classify("PAR1 then nothing", "x.parquet");
  EXPECT_EQ(truncated_parquet.classification, "UNKNOWN");
  EXPECT_NE(truncated_parquet.explanation.find("Parquet"), std::string::npos);
}

}  // namespace
}  // namespace sluice::crawler
