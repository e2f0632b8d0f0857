// A data dir for jobs tests: a real local object store with a bucket "lake", a real Data
// Catalog with a database "sales", and helpers to put objects, run a visual job and read JSON
// lines output back.
#pragma once

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "catalog/catalog.h"
#include "common/clock.h"
#include "common/file.h"
#include "common/json.h"
#include "jobs/compiler/visual_job.h"
#include "storage/local/local_object_store.h"
#include "unit/test_dir.h"

namespace sluice::jobs::testing {

class TextSource final : public storage::ByteSource {
 public:
  explicit TextSource(std::string_view text) : text_(text) {}
  Result<size_t> Read(char* buffer, size_t size) override {
    size_t n = std::min(size, text_.size());
    std::copy(text_.begin(), text_.begin() + static_cast<std::ptrdiff_t>(n), buffer);
    text_.remove_prefix(n);
    return n;
  }

 private:
  std::string_view text_;
};

class JobFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(CreateDirectories(dir_.Join("meta")).ok());
    storage::LocalStoreOptions options;
    options.data_dir = dir_.path();
    auto store = storage::LocalObjectStore::Open(options);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(*store);
    ASSERT_TRUE(store_->CreateBucket("lake", "000000000000", "us-east-1").ok());
    auto catalog = catalog::Catalog::Open(dir_.Join("meta/catalog.db"), &SystemClock::Get());
    ASSERT_TRUE(catalog.ok());
    catalog_ = std::move(*catalog);
    ASSERT_TRUE(catalog_->Write("000000000000", [](catalog::CatalogTransaction& txn) {
      catalog::DatabaseDefinition database;
      database.name = "sales";
      return txn.CreateDatabase(database);
    }).ok());
  }
  void TearDown() override { store_->Close(); }

  void Put(const std::string& key, std::string_view text) {
    TextSource source(text);
    auto put = store_->PutObject("lake", key, source, {});
    ASSERT_TRUE(put.ok()) << put.status().ToString();
  }

  // The standard inputs: orders (CSV with a header) and customers (JSON lines).
  void PutOrdersAndCustomers() {
    Put("raw/orders/orders.csv",
        "order_id,customer_id,amount,country\n"
        "1,c1,10.5,FR\n"
        "2,c2,-3,DE\n"
        "3,c1,7,FR\n"
        "4,c3,,US\n"
        "5,c2,20,DE\n");
    Put("raw/customers/customers.json",
        "{\"id\":\"c1\",\"name\":\"Ann\",\"tier\":\"gold\"}\n"
        "{\"id\":\"c2\",\"name\":\"Bob\",\"tier\":\"silver\"}\n"
        "{\"id\":\"c4\",\"name\":\"Dan\",\"tier\":\"gold\"}\n");
  }

  VisualJobServices Services() { return {store_.get(), catalog_.get(), "000000000000"}; }

  Result<VisualRunResult> Run(std::string_view nodes, Arguments arguments = {}, std::string bookmark = "") {
    auto parsed = ParseJson(nodes);
    if (!parsed.ok()) return parsed.status();
    VisualRun run;
    run.run_id = "jr_test" + std::to_string(++runs_);
    run.arguments = std::move(arguments);
    run.start_micros = NowMicros();
    run.execution.threads = 2;
    run.bookmark_state = std::move(bookmark);
    return RunVisualJob(parsed->as_object(), Services(), run);
  }

  Result<BuiltGraph> Validate(std::string_view nodes, Arguments arguments = {}) {
    return ValidateVisualJob(ParseJson(nodes)->as_object(), Services(), arguments);
  }

  // Keys under a prefix, sorted.
  std::vector<std::string> Keys(const std::string& prefix) {
    storage::ListOptions options;
    options.prefix = prefix;
    auto page = store_->ListObjects("lake", options);
    std::vector<std::string> keys;
    if (page.ok()) {
      for (const auto& object : page->objects) keys.push_back(object.key);
    }
    return keys;
  }

  std::string Read(const std::string& key) {
    auto object = store_->OpenObject("lake", key);
    if (!object.ok()) return "";
    std::string text(object->info.size, '\0');
    object->file.PReadExact(0, text.data(), text.size()).IgnoreError();
    return text;
  }

  // Every JSON line under `prefix` as compact JSON text, sorted.
  std::vector<std::string> ReadJsonLines(const std::string& prefix) {
    std::vector<std::string> rows;
    for (const auto& key : Keys(prefix)) {
      std::string text = Read(key);
      size_t start = 0;
      while (start < text.size()) {
        size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        if (end > start) {
          auto value = ParseJson(std::string_view(text).substr(start, end - start));
          rows.push_back(value.ok() ? ToJson(*value) : "<bad json>");
        }
        start = end + 1;
      }
    }
    std::sort(rows.begin(), rows.end());
    return rows;
  }

  sluice::testing::TestDir dir_;
  std::unique_ptr<storage::LocalObjectStore> store_;
  std::unique_ptr<catalog::Catalog> catalog_;
  int runs_ = 0;
};

// The CSV orders source node, with a given id.
inline std::string OrdersSource(const std::string& id = "orders") {
  return "\"" + id +
         R"(": {"S3CsvSource": {"Name": "Orders", "Paths": ["s3://lake/raw/orders/"], "Separator": "comma",
              "QuoteChar": "quote", "WithHeader": true}})";
}

inline std::string CustomersSource(const std::string& id = "customers") {
  return "\"" + id + R"(": {"S3JsonSource": {"Name": "Customers", "Paths": ["s3://lake/raw/customers/"]}})";
}

// A JSON lines target under s3://lake/out/<folder>/ reading `input`.
inline std::string JsonTarget(const std::string& input, const std::string& folder) {
  return R"("out": {"S3DirectTarget": {"Name": "Out", "Inputs": [")" + input + R"("], "Path": "s3://lake/out/)" +
         folder + R"(/", "Format": "json"}})";
}

}  // namespace sluice::jobs::testing
