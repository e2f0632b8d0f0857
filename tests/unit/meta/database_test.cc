// The metadata store: migrations, transactions, rollback, snapshots, durability across reopen.
#include "meta/database.h"

#include <gtest/gtest.h>

#include <thread>

#include "meta/access_key_store.h"
#include "unit/test_dir.h"

namespace sluice::meta {
namespace {

constexpr Migration kV1[] = {{1, "CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER NOT NULL);"}};
constexpr Migration kV2[] = {{1, "CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER NOT NULL);"},
                             {2, "ALTER TABLE t ADD COLUMN note TEXT;"}};

TEST(DatabaseTest, MigrationsApplyOnceAndInOrder) {
  testing::TestDir dir;
  {
    auto db = Database::Open(dir.Join("x.db"), kV1);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    EXPECT_EQ((*db)->schema_version(), 1);
    ASSERT_TRUE((*db)->Write([](Transaction& txn) { return txn.Exec("INSERT INTO t VALUES (?, ?)", "a", 1); }).ok());
  }
  auto db = Database::Open(dir.Join("x.db"), kV2);
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  EXPECT_EQ((*db)->schema_version(), 2);
  std::optional<std::string> note = "unset";
  ASSERT_TRUE((*db)->Read([&](Transaction& txn) {
    auto rows = txn.Query("SELECT v, note FROM t WHERE k = ?", "a");
    EXPECT_TRUE(rows.Next());
    EXPECT_EQ(rows.Int(0), 1);
    note = rows.OptionalText(1);
    return rows.status();
  }).ok());
  EXPECT_FALSE(note.has_value());
}

TEST(DatabaseTest, FailedTransactionRollsBack) {
  testing::TestDir dir;
  auto db = *Database::Open(dir.Join("x.db"), kV1);
  Status status = db->Write([](Transaction& txn) {
    RETURN_IF_ERROR(txn.Exec("INSERT INTO t VALUES ('a', 1)"));
    return InvalidArgument("changed my mind");
  });
  EXPECT_EQ(status.message(), "changed my mind");
  Status duplicate = db->Write([](Transaction& txn) {
    RETURN_IF_ERROR(txn.Exec("INSERT INTO t VALUES ('b', 1)"));
    return txn.Exec("INSERT INTO t VALUES ('b', 2)");  // primary key violation
  });
  EXPECT_EQ(duplicate.code(), StatusCode::kAlreadyExists);
  ASSERT_TRUE(db->Read([](Transaction& txn) -> Status {
    ASSIGN_OR_RETURN(auto count, txn.QueryInt("SELECT COUNT(*) FROM t"));
    EXPECT_EQ(*count, 0);
    return Status::Ok();
  }).ok());
}

TEST(DatabaseTest, ConcurrentWritersAreSerialised) {
  testing::TestDir dir;
  auto db = *Database::Open(dir.Join("x.db"), kV1);
  ASSERT_TRUE(db->Write([](Transaction& txn) { return txn.Exec("INSERT INTO t VALUES ('n', 0)"); }).ok());
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&] {
      for (int j = 0; j < 50; ++j) {
        ASSERT_TRUE(db->Write([](Transaction& txn) -> Status {
          ASSIGN_OR_RETURN(auto v, txn.QueryInt("SELECT v FROM t WHERE k = 'n'"));
          return txn.Exec("UPDATE t SET v = ? WHERE k = 'n'", *v + 1);
        }).ok());
      }
    });
  }
  for (auto& t : threads) t.join();
  int64_t value = 0;
  ASSERT_TRUE(db->Read([&](Transaction& txn) -> Status {
    ASSIGN_OR_RETURN(auto v, txn.QueryInt("SELECT v FROM t WHERE k = 'n'"));
    value = *v;
    return Status::Ok();
  }).ok());
  EXPECT_EQ(value, 200);
}

TEST(AccessKeyStoreTest, KeysPersistAndCanBeDeleted) {
  testing::TestDir dir;
  std::string created_id;
  {
    auto store = *AccessKeyStore::Open(dir.Join("auth.db"));
    ASSERT_TRUE(store->Put({"root", "secret", "000000000000", "root"}).ok());
    auto created = store->Create("alice", "000000000000");
    ASSERT_TRUE(created.ok());
    created_id = created->access_key_id;
    EXPECT_EQ(created_id.size(), 20u);
    EXPECT_EQ(created->secret_access_key.size(), 40u);
  }
  auto store = *AccessKeyStore::Open(dir.Join("auth.db"));
  EXPECT_EQ(store->Find("root")->secret_access_key, "secret");
  EXPECT_EQ(store->Find(created_id)->user_name, "alice");
  EXPECT_FALSE(store->Find("nobody"));
  ASSERT_TRUE(store->Delete(created_id).ok());
  EXPECT_FALSE(store->Find(created_id));
  EXPECT_EQ(store->Delete(created_id).code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace sluice::meta
