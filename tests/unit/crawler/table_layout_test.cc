#include "crawler/crawl/table_layout.h"

#include <gtest/gtest.h>

namespace sluice::crawler {
namespace {

CrawledFile File(std::string relative, std::vector<std::pair<std::string, std::string>> columns,
                 std::string classification = "json") {
  CrawledFile file;
  file.key = "data/" + relative;
  file.relative = std::move(relative);
  file.size = 100;
  file.schema.classification = classification;
  file.schema.classifier = classification;
  for (auto& [name, type] : columns) file.schema.columns.push_back({name, type, {}, {}});
  file.schema.sampled_records = 2;
  file.schema.sampled_bytes = 50;
  return file;
}

std::vector<TableLayout> LayOut(std::vector<CrawledFile> files, CrawlerConfiguration config = {}) {
  LayoutInput input;
  input.bucket = "b";
  input.prefix = "data/";
  input.config = &config;
  std::vector<std::string> log;
  auto tables = LayoutTables(input, files, &log);
  EXPECT_FALSE(log.empty());
  return tables;
}

TEST(TableLayoutTest, HivePartitionsBecomeKeys) {
  std::vector<std::pair<std::string, std::string>> three = {{"x", "int"}, {"y", "string"}, {"z", "string"}};
  std::vector<std::pair<std::string, std::string>> four = {{"x", "bigint"}, {"y", "string"}, {"z", "string"}, {"w", "int"}};
  auto tables = LayOut({File("year=2024/month=01/a.json", three), File("year=2024/month=02/a.json", three),
                        File("year=2023/month=12/a.json", four)});
  ASSERT_EQ(tables.size(), 1u);
  const TableLayout& t = tables[0];
  EXPECT_EQ(t.name, "data");
  EXPECT_EQ(t.location, "s3://b/data/");
  ASSERT_EQ(t.partition_keys.size(), 2u);
  EXPECT_EQ(t.partition_keys[0].name, "year");
  EXPECT_EQ(t.partition_keys[1].name, "month");
  ASSERT_EQ(t.partitions.size(), 3u);
  EXPECT_EQ(t.partitions[0].values, (std::vector<std::string>{"2023", "12"}));
  EXPECT_EQ(t.partitions[0].location, "s3://b/data/year=2023/month=12/");
  ASSERT_EQ(t.schema.columns.size(), 4u);  // each folder has at least 75% of the columns
  EXPECT_EQ(t.schema.columns[0].type, "bigint");  // int widened by bigint
  EXPECT_EQ(t.statistics.objects, 3);
}

TEST(TableLayoutTest, UnnamedFoldersArePartitionN) {
  auto tables = LayOut({File("2024/01/a.json", {{"x", "int"}}), File("2024/02/b.json", {{"x", "int"}})});
  ASSERT_EQ(tables.size(), 1u);
  EXPECT_EQ(tables[0].partition_keys[0].name, "partition_0");
  EXPECT_EQ(tables[0].partition_keys[1].name, "partition_1");
  EXPECT_EQ(tables[0].partitions[1].values, (std::vector<std::string>{"2024", "02"}));
}

TEST(TableLayoutTest, DissimilarSiblingsBecomeTablesUnlessCombined) {
  std::vector<CrawledFile> files = {File("year=2017/a.json", {{"a", "int"}, {"b", "int"}}),
                                    File("year=2018/b.json", {{"c", "int"}, {"d", "int"}})};
  auto tables = LayOut(files);
  ASSERT_EQ(tables.size(), 2u);
  EXPECT_EQ(tables[0].name, "year=2017");
  EXPECT_EQ(SanitizeTableName(tables[0].name), "year_2017");
  EXPECT_TRUE(tables[0].partition_keys.empty());
  CrawlerConfiguration combine;
  combine.combine_compatible_schemas = true;
  auto combined = LayOut(files, combine);
  ASSERT_EQ(combined.size(), 1u);
  EXPECT_EQ(combined[0].schema.columns.size(), 4u);
  EXPECT_EQ(combined[0].partition_keys[0].name, "year");
}

TEST(TableLayoutTest, MixedFormatsInOneFolderGiveOneTablePerFile) {
  auto tables = LayOut({File("mixed/a.csv", {{"col0", "bigint"}, {"col1", "string"}}, "csv"),
                     File("mixed/b.json", {{"x", "int"}}), File("mixed/c.parquet", {{"p", "double"}}, "parquet")});
  ASSERT_EQ(tables.size(), 3u);
  EXPECT_EQ(SanitizeTableName(tables[0].name), "a_csv");
  EXPECT_EQ(tables[0].location, "s3://b/data/mixed/a.csv");
  EXPECT_EQ(SanitizeTableName(tables[2].name), "c_parquet");
}

TEST(TableLayoutTest, SiblingDatasetsOfDifferentFormatsAreSeparateTables) {
  auto tables = LayOut({File("sales/year=2024/a.json", {{"x", "int"}}), File("sales/year=2023/a.json", {{"x", "int"}}),
                     File("people/p.csv", {{"name", "string"}, {"age", "bigint"}}, "csv")});
  ASSERT_EQ(tables.size(), 2u);
  EXPECT_EQ(tables[0].name, "people");
  EXPECT_EQ(tables[1].name, "sales");
  EXPECT_EQ(tables[1].partitions.size(), 2u);
}

TEST(TableLayoutTest, TableLevelFixesTheRoots) {
  CrawlerConfiguration config;
  config.table_level = 3;  // bucket = 1, data = 2, tables at level 3
  auto tables = LayOut({File("t1/p=1/a.json", {{"x", "int"}}), File("t2/p=1/a.json", {{"x", "int"}})}, config);
  ASSERT_EQ(tables.size(), 2u);
  EXPECT_EQ(tables[0].name, "t1");
  EXPECT_EQ(tables[0].partition_keys[0].name, "p");
}

TEST(TableLayoutTest, SanitizeTableName) {
  EXPECT_EQ(SanitizeTableName("My-Data.2024"), "my_data_2024");
  EXPECT_EQ(SanitizeTableName("été"), "_t_");  // one _ per character, not per byte
}

}  // namespace
}  // namespace sluice::crawler
