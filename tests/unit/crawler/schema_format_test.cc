// Unit tests of the crawler's pure pieces: schema merging across files, the table parameters and
// storage descriptors written per format, format compatibility keys, and JsonPath selection.
#include <gtest/gtest.h>
#include <simdjson.h>

#include "crawler/crawl/file_schema.h"
#include "crawler/crawl/json_path.h"
#include "crawler/crawl/schema_merge.h"
#include "crawler/crawl/table_format.h"
#include "crawler/crawl/table_layout.h"

namespace sluice::crawler {
namespace {

catalog::Column Col(std::string name, std::string type) {
  catalog::Column c;
  c.name = std::move(name);
  c.type = std::move(type);
  return c;
}

std::string Describe(const std::vector<catalog::Column>& columns) {
  std::string out;
  for (const auto& c : columns) out += (out.empty() ? "" : ",") + c.name + ":" + c.type;
  return out;
}

TEST(SchemaMergeTest, WideningFollowsHiveTypes) {
  EXPECT_EQ(WidenHiveTypes("int", "int"), "int");
  EXPECT_EQ(WidenHiveTypes("int", "bigint"), "bigint");
  EXPECT_EQ(WidenHiveTypes("bigint", "double"), "double");
  EXPECT_EQ(WidenHiveTypes("int", "string"), "string");
  EXPECT_EQ(WidenHiveTypes("boolean", "bigint"), "string");
  EXPECT_EQ(WidenHiveTypes("not a type<", "int"), "string");
  EXPECT_EQ(WidenHiveTypes("struct<a:int>", "struct<b:string>"), "struct<a:int,b:string>");
  EXPECT_EQ(WidenHiveTypes("array<int>", "array<bigint>"), "array<bigint>");
}

TEST(SchemaMergeTest, UnionKeepsFirstSeenOrderAndMatchesNamesCaseInsensitively) {
  std::vector<catalog::Column> into = {Col("id", "int"), Col("name", "string")};
  MergeColumnsInto({Col("ID", "bigint"), Col("price", "double"), Col("name", "string")}, &into);
  EXPECT_EQ(Describe(into), "id:bigint,name:string,price:double");
}

TEST(SchemaMergeTest, MatchRatioDecidesSimilarity) {
  std::vector<catalog::Column> all = {Col("a", "int"), Col("b", "int"), Col("c", "int"), Col("d", "int")};
  EXPECT_DOUBLE_EQ(ColumnMatchRatio({Col("A", "int"), Col("b", "int"), Col("c", "int"), Col("d", "x")}, all), 1.0);
  EXPECT_DOUBLE_EQ(ColumnMatchRatio({Col("a", "int"), Col("b", "int"), Col("c", "int")}, all), 0.75);
  EXPECT_GT(0.75, kSimilarityThreshold);
  EXPECT_DOUBLE_EQ(ColumnMatchRatio({Col("a", "int"), Col("z", "int")}, all), 0.25);
  EXPECT_DOUBLE_EQ(ColumnMatchRatio({}, {}), 1.0);
}

FileSchema Csv(char delimiter, bool header) {
  FileSchema s;
  s.classification = "csv";
  s.classifier = "csv";
  s.delimiter = delimiter;
  s.has_header = header;
  return s;
}

TEST(TableFormatTest, CsvParametersAndLazySimpleSerDe) {
  FileSchema s = Csv(';', true);
  s.compression = "gzip";
  catalog::Parameters p = FormatParameters(s);
  EXPECT_EQ(p["classification"], "csv");
  EXPECT_EQ(p["compressionType"], "gzip");
  EXPECT_EQ(p["typeOfData"], "file");
  EXPECT_EQ(p["delimiter"], ";");
  EXPECT_EQ(p["areColumnsQuoted"], "false");
  EXPECT_EQ(p["columnsOrdered"], "true");
  EXPECT_EQ(p["skip.header.line.count"], "1");
  EXPECT_FALSE(FormatParameters(Csv(',', false)).contains("skip.header.line.count"));

  auto sd = CrawlerStorageDescriptor(s, {Col("a", "int")}, "s3://b/t/", p);
  EXPECT_EQ(sd.input_format, "org.apache.hadoop.mapred.TextInputFormat");
  EXPECT_EQ(sd.output_format, "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat");
  EXPECT_EQ(sd.serde_info->serialization_library, "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe");
  EXPECT_EQ(sd.serde_info->parameters.at("field.delim"), ";");
  EXPECT_EQ(sd.number_of_buckets, -1);
  EXPECT_EQ(sd.location, "s3://b/t/");
  EXPECT_EQ(sd.parameters, p);
}

TEST(TableFormatTest, QuotedCsvUsesOpenCsvSerde) {
  FileSchema s = Csv(',', true);
  s.quoted = true;
  s.open_csv_serde = true;
  EXPECT_EQ(FormatParameters(s)["areColumnsQuoted"], "true");
  auto sd = CrawlerStorageDescriptor(s, {}, "s3://b/t/", {});
  EXPECT_EQ(sd.serde_info->serialization_library, "org.apache.hadoop.hive.serde2.OpenCSVSerde");
  EXPECT_EQ(sd.serde_info->parameters.at("separatorChar"), ",");
  EXPECT_EQ(sd.serde_info->parameters.at("quoteChar"), "\"");
}

TEST(TableFormatTest, JsonPathsAreSortedColumnNames) {
  FileSchema s;
  s.classification = "json";
  s.classifier = "json";
  auto sd = CrawlerStorageDescriptor(s, {Col("zeta", "int"), Col("alpha", "struct<x:int>")}, "s3://b/t/", {});
  EXPECT_EQ(sd.serde_info->serialization_library, "org.openx.data.jsonserde.JsonSerDe");
  EXPECT_EQ(sd.serde_info->parameters.at("paths"), "alpha,zeta");
  EXPECT_FALSE(FormatParameters(s).contains("delimiter"));
}

TEST(TableFormatTest, ParquetAndGrok) {
  FileSchema parquet;
  parquet.classification = "parquet";
  auto sd = CrawlerStorageDescriptor(parquet, {}, "s3://b/t/", {});
  EXPECT_EQ(sd.input_format, "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat");
  EXPECT_EQ(sd.output_format, "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat");
  EXPECT_EQ(sd.serde_info->serialization_library, "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe");
  EXPECT_EQ(sd.serde_info->parameters.at("serialization.format"), "1");

  FileSchema grok;
  grok.classification = "applog";
  grok.classifier = "mine";
  grok.grok_pattern = "%{WORD:level} %{GREEDYDATA:message}";
  auto g = CrawlerStorageDescriptor(grok, {}, "s3://b/t/", {});
  EXPECT_EQ(g.serde_info->serialization_library, "com.amazonaws.glue.serde.GrokSerDe");
  EXPECT_EQ(g.serde_info->parameters.at("input.format"), grok.grok_pattern);
  EXPECT_FALSE(g.serde_info->parameters.contains("input.grokCustomPatterns"));
}

TEST(TableFormatTest, StatisticsFromTheSample) {
  DataStatistics stats;
  stats.objects = 3;
  stats.bytes = 1000;
  stats.sampled_records = 10;
  stats.sampled_bytes = 200;
  catalog::Parameters p = StatisticsParameters(stats);
  EXPECT_EQ(p["objectCount"], "3");
  EXPECT_EQ(p["sizeKey"], "1000");
  EXPECT_EQ(p["averageRecordSize"], "20");
  EXPECT_EQ(p["recordCount"], "50");
  for (const auto& [key, value] : p) EXPECT_TRUE(IsStatisticsParameter(key)) << key;
  EXPECT_FALSE(IsStatisticsParameter("classification"));
  EXPECT_EQ(StatisticsParameters(DataStatistics())["recordCount"], "0");
}

TEST(FileSchemaTest, CompatibilityKeySeparatesWhatATableCannotMix) {
  EXPECT_EQ(Csv(',', true).CompatibilityKey(), Csv(',', true).CompatibilityKey());
  EXPECT_NE(Csv(',', true).CompatibilityKey(), Csv(',', false).CompatibilityKey());
  EXPECT_NE(Csv(',', true).CompatibilityKey(), Csv('\t', true).CompatibilityKey());
  FileSchema gz = Csv(',', true);
  gz.compression = "gzip";
  EXPECT_NE(gz.CompatibilityKey(), Csv(',', true).CompatibilityKey());
  EXPECT_EQ(gz.FormatDescription(), "csv (gzip), delimiter ',', header");
  EXPECT_EQ(Csv('\t', false).FormatDescription(), "csv, delimiter tab, no header");
}

std::vector<std::string> Select(std::string_view path, std::string_view json) {
  auto parsed = JsonPath::Parse(path);
  EXPECT_TRUE(parsed.ok()) << path;
  if (!parsed.ok()) return {};
  simdjson::dom::parser parser;
  simdjson::dom::element root = parser.parse(std::string(json));
  std::vector<simdjson::dom::element> found;
  parsed->Select(root, &found);
  std::vector<std::string> out;
  for (auto e : found) out.push_back(simdjson::minify(e));
  return out;
}

TEST(JsonPathTest, SelectsMembersIndexesAndWildcards) {
  std::string doc = R"({"Records":[{"a":1},{"a":2}],"meta":{"n":"x"}})";
  EXPECT_EQ(Select("$.Records[*]", doc), (std::vector<std::string>{R"({"a":1})", R"({"a":2})"}));
  EXPECT_EQ(Select("$['meta']", doc), (std::vector<std::string>{R"({"n":"x"})"}));
  EXPECT_EQ(Select("$.Records[1].a", doc), (std::vector<std::string>{"2"}));
  EXPECT_TRUE(Select("$.Records[5]", doc).empty());
  EXPECT_TRUE(Select("$.missing[*]", doc).empty());
  EXPECT_EQ(Select("$[*]", "[1,2,3]").size(), 3u);
}

TEST(JsonPathTest, RejectsWhatItDoesNotSupport) {
  for (std::string_view bad : {"", "Records", "$.", "$[", "$[x]", "$..a", "$.a b["}) {
    EXPECT_FALSE(JsonPath::Parse(bad).ok()) << bad;
  }
}

}  // namespace
}  // namespace sluice::crawler
