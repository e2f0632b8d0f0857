// Crawls against the real local object store and catalog.
#include "crawler/crawl/crawl_run.h"

#include <filesystem>

#include <gtest/gtest.h>

#include "storage/local/local_object_store.h"

namespace sluice::crawler {
namespace {


class CrawlRunTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("crawl-run-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_ / "meta");
    storage::LocalStoreOptions options;
    options.data_dir = dir_.string();
    auto store = storage::LocalObjectStore::Open(options);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    objects_ = std::move(*store);
    ASSERT_TRUE(objects_->CreateBucket("lake", "123", "us-east-1").ok());
    auto catalog = catalog::Catalog::Open((dir_ / "meta/catalog.db").string(), &SystemClock::Get());
    ASSERT_TRUE(catalog.ok());
    catalog_ = std::move(*catalog);
  }
  void TearDown() override {
    objects_.reset();
    catalog_.reset();
    std::filesystem::remove_all(dir_);
  }

  void Put(const std::string& key, const std::string& data) {
    auto writer = objects_->NewObjectWriter("lake", key, {});
    ASSERT_TRUE(writer.ok());
    ASSERT_TRUE((*writer)->Append(data).ok());
    ASSERT_TRUE((*writer)->Commit().ok());
  }

  Result<CrawlOutcome> Crawl(CrawlerDefinition definition, std::set<std::string> folders = {}) {
    CrawlRequest request;
    request.crawler = std::move(definition);
    request.crawl_id = "crawl-1";
    request.catalog_id = "123";
    request.now_micros = NowMicros();
    request.crawled_folders = std::move(folders);
    CrawlLog log(nullptr, "c", "crawl-1", &SystemClock::Get());
    return RunCrawl(request, objects_.get(), catalog_.get(), &log);
  }

  catalog::Table Table(const std::string& name) {
    auto table = catalog_->GetTable("123", "db", name);
    EXPECT_TRUE(table.ok()) << name << ": " << table.status().ToString();
    return table.ok() ? *table : catalog::Table{};
  }

  static CrawlerDefinition Crawler(std::string path) {
    CrawlerDefinition d;
    d.name = "c";
    d.database_name = "db";
    d.s3_targets.push_back({std::move(path), {}, std::nullopt, {}, {}, {}});
    return d;
  }

  void MakeDatabase() {
    ASSERT_TRUE(catalog_->Write("123", [](catalog::CatalogTransaction& txn) {
                  return txn.CreateDatabase({"db", {}, {}, {}, {}});
                }).ok());
  }

  std::filesystem::path dir_;
  std::unique_ptr<storage::LocalObjectStore> objects_;
  std::unique_ptr<catalog::Catalog> catalog_;
};

TEST_F(CrawlRunTest, MissingDatabaseFailsTheCrawl) {
  Put("t/a.csv", "a,b\n1,2\n3,4\n");
  auto outcome = Crawl(Crawler("s3://lake/t/"));
  ASSERT_FALSE(outcome.ok());
  EXPECT_NE(outcome.status().message().find("db"), std::string::npos);
}

TEST_F(CrawlRunTest, PartitionedCsvTableWithParameters) {
  MakeDatabase();
  Put("sales/year=2024/month=01/part.csv", "id,amount\n1,2.5\n2,3\n");
  Put("sales/year=2024/month=02/part.csv", "id,amount\n3,4.5\n");
  Put("sales/year=2024/month=02/part2.csv", "id,amount\n4,1\n5,2\n");
  auto outcome = Crawl(Crawler("s3://lake/sales"));
  ASSERT_TRUE(outcome.ok()) << outcome.status().ToString();
  EXPECT_EQ(outcome->statistics.tables_created, 1);
  EXPECT_EQ(outcome->statistics.partitions_created, 2);
  catalog::Table t = Table("sales");
  ASSERT_TRUE(t.definition.storage_descriptor.has_value());
  const auto& sd = *t.definition.storage_descriptor;
  EXPECT_EQ(sd.location, "s3://lake/sales/");
  EXPECT_EQ(sd.columns.size(), 2u);
  EXPECT_EQ(sd.columns[1].type, "double");
  EXPECT_EQ(sd.serde_info->serialization_library, "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe");
  EXPECT_EQ(sd.serde_info->parameters.at("field.delim"), ",");
  EXPECT_EQ(sd.number_of_buckets, -1);
  EXPECT_EQ(t.definition.parameters.at("classification"), "csv");
  EXPECT_EQ(t.definition.parameters.at("skip.header.line.count"), "1");
  EXPECT_EQ(t.definition.parameters.at("objectCount"), "3");
  EXPECT_EQ(t.definition.parameters.at("UPDATED_BY_CRAWLER"), "c");
  EXPECT_EQ(t.definition.table_type, "EXTERNAL_TABLE");
  ASSERT_EQ(t.definition.partition_keys.size(), 2u);

  // Recrawl: nothing changed, nothing written.
  auto again = Crawl(Crawler("s3://lake/sales"));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->statistics.tables_created + again->statistics.tables_updated + again->statistics.partitions_created, 0);
  EXPECT_EQ(Table("sales").version_id, 0);
}

