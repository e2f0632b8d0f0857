// One crawl, start to finish: list each S3 target (dropping excluded keys and folder markers),
// pick the files to read (SampleSize per folder; under CRAWL_NEW_FOLDERS_ONLY only folders not
// crawled before), classify them in parallel (reading only a sample of text files and the
// footers of Parquet files), decide tables and partitions, and write them to the catalog under
// the crawler's policies. Everything it examines and decides goes to the crawl log.
//
// Thread safety: RunCrawl may run concurrently for different crawls.
#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "common/status.h"
#include "crawler/crawl/crawl_log.h"
#include "crawler/crawler_store.h"
#include "storage/object_store.h"

namespace sluice::crawler {

struct CrawlRequest {
  CrawlerDefinition crawler;
  std::string crawl_id;
  std::string catalog_id;
  int64_t now_micros = 0;
  std::vector<ClassifierRecord> classifiers;  // the crawler's custom classifiers, in its order
  std::set<std::string> crawled_folders;      // for CRAWL_NEW_FOLDERS_ONLY (s3://.../ URLs)
  std::function<bool()> cancelled;            // polled between steps
  size_t parallelism = 2;                     // files classified at once
};

struct CrawlOutcome {
  CrawlStatistics statistics;
  std::vector<std::string> folders;  // every leaf folder seen (s3://.../), for the next incremental crawl
};

// Runs the crawl. Fails with the reason the crawl failed (its message becomes
// LastCrawl.ErrorMessage), or Cancelled when `cancelled` said so.
Result<CrawlOutcome> RunCrawl(const CrawlRequest& request, storage::ObjectStore* objects, catalog::Catalog* catalog,
                              CrawlLog* log);

}  // namespace sluice::crawler
