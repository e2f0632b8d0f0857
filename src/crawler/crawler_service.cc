// Crawlers at run time: see crawler_service.h.
#include "crawler/crawler_service.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "common/allocator.h"
#include "common/ids.h"
#include "common/thread_pool.h"
#include "crawler/crawl/crawl_log.h"
#include "crawler/crawl/crawl_run.h"
#include "scheduler/cron.h"

namespace sluice::crawler {

namespace {

constexpr const char* kWorkKind = "crawl";

std::string CrawlStateFor(const std::string& status) {
  if (status == "SUCCEEDED") return "COMPLETED";
  if (status == "CANCELLED") return "STOPPED";
  return "FAILED";
}

}  // namespace

CrawlerService::CrawlerService(Dependencies dependencies, Options options)
    : deps_(dependencies),
      options_(std::move(options)),
      anchor_wall_micros_(dependencies.clock->NowMicros()),
      anchor_monotonic_micros_(MonotonicMicros()) {}

CrawlerService::~CrawlerService() { Stop(); }

int64_t CrawlerService::VirtualNow() const {
  double elapsed = static_cast<double>(MonotonicMicros() - anchor_monotonic_micros_) * options_.time_scale;
  return anchor_wall_micros_ + static_cast<int64_t>(elapsed);
}

Status CrawlerService::Start() {
  // Crawls a killed process left behind end as FAILED.
  ASSIGN_OR_RETURN(auto orphans, deps_.work->Orphans(kWorkKind));
  const std::string message =
      "The Sluice server stopped while this crawl was running, so it did not finish; start the crawler again.";
  ASSIGN_OR_RETURN(auto running, deps_.store->RunningCrawls());
  for (auto& crawl : running) {
    CrawlLog log(deps_.logs, crawl.crawler_name, crawl.crawl_id, deps_.clock);
    log.Error(message);
    crawl.end_micros = deps_.clock->NowMicros();
    Finish(crawl.crawler_name, crawl, "FAILED", message);
  }
  for (const auto& orphan : orphans) deps_.work->Abandon(orphan.id, message).IgnoreError();
  // Crawlers stuck outside READY without a crawl row return to READY.
  std::string after;
  while (true) {
    ASSIGN_OR_RETURN(auto crawlers, deps_.store->ListCrawlers(after, 200));
    if (crawlers.empty()) break;
    for (const auto& record : crawlers) {
      if (record.state != CrawlerState::kReady) {
        deps_.store
            ->MutateCrawler(record.definition.name,
                            [](CrawlerRecord& r) {
                              r.state = CrawlerState::kReady;
                              r.current_crawl_id.reset();
                              return Status::Ok();
                            })
            .IgnoreError();
      }
      if (record.definition.schedule && record.schedule_active) Arm(record.definition.name, *record.definition.schedule);
    }
    after = crawlers.back().definition.name;
  }
  return Status::Ok();
}

void CrawlerService::Stop() {
  std::lock_guard lock(mutex_);
  stopped_ = true;
  for (const auto& [name, id] : timers_) deps_.work->timers().Cancel(id);
  timers_.clear();
}

Status CrawlerService::StartCrawl(std::string_view name, std::string_view trigger) {
  CrawlRecord crawl;
  crawl.crawl_id = NewUuid();
  crawl.crawler_name = std::string(name);
  crawl.start_micros = deps_.clock->NowMicros();
  CrawlerDefinition definition;
  RETURN_IF_ERROR(deps_.store->BeginCrawl(name, crawl, [&](CrawlerRecord& record) -> Status {
    if (record.state != CrawlerState::kReady) {
      return AwsError("CrawlerRunningException", 400, fmt::format("Crawler with name {} has already started", name));
    }
    record.state = CrawlerState::kRunning;
    record.current_crawl_id = crawl.crawl_id;
    record.crawl_start_micros = crawl.start_micros;
    definition = record.definition;
    return Status::Ok();
  }));
  auto stop = std::make_shared<std::atomic<bool>>(false);
  {
    std::lock_guard lock(mutex_);
    running_[crawl.crawl_id] = Running{stop, ""};
  }
  deps_.metrics->GetGauge("sluice_crawler_running", "Crawls running now").Add(1);
  {
    CrawlLog log(deps_.logs, crawl.crawler_name, crawl.crawl_id, deps_.clock);
    log.Info(fmt::format("Crawl {} of crawler {} requested ({})", crawl.crawl_id, name, trigger));
  }
  if (deps_.events) {
    deps_.events->Emit("glue.crawler.state",
                       {{"crawlerName", crawl.crawler_name}, {"state", "Started"}, {"crawlId", crawl.crawl_id}});
  }
  std::string crawler_name = crawl.crawler_name, crawl_id = crawl.crawl_id;
  int64_t start = crawl.start_micros;
  auto submitted = deps_.work->Submit(kWorkKind, crawler_name, crawl_id,
                                      [this, crawler_name, crawl_id, definition, start](scheduler::WorkContext& context) {
                                        return RunCrawl(crawler_name, crawl_id, definition, start, context);
                                      });
  if (!submitted.ok()) {
    crawl.end_micros = deps_.clock->NowMicros();
    Finish(crawler_name, crawl, "FAILED", "the crawl could not be queued: " + submitted.status().message());
    return submitted.status();
  }
  {
    std::lock_guard lock(mutex_);
    auto it = running_.find(crawl_id);
    if (it != running_.end()) it->second.work_id = *submitted;
  }
  deps_.store->SetCrawlWorkId(crawl_id, *submitted).IgnoreError();
  return Status::Ok();
}

Status CrawlerService::StopCrawl(std::string_view name) {
  std::string crawl_id;
  RETURN_IF_ERROR(deps_.store->MutateCrawler(name, [&](CrawlerRecord& record) -> Status {
    if (record.state == CrawlerState::kReady) {
      return AwsError("CrawlerNotRunningException", 400, fmt::format("Crawler with name {} is not running", name));
    }
    if (record.state == CrawlerState::kStopping) {
      return AwsError("CrawlerStoppingException", 400, fmt::format("Crawler with name {} is stopping", name));
    }
    record.state = CrawlerState::kStopping;
    crawl_id = record.current_crawl_id.value_or("");
    return Status::Ok();
  }));
  std::lock_guard lock(mutex_);
  auto it = running_.find(crawl_id);
  if (it != running_.end()) {
    it->second.stop->store(true);
    if (!it->second.work_id.empty()) deps_.work->Cancel(it->second.work_id);
  }
  return Status::Ok();
}

Status CrawlerService::RunCrawl(const std::string& name, const std::string& crawl_id,
                                const CrawlerDefinition& definition, int64_t start_micros,
                                const scheduler::WorkContext& context) {
  std::shared_ptr<std::atomic<bool>> stop;
  {
    std::lock_guard lock(mutex_);
    auto it = running_.find(crawl_id);
    stop = it != running_.end() ? it->second.stop : std::make_shared<std::atomic<bool>>(false);
  }
  CrawlLog log(deps_.logs, name, crawl_id, deps_.clock);
  CrawlRequest request;
  request.crawler = definition;
  request.crawl_id = crawl_id;
  request.catalog_id = options_.catalog_id;
  request.now_micros = start_micros;
  request.parallelism = options_.crawl_parallelism > 0 ? options_.crawl_parallelism : HardwareConcurrency();
  request.cancelled = [&context, stop] { return context.cancelled() || stop->load(); };
  for (const auto& classifier : definition.classifiers) {
    auto record = deps_.store->GetClassifier(classifier);
    if (record.ok()) {
      request.classifiers.push_back(std::move(*record));
    } else {
      log.Warn(fmt::format("Custom classifier {} does not exist; it is skipped", classifier));
    }
  }
  if (definition.recrawl_behavior == RecrawlBehavior::kCrawlNewFoldersOnly) {
    auto folders = deps_.store->CrawledFolders(name);
    if (folders.ok()) request.crawled_folders = std::move(*folders);
  }

  int64_t started = MonotonicMicros();
  auto outcome = crawler::RunCrawl(request, deps_.objects, deps_.catalog, &log);
  ReleaseFreeMemory();  // the crawl's read buffers go back to the system
  double seconds = static_cast<double>(MonotonicMicros() - started) / 1e6;

  CrawlRecord crawl;
  crawl.crawl_id = crawl_id;
  crawl.crawler_name = name;
  crawl.start_micros = start_micros;
  crawl.end_micros = deps_.clock->NowMicros();
  std::string status = "SUCCEEDED";
  std::optional<std::string> error;
  if (outcome.ok()) {
    crawl.statistics = outcome->statistics;
    deps_.store->AddCrawledFolders(name, outcome->folders).IgnoreError();
    const CrawlStatistics& s = crawl.statistics;
    log.Info(fmt::format("Crawl finished in {:.2f} s: {} tables created, {} updated, {} deleted, {} deprecated; {} "
                         "partitions added, {} updated, {} deleted; {} files read of {} listed ({} bytes read)",
                         seconds, s.tables_created, s.tables_updated, s.tables_deleted, s.tables_deprecated,
                         s.partitions_created, s.partitions_updated, s.partitions_deleted, s.files_read,
                         s.files_examined, s.bytes_read));
  } else if (outcome.status().code() == StatusCode::kCancelled) {
    status = "CANCELLED";
    log.Info(fmt::format("Crawl stopped on request after {:.2f} s; nothing more was written", seconds));
  } else {
    status = "FAILED";
    error = outcome.status().message();
    log.Error("Crawl failed: " + *error);
  }
  log.Flush();
  deps_.metrics
      ->GetHistogram("sluice_crawler_crawl_duration_seconds", "Duration of crawls", LatencyBuckets(),
                     {{"crawler", name}})
      .Observe(seconds);
  Finish(name, crawl, status, error);
  return Status::Ok();
}

void CrawlerService::CountCrawl(const std::string& name, const CrawlRecord& crawl, const std::string& status) {
  MetricsRegistry& m = *deps_.metrics;
  MetricLabels labels{{"crawler", name}};
  m.GetCounter("sluice_crawler_crawls_total", "Crawls finished, by status", {{"crawler", name}, {"status", status}})
      .Increment();
  const CrawlStatistics& s = crawl.statistics;
  m.GetCounter("sluice_crawler_tables_created_total", "Tables created by crawls", labels).Increment(s.tables_created);
  m.GetCounter("sluice_crawler_tables_updated_total", "Tables updated by crawls (deprecations included)", labels)
      .Increment(s.tables_updated + s.tables_deprecated);
  m.GetCounter("sluice_crawler_tables_deleted_total", "Tables deleted by crawls", labels).Increment(s.tables_deleted);
  m.GetCounter("sluice_crawler_partitions_added_total", "Partitions added by crawls", labels)
      .Increment(s.partitions_created);
  m.GetCounter("sluice_crawler_partitions_updated_total", "Partitions updated by crawls", labels)
      .Increment(s.partitions_updated);
  m.GetCounter("sluice_crawler_partitions_deleted_total", "Partitions deleted by crawls", labels)
      .Increment(s.partitions_deleted);
  m.GetCounter("sluice_crawler_files_read_total", "Files classified by crawls", labels).Increment(s.files_read);
  m.GetCounter("sluice_crawler_bytes_read_total", "Bytes read by crawls", labels).Increment(s.bytes_read);
}

void CrawlerService::Finish(const std::string& name, CrawlRecord crawl, const std::string& status,
                            const std::optional<std::string>& error) {
  crawl.state = CrawlStateFor(status);
  crawl.error_message = error;
  // Like Glue, the crawler passes through STOPPING on its way back to READY.
  deps_.store
      ->MutateCrawler(name,
                      [&](CrawlerRecord& record) {
                        if (record.current_crawl_id == crawl.crawl_id) record.state = CrawlerState::kStopping;
                        return Status::Ok();
                      })
      .IgnoreError();
  Status status_written = deps_.store->EndCrawl(crawl, [&](CrawlerRecord& record) {
    if (record.current_crawl_id && *record.current_crawl_id != crawl.crawl_id) return Status::Ok();
    record.state = CrawlerState::kReady;
    record.current_crawl_id.reset();
    LastCrawl last;
    last.status = status;
    last.error_message = error;
    last.log_group = kCrawlerLogGroup;
    last.log_stream = name;
    last.message_prefix = crawl.crawl_id;
    last.start_micros = crawl.start_micros;
    record.last_crawl = std::move(last);
    return Status::Ok();
  });
  if (!status_written.ok()) spdlog::error("crawl {}: recording its end failed: {}", crawl.crawl_id, status_written.ToString());
  bool was_running = false;
  {
    std::lock_guard lock(mutex_);
    was_running = running_.erase(crawl.crawl_id) > 0;
  }
  if (was_running) deps_.metrics->GetGauge("sluice_crawler_running", "Crawls running now").Add(-1);
  CountCrawl(name, crawl, status);
  if (deps_.events) {
    std::string state = status == "SUCCEEDED" ? "Succeeded" : status == "CANCELLED" ? "Stopped" : "Failed";
    boost::json::object detail{{"crawlerName", name}, {"state", state}, {"crawlId", crawl.crawl_id}};
    if (error) detail["errorMessage"] = *error;
    deps_.events->Emit("glue.crawler.state", std::move(detail));
  }
}

void CrawlerService::Reschedule(std::string_view name_view) {
  std::string name(name_view);
  auto record = deps_.store->GetCrawler(name);
  {
    std::lock_guard lock(mutex_);
    auto timer = timers_.find(name);
    if (timer != timers_.end()) {
      deps_.work->timers().Cancel(timer->second);
      timers_.erase(timer);
    }
    ++generations_[name];
    next_fire_.erase(name);
  }
  if (record.ok() && record->definition.schedule && record->schedule_active) Arm(name, *record->definition.schedule);
}

void CrawlerService::Arm(const std::string& name, const std::string& expression) {
  auto schedule = scheduler::CronSchedule::Parse(expression);
  if (!schedule.ok()) {
    spdlog::warn("crawler {}: schedule '{}' is not valid: {}", name, expression, schedule.status().message());
    return;
  }
  int64_t now = VirtualNow();
  auto next = schedule->NextAfter(now);
  if (!next) return;
  int64_t delay = static_cast<int64_t>(static_cast<double>(*next - now) / options_.time_scale);
  std::lock_guard lock(mutex_);
  if (stopped_) return;
  uint64_t generation = generations_[name];
  auto old = timers_.find(name);
  if (old != timers_.end()) deps_.work->timers().Cancel(old->second);
  next_fire_[name] = *next;
  timers_[name] = deps_.work->timers().After(std::max<int64_t>(delay, 0), [this, name, generation] {
    // Timer callbacks must be short: the start itself runs on the pool.
    deps_.work->pool().Submit([this, name, generation] { Fire(name, generation); });
  });
}

void CrawlerService::Fire(const std::string& name, uint64_t generation) {
  {
    std::lock_guard lock(mutex_);
    if (stopped_ || generations_[name] != generation) return;
    timers_.erase(name);
  }
  auto record = deps_.store->GetCrawler(name);
  if (!record.ok() || !record->definition.schedule || !record->schedule_active) return;
  Status started = StartCrawl(name, fmt::format("schedule {}", *record->definition.schedule));
  if (!started.ok()) {
    CrawlLog log(deps_.logs, name, "schedule", deps_.clock);
    log.Warn(fmt::format("The scheduled start was skipped: {}", started.message()));
  }
  Arm(name, *record->definition.schedule);
}

std::optional<int64_t> CrawlerService::NextFire(std::string_view name) const {
  std::lock_guard lock(mutex_);
  auto it = next_fire_.find(std::string(name));
  if (it == next_fire_.end()) return std::nullopt;
  return it->second;
}

}  // namespace sluice::crawler
