#include "catalog/catalog.h"

#include <filesystem>
#include <set>

#include <fmt/format.h>

#include <gtest/gtest.h>

#include "catalog/partition_values.h"

namespace sluice::catalog {
namespace {

class FixedClock : public Clock {
 public:
  int64_t NowMicros() const override { return now; }
  int64_t now = 1700000000000000;
};

class CatalogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("catalog-test-" + std::to_string(::getpid()) + "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    auto catalog = Catalog::Open((dir_ / "catalog.db").string(), &clock_);
    ASSERT_TRUE(catalog.ok()) << catalog.status().ToString();
    catalog_ = std::move(*catalog);
  }
  void TearDown() override {
    catalog_.reset();
    std::filesystem::remove_all(dir_);
  }

  Status Write(absl::FunctionRef<Status(CatalogTransaction&)> fn) { return catalog_->Write("123", fn); }
  Status Read(absl::FunctionRef<Status(CatalogTransaction&)> fn) { return catalog_->Read("123", fn); }

  void MakePartitionedTable(std::string_view name, std::vector<Column> keys) {
    ASSERT_TRUE(Write([&](CatalogTransaction& txn) {
                  Status status = txn.CreateDatabase({"db", {}, {}, {}, {}});
                  if (!status.ok() && status.aws_code() != "AlreadyExistsException") return status;
                  TableDefinition table;
                  table.name = std::string(name);
                  table.partition_keys = std::move(keys);
                  return txn.CreateTable("db", table);
                }).ok());
  }

