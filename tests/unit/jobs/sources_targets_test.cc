// Tests of sources, targets, catalog updates, bookmarks and validation messages of visual jobs
// (jobs/compiler/visual_job.h) on a real object store and Data Catalog.
#include <gtest/gtest.h>

#include "common/status.h"
#include "formats/io.h"
#include "jobs/compiler/run_control.h"
#include "formats/parquet/parquet_reader.h"
#include "unit/jobs/job_fixture.h"

namespace sluice::jobs::testing {
namespace {

using Rows = std::vector<std::string>;

class SourcesTargetsTest : public JobFixture {
 protected:
  void SetUp() override {
    JobFixture::SetUp();
    PutOrdersAndCustomers();
  }
};

TEST_F(SourcesTargetsTest, PartitionedParquetWithCatalogRegistration) {
  std::string nodes = "{" + OrdersSource() + R"(,
      "out": {"S3DirectTarget": {"Name": "Curated", "Inputs": ["orders"], "Path": "s3://lake/curated/orders/",
        "Format": "parquet", "Compression": "snappy", "PartitionKeys": [["country"]],
        "SchemaChangePolicy": {"EnableUpdateCatalog": true, "UpdateBehavior": "UPDATE_IN_DATABASE",
                               "Database": "sales", "Table": "orders_curated"}}}})";
  auto result = Run(nodes);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  auto keys = Keys("curated/orders/");
  ASSERT_EQ(keys.size(), 3u);
  EXPECT_EQ(keys[0].rfind("curated/orders/country=DE/part-", 0), 0u) << keys[0];
  EXPECT_NE(keys[0].find(".snappy.parquet"), std::string::npos);
  // The files hold the other columns; the partition column is the folder.
  auto object = store_->OpenObject("lake", keys[0]);
  ASSERT_TRUE(object.ok());
  auto file = formats::MapDescriptor(object->file.fd(), object->info.size, keys[0]);
  auto info = formats::parquet::ReadParquetFileInfo(*file);
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  EXPECT_EQ(info->num_rows, 2);
  EXPECT_EQ(info->schema->ToString(), "order_id: bigint, customer_id: string, amount: double");

  auto table = catalog_->GetTable("000000000000", "sales", "orders_curated");
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  EXPECT_EQ(table->definition.partition_keys.size(), 1u);
  EXPECT_EQ(table->definition.storage_descriptor->location, "s3://lake/curated/orders/");
  EXPECT_EQ(table->definition.parameters.at("classification"), "parquet");
  ASSERT_TRUE(catalog_->Read("000000000000", [](catalog::CatalogTransaction& txn) -> Status {
    auto partitions = txn.ListAllPartitions("sales", "orders_curated");
    EXPECT_TRUE(partitions.ok());
    EXPECT_EQ(partitions->size(), 3u);
    return Status::Ok();
  }).ok());

  // The table reads back through a catalog source, with a partition predicate.
  std::string again = R"({"t": {"S3CatalogSource": {"Name": "T", "Database": "sales", "Table": "orders_curated",
        "PartitionPredicate": "country == 'FR'"}},
      "s": {"SelectFields": {"Name": "S", "Inputs": ["t"], "Paths": [["order_id"], ["country"]]}},
      )" + JsonTarget("s", "fr") + "}";
  auto second = Run(again);
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ(ReadJsonLines("out/fr/"), (Rows{R"({"order_id":1,"country":"FR"})", R"({"order_id":3,"country":"FR"})"}));
  EXPECT_EQ(second->nodes[0].objects_read, 1);
}

TEST_F(SourcesTargetsTest, CsvTargetWithCompression) {
  std::string nodes = "{" + OrdersSource() + R"(,
      "out": {"S3DirectTarget": {"Name": "Out", "Inputs": ["orders"], "Path": "s3://lake/csv/", "Format": "csv",
        "Compression": "gzip"}}})";
  auto result = Run(nodes);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  auto keys = Keys("csv/");
  ASSERT_EQ(keys.size(), 1u);
  EXPECT_NE(keys[0].find(".csv.gz"), std::string::npos);
  EXPECT_EQ(result->nodes.back().records_written, 5);
  EXPECT_EQ(result->nodes.front().records_read, 5);
}

TEST_F(SourcesTargetsTest, BookmarksReadOnlyNewObjects) {
  std::string nodes = "{" + OrdersSource() + "," + JsonTarget("orders", "bookmarked") + "}";
  Arguments arguments = {{"--job-bookmark-option", "job-bookmark-enable"}};
  auto first = Run(nodes, arguments);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  ASSERT_TRUE(first->bookmark_state);
  EXPECT_EQ(first->nodes[0].records_read, 5);
  Put("raw/orders/later.csv", "order_id,customer_id,amount,country\n6,c1,1,FR\n");
  auto second = Run(nodes, arguments, *first->bookmark_state);
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ(second->nodes[0].objects_read, 1);
  EXPECT_EQ(second->nodes[0].records_read, 1);
  EXPECT_EQ(ReadJsonLines("out/bookmarked/").size(), 6u);
}

