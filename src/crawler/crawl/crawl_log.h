// A crawl's run log: lines go to the run-log store, group /aws-glue/crawlers, stream named
// after the crawler, each prefixed with the crawl id (LastCrawl.MessagePrefix) and a level, as
// Glue writes them, so `aws logs get-log-events` shows what the crawl did and why. Lines are
// buffered and written in batches; Flush() writes what is pending.
//
// Thread safety: thread-safe.
#pragma once

#include <mutex>
#include <string>
#include <vector>

#include "monitoring/log_store.h"

namespace sluice::crawler {

inline constexpr const char* kCrawlerLogGroup = "/aws-glue/crawlers";

class CrawlLog {
 public:
  // `store` may be null (lines are then only counted).
  CrawlLog(monitoring::LogStore* store, std::string stream, std::string crawl_id, const Clock* clock)
      : store_(store), stream_(std::move(stream)), crawl_id_(std::move(crawl_id)), clock_(clock) {}
  ~CrawlLog() { Flush(); }

  void Info(const std::string& message) { Add("INFO", message); }
  void Warn(const std::string& message) { Add("WARN", message); }
  void Error(const std::string& message) { Add("ERROR", message); }
  // Writes buffered lines to the store.
  void Flush();

  size_t warnings() const;
  size_t lines() const;

 private:
  void Add(const char* level, const std::string& message);

  monitoring::LogStore* store_;
  const std::string stream_;
  const std::string crawl_id_;
  const Clock* clock_;
  mutable std::mutex mutex_;
  std::vector<monitoring::LogEvent> pending_;  // guarded by mutex_
  size_t warnings_ = 0;                         // guarded by mutex_
  size_t lines_ = 0;                            // guarded by mutex_
};

}  // namespace sluice::crawler
