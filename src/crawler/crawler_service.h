// Crawlers at run time: starting and stopping crawls (READY → RUNNING → STOPPING → READY, with
// LastCrawl), running them as long work on the work scheduler, firing cron schedules, and
// recovering from a killed server (crawls it left running end as FAILED, their crawlers return
// to READY). Every crawl is recorded in the crawl history, logged to /aws-glue/crawlers and
// counted in metrics (sluice_crawler_*).
//
// Schedules run on the server's clock scaled by --time-scale (1 in production), so that tests
// can watch a 5-minute schedule fire in seconds.
//
// Thread safety: thread-safe.
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "catalog/catalog.h"
#include "common/clock.h"
#include "common/metrics.h"
#include "crawler/crawler_store.h"
#include "monitoring/event_log.h"
#include "monitoring/log_store.h"
#include "scheduler/work_scheduler.h"
#include "storage/object_store.h"

namespace sluice::crawler {

class CrawlerService {
 public:
  struct Dependencies {
    CrawlerStore* store = nullptr;
    catalog::Catalog* catalog = nullptr;
    storage::ObjectStore* objects = nullptr;  // null: crawls fail saying so
    scheduler::WorkScheduler* work = nullptr;
    monitoring::LogStore* logs = nullptr;
    MetricsRegistry* metrics = nullptr;
    monitoring::EventLog* events = nullptr;  // optional
    const Clock* clock = nullptr;
  };
  struct Options {
    std::string catalog_id = "000000000000";
    double time_scale = 1.0;  // schedules: virtual minutes per real minute
    size_t crawl_parallelism = 0;  // files classified at once per crawl (0: the machine's cores)
  };

  CrawlerService(Dependencies dependencies, Options options);
  ~CrawlerService();
  CrawlerService(const CrawlerService&) = delete;
  CrawlerService& operator=(const CrawlerService&) = delete;

  // Ends crawls a killed process left running (FAILED, crawler READY) and arms every active
  // schedule.
  Status Start();
  // Cancels schedule timers. Running crawls are stopped by the work scheduler's shutdown.
  void Stop();

  // StartCrawler: EntityNotFoundException; CrawlerRunningException unless READY. `trigger`
  // ("api", "schedule") is logged.
  Status StartCrawl(std::string_view name, std::string_view trigger);
  // StopCrawler: CrawlerNotRunningException when READY, CrawlerStoppingException when STOPPING.
  Status StopCrawl(std::string_view name);

  // (Re)arms or cancels the crawler's schedule timer from its stored definition.
  void Reschedule(std::string_view name);

  // The next time the crawler's schedule fires (virtual clock micros), for tests and logs.
  std::optional<int64_t> NextFire(std::string_view name) const;

 private:
  struct Running {
    std::shared_ptr<std::atomic<bool>> stop;
    std::string work_id;
  };

  Status RunCrawl(const std::string& name, const std::string& crawl_id, const CrawlerDefinition& definition,
                  int64_t start_micros, const scheduler::WorkContext& context);
  void Finish(const std::string& name, CrawlRecord crawl, const std::string& status,
              const std::optional<std::string>& error);
  int64_t VirtualNow() const;
  void Arm(const std::string& name, const std::string& expression);
  void Fire(const std::string& name, uint64_t generation);
  void CountCrawl(const std::string& name, const CrawlRecord& crawl, const std::string& status);

  const Dependencies deps_;
  const Options options_;
  const int64_t anchor_wall_micros_;
  const int64_t anchor_monotonic_micros_;

  mutable std::mutex mutex_;
  std::map<std::string, Running> running_;       // crawl id → control, guarded by mutex_
  std::map<std::string, TimerQueue::TimerId> timers_;  // crawler → armed timer, guarded by mutex_
  std::map<std::string, uint64_t> generations_;  // crawler → schedule generation, guarded by mutex_
  std::map<std::string, int64_t> next_fire_;     // crawler → next fire (virtual), guarded by mutex_
  bool stopped_ = false;                         // guarded by mutex_
};

}  // namespace sluice::crawler