TEST_F(SourcesTargetsTest, ValidationNamesTheNodeAndTheField) {
  auto built = Validate("{" + OrdersSource() + R"(,
      "keep": {"SelectFields": {"Name": "Keep", "Inputs": ["orders"], "Paths": [["amount"], ["nope"]]}},
      )" + JsonTarget("keep", "v") + "}");
  ASSERT_TRUE(built.ok());
  EXPECT_FALSE(built->status.ok());
  EXPECT_NE(built->status.message().find(R"(SelectFields "Keep" (keep): Paths[1]: field 'nope' does not exist in the input (columns: order_id, customer_id, amount, country))"),
            std::string::npos)
      << built->status.message();
  EXPECT_TRUE(built->nodes[2].skipped);
  // The source's schema is known even though a later node failed.
  EXPECT_EQ(built->nodes[0].frames[0]->ToString(), "order_id: bigint, customer_id: string, amount: double, country: string");
}

TEST_F(SourcesTargetsTest, ValidationRefusesImpossibleCastsAndUnsupportedNodes) {
  Put("raw/dated/d.csv", "day\n2024-01-02\n");
  auto cast = Validate(R"({"d": {"S3CsvSource": {"Name": "D", "Paths": ["s3://lake/raw/dated/"], "Separator": "comma",
        "QuoteChar": "quote", "WithHeader": true}},
      "m": {"ApplyMapping": {"Name": "M", "Inputs": ["d"], "Mapping": [{"ToKey": "day", "FromPath": ["day"], "ToType": "boolean"}]}},
      )" + JsonTarget("m", "c") + "}");
  ASSERT_TRUE(cast.ok());
  EXPECT_NE(cast->status.message().find(R"(ApplyMapping "M" (m): Mapping[0]: cannot cast field 'day' from date to boolean)"),
            std::string::npos)
      << cast->status.message();
  auto sql = Validate("{" + OrdersSource() + R"(,
      "q": {"SparkSQL": {"Name": "Q", "Inputs": ["orders"], "SqlQuery": "select * from o", "SqlAliases": [{"From": "orders", "Alias": "o"}]}},
      )" + JsonTarget("q", "q") + "}");
  ASSERT_TRUE(sql.ok());
  EXPECT_NE(sql->status.message().find(R"(SparkSQL "Q" (q): Sluice cannot run SparkSQL nodes)"), std::string::npos)
      << sql->status.message();
}

TEST_F(SourcesTargetsTest, MissingInputsFailTheRun) {
  auto missing = Run(R"({"s": {"S3CsvSource": {"Name": "S", "Paths": ["s3://lake/raw/nothing-here/"], "Separator": "comma",
        "QuoteChar": "quote"}}, )" + JsonTarget("s", "m") + "}");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("Path does not exist: s3://lake/raw/nothing-here/"), std::string::npos)
      << missing.status().message();
  auto no_table = Run(R"({"t": {"CatalogSource": {"Name": "T", "Database": "sales", "Table": "ghost"}}, )" +
                      JsonTarget("t", "g") + "}");
  ASSERT_FALSE(no_table.ok());
  EXPECT_NE(no_table.status().message().find("Table ghost not found"), std::string::npos) << no_table.status().message();
}

TEST_F(SourcesTargetsTest, AJobNeedsATarget) {
  auto built = Validate("{" + OrdersSource() + "}");
  ASSERT_TRUE(built.ok());
  EXPECT_NE(built->status.message().find("no target node"), std::string::npos);
}

// BatchStopJobRun and Timeout cancel a run while its plan executes: the run ends Cancelled with
// the reason, and the files it had written are removed.
TEST_F(SourcesTargetsTest, ACancelledRunStopsAndLeavesNoOutput) {
  auto nodes = ParseJson("{" + OrdersSource() + "," + CustomersSource() + R"(,
      "j": {"Join": {"Name": "J", "Inputs": ["orders", "customers"], "JoinType": "left",
        "Columns": [{"From": "orders", "Keys": [["customer_id"]]}, {"From": "customers", "Keys": [["id"]]}]}},
      )" + JsonTarget("j", "cancelled") + "}");
  ASSERT_TRUE(nodes.ok());
  RunControl control;
  VisualRun run;
  run.run_id = "jr_cancelled";
  run.start_micros = NowMicros();
  run.execution.threads = 2;
  run.control = &control;
  bool started = false;
  run.on_started = [&](const std::vector<NodeProgress>&) {
    started = true;
    control.Cancel("Run stopped by BatchStopJobRun");
  };
  auto result = RunVisualJob(nodes->as_object(), Services(), run);
  EXPECT_TRUE(started);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kCancelled) << result.status().ToString();
  EXPECT_EQ(result.status().message(), "Run stopped by BatchStopJobRun");
  EXPECT_TRUE(Keys("out/cancelled/").empty());
  // The same job without the stop writes its output.
  run.control = nullptr;
  run.on_started = nullptr;
  ASSERT_TRUE(RunVisualJob(nodes->as_object(), Services(), run).ok());
  EXPECT_FALSE(Keys("out/cancelled/").empty());
}

}  // namespace
}  // namespace sluice::jobs::testing