  std::filesystem::path dir_;
  FixedClock clock_;
  std::unique_ptr<Catalog> catalog_;
};

TEST_F(CatalogTest, DatabasesAreCaseInsensitiveAndUnique) {
  ASSERT_TRUE(Write([](CatalogTransaction& txn) { return txn.CreateDatabase({"Sales", {"d"}, {}, {}, {}}); }).ok());
  Status again = Write([](CatalogTransaction& txn) { return txn.CreateDatabase({"SALES", {}, {}, {}, {}}); });
  EXPECT_EQ(again.aws_code(), "AlreadyExistsException");
  ASSERT_TRUE(Read([](CatalogTransaction& txn) -> Status {
                ASSIGN_OR_RETURN(Database db, txn.GetDatabase("sAlEs"));
                EXPECT_EQ(db.definition.name, "sales");
                EXPECT_EQ(db.definition.description, "d");
                EXPECT_EQ(db.create_time_micros, 1700000000000000);
                return Status::Ok();
              }).ok());
  Status rename = Write([](CatalogTransaction& txn) { return txn.UpdateDatabase("sales", {"other", {}, {}, {}, {}}); });
  EXPECT_EQ(rename.aws_code(), "InvalidInputException");
  Status missing = Read([](CatalogTransaction& txn) { return txn.GetDatabase("nope").status(); });
  EXPECT_EQ(missing.aws_code(), "EntityNotFoundException");
  EXPECT_EQ(missing.message(), "Database nope not found.");
}

TEST_F(CatalogTest, DatabasePagesStayValid) {
  ASSERT_TRUE(Write([](CatalogTransaction& txn) -> Status {
                for (int i = 0; i < 5; ++i) RETURN_IF_ERROR(txn.CreateDatabase({"d" + std::to_string(i), {}, {}, {}, {}}));
                return Status::Ok();
              }).ok());
  std::vector<std::string> seen;
  std::optional<std::string> token;
  do {
    ASSERT_TRUE(Read([&](CatalogTransaction& txn) -> Status {
                  ASSIGN_OR_RETURN(auto page, txn.GetDatabases({token, 2}));
                  for (auto& db : page.items) seen.push_back(db.definition.name);
                  token = page.next_token;
                  return Status::Ok();
                }).ok());
    // Deleting an item already seen never breaks the next page.
    if (seen.size() == 2) {
      ASSERT_TRUE(Write([](CatalogTransaction& txn) { return txn.DeleteDatabase("d0"); }).ok());
    }
  } while (token);
  EXPECT_EQ(seen, (std::vector<std::string>{"d0", "d1", "d2", "d3", "d4"}));
  Status bad = Read([](CatalogTransaction& txn) { return txn.GetDatabases({std::string("garbage"), 2}).status(); });
  EXPECT_EQ(bad.aws_code(), "InvalidInputException");
}

TEST_F(CatalogTest, TableVersionsArchiveAndSkip) {
  MakePartitionedTable("t", {});
  for (int i = 1; i <= 3; ++i) {
    clock_.now += 1000000;
    ASSERT_TRUE(Write([&](CatalogTransaction& txn) {
                  TableDefinition table;
                  table.name = "T";
                  table.description = "v" + std::to_string(i);
                  UpdateTableOptions options;
                  options.skip_archive = i == 2;
                  return txn.UpdateTable("db", table, options);
                }).ok());
  }
  ASSERT_TRUE(Read([](CatalogTransaction& txn) -> Status {
                ASSIGN_OR_RETURN(Table table, txn.GetTable("db", "t"));
                EXPECT_EQ(table.version_id, 3);
                EXPECT_EQ(table.definition.description, "v3");
                ASSIGN_OR_RETURN(auto versions, txn.GetTableVersions("db", "t", {std::nullopt, 100}));
                std::vector<int64_t> ids;
                for (auto& v : versions.items) ids.push_back(v.version_id);
                // Version 1 was replaced with SkipArchive, so it is gone.
                EXPECT_EQ(ids, (std::vector<int64_t>{3, 2, 0}));
                ASSIGN_OR_RETURN(Table old, txn.GetTableVersion("db", "t", 2));
                EXPECT_EQ(old.definition.description, "v2");
                return Status::Ok();
              }).ok());
  Status stale = Write([](CatalogTransaction& txn) {
    TableDefinition table;
    table.name = "t";
    UpdateTableOptions options;
    options.expected_version = 1;
    return txn.UpdateTable("db", table, options);
  });
  EXPECT_EQ(stale.aws_code(), "ConcurrentModificationException");
  EXPECT_TRUE(Write([](CatalogTransaction& txn) { return txn.DeleteTableVersion("db", "t", 2); }).ok());
  EXPECT_EQ(Write([](CatalogTransaction& txn) { return txn.DeleteTableVersion("db", "t", 2); }).aws_code(),
            "EntityNotFoundException");
}

TEST_F(CatalogTest, GetTablesExpression) {
  ASSERT_TRUE(Write([](CatalogTransaction& txn) -> Status {
                RETURN_IF_ERROR(txn.CreateDatabase({"db", {}, {}, {}, {}}));
                for (auto name : {"sales_2023", "sales_2024", "orders", "Customers"}) {
                  TableDefinition table;
                  table.name = name;
                  RETURN_IF_ERROR(txn.CreateTable("db", table));
                }
                return Status::Ok();
              }).ok());
  auto names = [&](std::string pattern) {
    std::vector<std::string> out;
    EXPECT_TRUE(Read([&](CatalogTransaction& txn) -> Status {
                  ASSIGN_OR_RETURN(auto page, txn.GetTables("db", pattern, {std::nullopt, 100}));
                  for (auto& t : page.items) out.push_back(t.definition.name);
                  return Status::Ok();
                }).ok());
    return out;
  };
  EXPECT_EQ(names(""), (std::vector<std::string>{"customers", "orders", "sales_2023", "sales_2024"}));
  EXPECT_EQ(names("sales*"), (std::vector<std::string>{"sales_2023", "sales_2024"}));
  EXPECT_EQ(names("sales.*"), (std::vector<std::string>{"sales_2023", "sales_2024"}));
  EXPECT_EQ(names("orders|CUSTOMERS"), (std::vector<std::string>{"customers", "orders"}));
  EXPECT_EQ(names("sales"), (std::vector<std::string>{}));
}

TEST_F(CatalogTest, PartitionsFilterSegmentAndPage) {
  MakePartitionedTable("events", {{"year", "string", {}, {}}, {"month", "string", {}, {}}});
  ASSERT_TRUE(Write([](CatalogTransaction& txn) -> Status {
                for (int y = 2022; y <= 2024; ++y) {
                  for (int m = 1; m <= 12; ++m) {
                    PartitionDefinition p;
                    p.values = {std::to_string(y), fmt::format("{:02}", m)};
                    RETURN_IF_ERROR(txn.CreatePartition("db", "events", p));
                  }
                }
                return Status::Ok();
              }).ok());
  auto collect = [&](std::string expression, int segment, int total, int limit) {
    std::vector<std::string> out;
    std::optional<std::string> token;
    do {
      Status status = Read([&](CatalogTransaction& txn) -> Status {
        PartitionQuery query{expression, segment, total, {token, limit}};
        ASSIGN_OR_RETURN(auto page, txn.GetPartitions("db", "events", query));
        EXPECT_LE(static_cast<int>(page.items.size()), limit);
        for (auto& p : page.items) out.push_back(p.definition.values[0] + "-" + p.definition.values[1]);
        token = page.next_token;
        return Status::Ok();
      });
      EXPECT_TRUE(status.ok()) << status.ToString();
      if (!status.ok()) break;
    } while (token);
    return out;
  };
  EXPECT_EQ(collect("", 0, 1, 1000).size(), 36u);
  auto filtered = collect("year='2024' and month > '06'", 0, 1, 4);
  EXPECT_EQ(filtered, (std::vector<std::string>{"2024-07", "2024-08", "2024-09", "2024-10", "2024-11", "2024-12"}));
  std::set<std::string> all;
  size_t total = 0;
  for (int s = 0; s < 4; ++s) {
    auto part = collect("", s, 4, 5);
    EXPECT_GT(part.size(), 0u) << "segment " << s << " is empty";
    EXPECT_LT(part.size(), 36u);
    total += part.size();
    all.insert(part.begin(), part.end());
  }
  EXPECT_EQ(total, 36u);
  EXPECT_EQ(all.size(), 36u);

  Status duplicate = Write([](CatalogTransaction& txn) {
    PartitionDefinition p;
    p.values = {"2024", "01"};
    return txn.CreatePartition("db", "events", p);
  });
  EXPECT_EQ(duplicate.aws_code(), "AlreadyExistsException");
  Status wrong_count = Write([](CatalogTransaction& txn) {
    PartitionDefinition p;
    p.values = {"2024"};
    return txn.CreatePartition("db", "events", p);
  });
  EXPECT_EQ(wrong_count.aws_code(), "InvalidInputException");
  // Re-keying a partition through UpdatePartition.
  ASSERT_TRUE(Write([](CatalogTransaction& txn) {
                PartitionDefinition p;
                p.values = {"2025", "01"};
                return txn.UpdatePartition("db", "events", {"2024", "01"}, p);
              }).ok());
  EXPECT_EQ(Read([](CatalogTransaction& txn) { return txn.GetPartition("db", "events", {"2024", "01"}).status(); })
                .aws_code(),
            "EntityNotFoundException");
  EXPECT_TRUE(Read([](CatalogTransaction& txn) { return txn.GetPartition("db", "events", {"2025", "01"}).status(); })
                  .ok());
}

TEST_F(CatalogTest, DeletingATableRemovesItsPartitions) {
  MakePartitionedTable("t", {{"k", "string", {}, {}}});
  ASSERT_TRUE(Write([](CatalogTransaction& txn) {
                PartitionDefinition p;
                p.values = {"a"};
                return txn.CreatePartition("db", "t", p);
              }).ok());
  ASSERT_TRUE(Write([](CatalogTransaction& txn) { return txn.DeleteTable("db", "t"); }).ok());
  MakePartitionedTable("t", {{"k", "string", {}, {}}});
  ASSERT_TRUE(Read([](CatalogTransaction& txn) -> Status {
                ASSIGN_OR_RETURN(auto all, txn.ListAllPartitions("db", "t"));
                EXPECT_TRUE(all.empty());
                return Status::Ok();
              }).ok());
}

TEST_F(CatalogTest, CachedPartitionKeysFollowEveryChange) {
  MakePartitionedTable("big", {{"k", "int", {}, {}}});
  const int n = static_cast<int>(PartitionScanCache::kMinPartitions) + 100;
  ASSERT_TRUE(Write([&](CatalogTransaction& txn) -> Status {
                for (int i = 0; i < n; ++i) {
                  PartitionDefinition p;
                  p.values = {std::to_string(i)};
                  RETURN_IF_ERROR(txn.CreatePartition("db", "big", p));
                }
                return Status::Ok();
              }).ok());
  auto count = [&](const std::string& expression) {
    size_t total = 0;
    EXPECT_TRUE(Read([&](CatalogTransaction& txn) -> Status {
                  ASSIGN_OR_RETURN(auto page, txn.GetPartitions("db", "big", {expression, 0, 1, {std::nullopt, 1000}}));
                  total = page.items.size();
                  return Status::Ok();
                }).ok());
    return total;
  };
  EXPECT_EQ(count("k >= 2000"), 100u);  // loads and caches the keys
  EXPECT_EQ(count("k >= 2000"), 100u);  // from the cache
  ASSERT_TRUE(Write([&](CatalogTransaction& txn) {
                PartitionDefinition p;
                p.values = {"5000"};
                return txn.CreatePartition("db", "big", p);
              }).ok());
  EXPECT_EQ(count("k >= 2000"), 101u);
  ASSERT_TRUE(Write([&](CatalogTransaction& txn) { return txn.DeletePartition("db", "big", {"2050"}); }).ok());
  EXPECT_EQ(count("k >= 2000"), 100u);
  // A failed transaction changes nothing, cached or not.
  Status failed = Write([&](CatalogTransaction& txn) -> Status {
    RETURN_IF_ERROR(txn.DeletePartition("db", "big", {"2051"}));
    return Internal("abort");
  });
  EXPECT_FALSE(failed.ok());
  EXPECT_EQ(count("k >= 2000"), 100u);
  // A table recreated under the same name (and perhaps the same row id) starts empty.
  ASSERT_TRUE(Write([](CatalogTransaction& txn) { return txn.DeleteTable("db", "big"); }).ok());
  clock_.now += 1;
  MakePartitionedTable("big", {{"k", "int", {}, {}}});
  EXPECT_EQ(count(""), 0u);
}

TEST_F(CatalogTest, TablesTooLargeToCacheAreScannedFromTheDatabase) {
  // A 1 KiB cache cannot hold 2,100 partition keys: every call reads them from SQLite.
  catalog_.reset();
  auto small = Catalog::Open((dir_ / "catalog.db").string(), &clock_, 1024);
  ASSERT_TRUE(small.ok());
  catalog_ = std::move(*small);
  MakePartitionedTable("huge", {{"k", "int", {}, {}}});
  const int n = static_cast<int>(PartitionScanCache::kMinPartitions) + 100;
  ASSERT_TRUE(Write([&](CatalogTransaction& txn) -> Status {
                for (int i = 0; i < n; ++i) {
                  PartitionDefinition p;
                  p.values = {std::to_string(i)};
                  RETURN_IF_ERROR(txn.CreatePartition("db", "huge", p));
                }
                return Status::Ok();
              }).ok());
  // Pages of 40 over the 100 matches: 40, 40, 20, each page continuing after the last.
  std::vector<std::string> seen;
  std::optional<std::string> token;
  int pages = 0;
  do {
    ASSERT_TRUE(Read([&](CatalogTransaction& txn) -> Status {
                  ASSIGN_OR_RETURN(auto page, txn.GetPartitions("db", "huge", {"k >= 2000", 0, 1, {token, 40}}));
                  for (const auto& p : page.items) seen.push_back(p.definition.values[0]);
                  token = page.next_token;
                  return Status::Ok();
                }).ok());
    ++pages;
  } while (token && pages < 10);
  EXPECT_EQ(pages, 3);
  ASSERT_EQ(seen.size(), 100u);
  EXPECT_EQ(seen.front(), "2000");
  EXPECT_EQ(seen.back(), "2099");
  EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).size(), 100u);
}

TEST(PartitionValuesTest, RoundTripAndMalformed) {
  std::vector<std::string> values = {"", "a", std::string(300, 'x'), std::string("\0b", 2)};
  std::string encoded = EncodePartitionValues(values);
  std::vector<std::string_view> decoded;
  ASSERT_TRUE(DecodePartitionValues(encoded, &decoded));
  ASSERT_EQ(decoded.size(), values.size());
  for (size_t i = 0; i < values.size(); ++i) EXPECT_EQ(decoded[i], values[i]);
  EXPECT_NE(EncodePartitionValues({"ab", "c"}), EncodePartitionValues({"a", "bc"}));
  EXPECT_FALSE(DecodePartitionValues("\x05" "ab", &decoded));
  EXPECT_FALSE(DecodePartitionValues("\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff", &decoded));
}

}  // namespace
}  // namespace sluice::catalog
