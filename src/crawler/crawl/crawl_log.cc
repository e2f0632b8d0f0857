// Crawl run logs: see crawl_log.h.
#include "crawler/crawl/crawl_log.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace sluice::crawler {

namespace {
constexpr size_t kBatch = 2000;
}

void CrawlLog::Add(const char* level, const std::string& message) {
  std::vector<monitoring::LogEvent> batch;
  {
    std::lock_guard lock(mutex_);
    ++lines_;
    if (std::string_view(level) != "INFO") ++warnings_;
    pending_.push_back({clock_->NowMicros() / 1000, fmt::format("[{}] {} : {}", crawl_id_, level, message)});
    if (pending_.size() < kBatch) return;
    batch.swap(pending_);
  }
  if (store_) {
    Status status = store_->Append(kCrawlerLogGroup, stream_, batch);
    if (!status.ok()) spdlog::warn("crawl {}: writing its log failed: {}", crawl_id_, status.ToString());
  }
}

void CrawlLog::Flush() {
  std::vector<monitoring::LogEvent> batch;
  {
    std::lock_guard lock(mutex_);
    batch.swap(pending_);
  }
  if (batch.empty() || !store_) return;
  Status status = store_->Append(kCrawlerLogGroup, stream_, batch);
  if (!status.ok()) spdlog::warn("crawl {}: writing its log failed: {}", crawl_id_, status.ToString());
}

size_t CrawlLog::warnings() const {
  std::lock_guard lock(mutex_);
  return warnings_;
}

size_t CrawlLog::lines() const {
  std::lock_guard lock(mutex_);
  return lines_;
}

}  // namespace sluice::crawler