TEST_F(CrawlRunTest, SchemaChangeFollowsUpdateBehavior) {
  MakeDatabase();
  Put("t/a.json", "{\"x\": 1}\n");
  ASSERT_TRUE(Crawl(Crawler("s3://lake/t/")).ok());
  Put("t/a.json", "{\"x\": 1, \"y\": \"new\"}\n");
  CrawlerDefinition log_only = Crawler("s3://lake/t/");
  log_only.update_behavior = UpdateBehavior::kLog;
  auto logged = Crawl(log_only);
  ASSERT_TRUE(logged.ok());
  EXPECT_EQ(logged->statistics.tables_updated, 0);
  EXPECT_EQ(Table("t").definition.storage_descriptor->columns.size(), 1u);
  auto updated = Crawl(Crawler("s3://lake/t/"));
  ASSERT_TRUE(updated.ok());
  EXPECT_EQ(updated->statistics.tables_updated, 1);
  catalog::Table t = Table("t");
  EXPECT_EQ(t.definition.storage_descriptor->columns.size(), 2u);
  EXPECT_EQ(t.version_id, 1);
}

TEST_F(CrawlRunTest, VanishedTablesFollowDeleteBehavior) {
  MakeDatabase();
  Put("root/one/a.json", "{\"x\": 1}\n");
  Put("root/two/b.csv", "a,b\n1,2\n3,4\n");
  Put("root/three/c.csv", "a;b\n1;2\n3;4\n");
  ASSERT_TRUE(Crawl(Crawler("s3://lake/root/")).ok());
  Table("one");
  Table("two");
  ASSERT_TRUE(objects_->DeleteObject("lake", "root/two/b.csv", {}).ok());
  auto deprecated = Crawl(Crawler("s3://lake/root/"));
  ASSERT_TRUE(deprecated.ok());
  EXPECT_EQ(deprecated->statistics.tables_deprecated, 1);
  EXPECT_TRUE(Table("two").definition.parameters.contains("DEPRECATED_BY_CRAWLER"));
  CrawlerDefinition deleting = Crawler("s3://lake/root/");
  deleting.delete_behavior = DeleteBehavior::kDeleteFromDatabase;
  auto deleted = Crawl(deleting);
  ASSERT_TRUE(deleted.ok());
  EXPECT_EQ(deleted->statistics.tables_deleted, 1);
  EXPECT_EQ(catalog_->GetTable("123", "db", "two").status().aws_code(), "EntityNotFoundException");
  Table("one");
}

TEST_F(CrawlRunTest, NewFoldersOnlyReadsOnlyNewFolders) {
  MakeDatabase();
  Put("ev/day=1/a.json", "{\"x\": 1}\n");
  Put("ev/day=2/a.json", "{\"x\": 2}\n");
  CrawlerDefinition d = Crawler("s3://lake/ev/");
  d.recrawl_behavior = RecrawlBehavior::kCrawlNewFoldersOnly;
  d.update_behavior = UpdateBehavior::kLog;
  d.delete_behavior = DeleteBehavior::kLog;
  auto first = Crawl(d);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->statistics.partitions_created, 2);
  std::set<std::string> folders(first->folders.begin(), first->folders.end());
  EXPECT_EQ(folders.size(), 2u);
  Put("ev/day=3/a.json", "{\"x\": 3}\n");
  Put("ev/day=1/b.json", "{\"x\": \"changed type, never read\"}\n");
  auto second = Crawl(d, folders);
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ(second->statistics.files_read, 1);
  EXPECT_EQ(second->statistics.partitions_created, 1);
  auto partition = catalog_->Read("123", [](catalog::CatalogTransaction& txn) {
    return txn.GetPartition("db", "ev", {"3"}).status();
  });
  EXPECT_TRUE(partition.ok());
  EXPECT_EQ(Table("ev").definition.storage_descriptor->columns[0].type, "int");
}

TEST_F(CrawlRunTest, ExclusionsAndSampleSize) {
  MakeDatabase();
  for (int i = 0; i < 5; ++i) Put("s/f" + std::to_string(i) + ".json", "{\"x\": 1}\n");
  Put("s/skip.tmp", "garbage");
  CrawlerDefinition d = Crawler("s3://lake/s/");
  d.s3_targets[0].exclusions = {"*.tmp"};
  d.s3_targets[0].sample_size = 2;
  auto outcome = Crawl(d);
  ASSERT_TRUE(outcome.ok());
  EXPECT_EQ(outcome->statistics.files_read, 2);
  catalog::Table t = Table("s");
  EXPECT_EQ(t.definition.parameters.at("objectCount"), "5");
  EXPECT_EQ(t.definition.parameters.at("exclusions"), "[\"s3://lake/s/*.tmp\"]");
}

TEST_F(CrawlRunTest, TableThresholdFailsWithoutWriting) {
  MakeDatabase();
  Put("m/a.csv", "a,b\n1,2\n3,4\n");
  Put("m/b.json", "{\"x\": 1}\n");
  CrawlerDefinition d = Crawler("s3://lake/m/");
  d.configuration = R"({"Version":1.0,"CrawlerOutput":{"Tables":{"TableThreshold":1}}})";
  auto outcome = Crawl(d);
  ASSERT_FALSE(outcome.ok());
  EXPECT_NE(outcome.status().message().find("Table Threshold value = 1, Tables detected - 2"), std::string::npos);
  EXPECT_EQ(catalog_->GetTable("123", "db", "a_csv").status().aws_code(), "EntityNotFoundException");
}

}  // namespace
}  // namespace sluice::crawler
