// Scans of real files through the formats readers (projection, pushdown, Hive partition
// columns) and writes through the formats writers (one file, partitioned folders), round trip.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "engine/plan/file_source.h"
#include "engine/plan/file_target.h"
#include "engine/plan/plan_builder.h"
#include "unit/engine/plan_runner.h"

namespace sluice::engine {
namespace {

namespace fs = std::filesystem;
using testing::RunRows;
using testing::RunSorted;
using V = std::vector<std::string>;

class FilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("engine-files-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string Write(const std::string& relative, const std::string& text) {
    fs::path path = dir_ / relative;
    fs::create_directories(path.parent_path());
    std::ofstream(path) << text;
    return path.string();
  }
  PlanBuilder ScanOf(const std::vector<std::string>& paths, FileSourceOptions options = {}) {
    auto source = MakeFileSource(paths, options);
    EXPECT_TRUE(source.ok()) << source.status().ToString();
    return PlanBuilder::Scan(*source);
  }
  fs::path dir_;
};

TEST_F(FilesTest, CsvFilteredProjectedToParquetAndBack) {
  std::string csv = Write("orders.csv", "id,customer,amount,day\n1,a,10.5,2024-01-01\n2,b,3.25,2024-01-02\n"
                                        "3,a,7,2024-01-02\n4,,1.5,2024-01-03\n");
  FileTargetOptions target;
  target.single_file = true;
  target.dataset.file.format = formats::FileFormat::kParquet;
  std::string out = (dir_ / "out.parquet").string();
  auto written = RunRows(ScanOf({csv}).Filter(Gt(Col("amount"), Lit(2.0))).Select({"id", "amount", "customer"})
                             .Write(MakeLocalFileTarget(out, target)));
  ASSERT_EQ(written.size(), 1u) << written[0];
  EXPECT_EQ(written[0].substr(0, out.size() + 4), out + "||3|");
  EXPECT_EQ(RunRows(ScanOf({out})), (V{"1|10.5|a", "2|3.25|b", "3|7|a"}));
}

TEST_F(FilesTest, PartitionedWriteAndPartitionPruningOnRead) {
  std::string csv = Write("in.csv", "id,country,v\n1,FR,x\n2,DE,y\n3,FR,z\n4,US,w\n");
  FileTargetOptions target;
  target.dataset.file.format = formats::FileFormat::kParquet;
  target.dataset.partition_by = {"country"};
  std::string out = (dir_ / "dataset").string();
  auto files = RunSorted(ScanOf({csv}).Write(MakeLocalFileTarget(out, target)).Select({"partition", "rows"}));
  EXPECT_EQ(files, (V{"country=DE|1", "country=FR|2", "country=US|1"}));
  // Partition folders come back as a string column at the end.
  EXPECT_EQ(RunRows(ScanOf({out}).Sort({SortBy("id")})), (V{"1|x|FR", "2|y|DE", "3|z|FR", "4|w|US"}));
  // A filter on the partition column skips the other folders' files.
  auto plan = ScanOf({out}).Filter(Eq(Col("country"), Lit("FR"))).Select({"id"});
  EXPECT_EQ(RunSorted(plan), (V{"1", "3"}));
}

TEST_F(FilesTest, JoinAggregateFromFiles) {
  std::string orders = Write("o.csv", "order_id,customer_id,amount\n1,10,5\n2,11,7\n3,10,1\n4,12,2\n");
  std::string customers = Write("c.json", "{\"id\":10,\"country\":\"FR\"}\n{\"id\":11,\"country\":\"DE\"}\n");
  auto plan = ScanOf({orders})
                  .Join(ScanOf({customers}), JoinType::kInner, {Col("customer_id")}, {Col("id")})
                  .Aggregate({{Col("country"), "country"}}, {{"sum", Col("amount"), "revenue"}, {"count", nullptr, "orders"}})
                  .Sort({SortBy("country")});
  EXPECT_EQ(RunRows(plan), (V{"DE|7|1", "FR|6|2"}));
}

TEST_F(FilesTest, MissingPathsAndBadFilesAreErrorsNamingThem) {
  auto missing = MakeFileSource({(dir_ / "nope.csv").string()});
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("nope.csv: no such file or folder"), std::string::npos);
  std::string bad = Write("bad.parquet", "PAR1 this is not really parquet PAR1");
  auto source = MakeFileSource({bad});
  ASSERT_FALSE(source.ok());
  EXPECT_NE(source.status().message().find("bad.parquet"), std::string::npos) << source.status().message();
}

}  // namespace
}  // namespace sluice::engine
