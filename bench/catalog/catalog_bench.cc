// catalog_bench: builds the data sets of the catalog benchmarks (bench/catalog/run) straight
// through Sluice's own stores, much faster than a million PUT requests would, and times the
// in-process crawl.
//
//   catalog_bench objects DIR OBJECTS PARTITIONS [MIRROR]
//       A data dir whose object store holds bucket "bench" with OBJECTS small CSV objects in
//       PARTITIONS Hive partitions (data/day=NNN/hour=HH/part-N.csv). MIRROR, when given, gets
//       the same files as plain files (for DuckDB).
//   catalog_bench partitions DIR PARTITIONS
//       A data dir whose catalog holds database "bench" and table "events" (keys year, month,
//       day, all strings) with PARTITIONS partitions.
//   catalog_bench crawl DIR
//       Crawls s3://bench/data/ in-process (no HTTP) into a fresh database and prints timings.
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "catalog/catalog.h"
#include "common/clock.h"
#include "common/thread_pool.h"
#include "crawler/crawl/crawl_log.h"
#include "crawler/crawl/crawl_run.h"
#include "storage/local/local_object_store.h"

using namespace sluice;

namespace {


std::string ObjectKey(int object, int partitions) {
  int partition = object % partitions;
  return fmt::format("data/day={:03d}/hour={:02d}/part-{:06d}.csv", partition / 10, partition % 10, object);
}

std::string ObjectBody(int object) {
  std::string body = "event_id,user,amount,ok\n";
  for (int row = 0; row < 5; ++row) {
    body += fmt::format("{},user{},{}.{},{}\n", object * 5 + row, (object + row) % 97, row * 3, row, row % 2 ? "true" : "false");
  }
  return body;
}

int Fail(const Status& status) {
  std::fprintf(stderr, "catalog_bench: %s\n", status.ToString().c_str());
  return 1;
}

int Objects(const std::string& dir, int objects, int partitions, const std::string& mirror) {
  std::filesystem::create_directories(std::filesystem::path(dir) / "meta");
  storage::LocalStoreOptions options;
  options.data_dir = dir;
  auto store = storage::LocalObjectStore::Open(options);
  if (!store.ok()) return Fail(store.status());
  auto bucket = (*store)->CreateBucket("bench", "000000000000", "us-east-1");
  if (!bucket.ok() && bucket.status().aws_code() != "BucketAlreadyOwnedByYou") return Fail(bucket.status());
  std::atomic<int> next{0};
  std::atomic<bool> failed{false};
  int64_t start = MonotonicMicros();
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = next++; i < objects && !failed; i = next++) {
        std::string key = ObjectKey(i, partitions);
        std::string body = ObjectBody(i);
        if (!mirror.empty()) {
          std::filesystem::path path = std::filesystem::path(mirror) / key;
          std::filesystem::create_directories(path.parent_path());
          std::ofstream(path, std::ios::binary) << body;
        }
        storage::PutOptions put;
        put.checksum_algorithm = storage::ChecksumAlgorithm::kNone;
        auto writer = (*store)->NewObjectWriter("bench", key, put);
        Status status = writer.ok() ? (*writer)->Append(body) : writer.status();
        if (status.ok()) status = (*writer)->Commit().status();
        if (!status.ok()) {
          std::fprintf(stderr, "put %s: %s\n", key.c_str(), status.ToString().c_str());
          failed = true;
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  (*store)->Close();
  std::printf("wrote %d objects in %d partitions in %.1f s\n", objects, partitions,
              static_cast<double>(MonotonicMicros() - start) / 1e6);
  return failed ? 1 : 0;
}

int Partitions(const std::string& dir, int partitions) {
  std::filesystem::create_directories(std::filesystem::path(dir) / "meta");
  auto catalog = catalog::Catalog::Open((std::filesystem::path(dir) / "meta/catalog.db").string(), &SystemClock::Get());
  if (!catalog.ok()) return Fail(catalog.status());
  Status status = (*catalog)->Write("000000000000", [&](catalog::CatalogTransaction& txn) -> Status {
    RETURN_IF_ERROR(txn.CreateDatabase({"bench", {}, {}, {}, {}}));
    catalog::TableDefinition table;
    table.name = "events";
    table.table_type = "EXTERNAL_TABLE";
    table.partition_keys = {{"year", "string", {}, {}}, {"month", "string", {}, {}}, {"day", "string", {}, {}}};
    catalog::StorageDescriptor sd;
    sd.columns = {{"id", "bigint", {}, {}}, {"payload", "string", {}, {}}};
    sd.location = "s3://bench/events/";
    table.storage_descriptor = sd;
    return txn.CreateTable("bench", table);
  });
  if (!status.ok()) return Fail(status);
  int64_t start = MonotonicMicros();
  constexpr int kBatch = 2000;
  for (int first = 0; first < partitions; first += kBatch) {
    status = (*catalog)->Write("000000000000", [&](catalog::CatalogTransaction& txn) -> Status {
      for (int i = first; i < std::min(partitions, first + kBatch); ++i) {
        // 100,000 partitions: years 2000-2027, months 01-12, days 01-28 (+ more years beyond).
        int year = 2000 + i / (12 * 28), month = i / 28 % 12 + 1, day = i % 28 + 1;
        catalog::PartitionDefinition p;
        p.values = {std::to_string(year), fmt::format("{:02d}", month), fmt::format("{:02d}", day)};
        catalog::StorageDescriptor sd;
        sd.columns = {{"id", "bigint", {}, {}}, {"payload", "string", {}, {}}};
        sd.location = fmt::format("s3://bench/events/year={}/month={:02d}/day={:02d}/", year, month, day);
        sd.input_format = "org.apache.hadoop.mapred.TextInputFormat";
        p.storage_descriptor = sd;
        p.parameters = {{"classification", "csv"}};
        RETURN_IF_ERROR(txn.CreatePartition("bench", "events", p));
      }
      return Status::Ok();
    });
    if (!status.ok()) return Fail(status);
  }
  std::printf("wrote %d partitions in %.1f s\n", partitions, static_cast<double>(MonotonicMicros() - start) / 1e6);
  return 0;
}

int Crawl(const std::string& dir) {
  storage::LocalStoreOptions options;
  options.data_dir = dir;
  auto store = storage::LocalObjectStore::Open(options);
  if (!store.ok()) return Fail(store.status());
  std::string catalog_path = (std::filesystem::path(dir) / "meta/crawl-bench-catalog.db").string();
  std::filesystem::remove(catalog_path);
  std::filesystem::remove(catalog_path + "-wal");
  std::filesystem::remove(catalog_path + "-shm");
  auto catalog = catalog::Catalog::Open(catalog_path, &SystemClock::Get());
  if (!catalog.ok()) return Fail(catalog.status());
  crawler::CrawlRequest request;
  request.crawler.name = "bench";
  request.crawler.s3_targets.push_back({"s3://bench/data/", {}, std::nullopt, {}, {}, {}});
  request.crawl_id = "bench";
  request.catalog_id = "000000000000";
  request.now_micros = NowMicros();
  request.parallelism = HardwareConcurrency();
  int64_t start = MonotonicMicros();
  auto outcome = [&] {
    crawler::CrawlLog log(nullptr, "bench", "bench", &SystemClock::Get());
    return crawler::RunCrawl(request, store->get(), catalog->get(), &log);
  }();
  if (!outcome.ok()) return Fail(outcome.status());
  const auto& s = outcome->statistics;
  std::printf("crawl: %.2f s, %lld files read, %lld tables, %lld partitions\n",
              static_cast<double>(MonotonicMicros() - start) / 1e6, static_cast<long long>(s.files_read),
              static_cast<long long>(s.tables_created), static_cast<long long>(s.partitions_created));
  (*store)->Close();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.size() >= 4 && args[0] == "objects") {
    return Objects(args[1], std::stoi(args[2]), std::stoi(args[3]), args.size() > 4 ? args[4] : "");
  }
  if (args.size() == 3 && args[0] == "partitions") return Partitions(args[1], std::stoi(args[2]));
  if (args.size() == 2 && args[0] == "crawl") return Crawl(args[1]);
  std::fprintf(stderr,
               "usage: catalog_bench objects DIR OBJECTS PARTITIONS [MIRROR] | partitions DIR PARTITIONS | crawl DIR\n");
  return 2;
}
