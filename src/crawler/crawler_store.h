// Durable crawler state in DIR/meta/crawlers.db (schema in docs/formats/catalog-metadata.md):
// crawler definitions with their run state (READY, RUNNING, STOPPING), schedule state and last
// crawl; custom classifiers; the history of every crawl with its statistics; and, per crawler,
// the folders already crawled (for CRAWL_NEW_FOLDERS_ONLY).
//
// Failures carry Glue's errors (EntityNotFoundException, AlreadyExistsException).
//
// Thread safety: thread-safe; each call is one transaction, and Mutate* run their callback
// inside the write transaction so that a state check and its change are atomic.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <absl/functional/function_ref.h>

#include "common/clock.h"
#include "common/status.h"
#include "crawler/classifier_definition.h"
#include "crawler/crawler_definition.h"
#include "meta/database.h"

namespace sluice::crawler {

// Stored as text: never rename.
enum class CrawlerState { kReady, kRunning, kStopping };
std::string_view CrawlerStateName(CrawlerState state);

// LastCrawlInfo. `status` is SUCCEEDED, CANCELLED or FAILED.
struct LastCrawl {
  std::string status;
  std::optional<std::string> error_message;
  std::string log_group;
  std::string log_stream;
  std::string message_prefix;  // the crawl id
  int64_t start_micros = 0;
};

struct CrawlerRecord {
  CrawlerDefinition definition;
  CrawlerState state = CrawlerState::kReady;
  bool schedule_active = false;  // Schedule.State SCHEDULED (true) or NOT_SCHEDULED
  int64_t version = 1;
  int64_t creation_micros = 0;
  int64_t updated_micros = 0;
  std::optional<LastCrawl> last_crawl;
  std::optional<std::string> current_crawl_id;
  int64_t crawl_start_micros = 0;  // of the current crawl
  std::map<std::string, std::string> tags;
};

// What one crawl did.
struct CrawlStatistics {
  int64_t tables_created = 0;
  int64_t tables_updated = 0;
  int64_t tables_deleted = 0;
  int64_t tables_deprecated = 0;
  int64_t partitions_created = 0;
  int64_t partitions_updated = 0;
  int64_t partitions_deleted = 0;
  int64_t folders_examined = 0;
  int64_t files_examined = 0;
  int64_t files_read = 0;
  int64_t bytes_read = 0;
};

// CrawlerHistory. `state` is RUNNING, COMPLETED, FAILED or STOPPED (stored as text).
struct CrawlRecord {
  std::string crawl_id;
  std::string crawler_name;
  std::string state = "RUNNING";
  int64_t start_micros = 0;
  int64_t end_micros = 0;  // 0 while running
  std::optional<std::string> error_message;
  CrawlStatistics statistics;
  std::string work_id;  // the work scheduler's record
};

class CrawlerStore {
 public:
  static Result<std::unique_ptr<CrawlerStore>> Open(const std::string& path, const Clock* clock);

  // ---- crawlers ----
  // AlreadyExistsException when the name is taken.
  Status CreateCrawler(const CrawlerRecord& record);
  // EntityNotFoundException when missing.
  Result<CrawlerRecord> GetCrawler(std::string_view name);
  // Names in order, after `after` (exclusive), at most `limit`.
  Result<std::vector<CrawlerRecord>> ListCrawlers(std::string_view after, int limit);
  // Loads the crawler, runs `fn` on it and stores the result, in one transaction; fn's error
  // aborts without change. EntityNotFoundException when missing.
  Status MutateCrawler(std::string_view name, absl::FunctionRef<Status(CrawlerRecord&)> fn);
  // Deletes the crawler with its history and folder records after `check` accepts it.
  Status DeleteCrawler(std::string_view name, absl::FunctionRef<Status(const CrawlerRecord&)> check);

  // ---- crawls ----
  // Starts a crawl: `fn` checks and changes the crawler (to RUNNING) and the crawl row is
  // inserted, in one transaction.
  Status BeginCrawl(std::string_view name, const CrawlRecord& crawl, absl::FunctionRef<Status(CrawlerRecord&)> fn);
  // Records the crawl's end and the crawler's change (back to READY, LastCrawl) atomically.
  Status EndCrawl(const CrawlRecord& crawl, absl::FunctionRef<Status(CrawlerRecord&)> fn);
  Status SetCrawlWorkId(std::string_view crawl_id, std::string_view work_id);
  Result<std::optional<CrawlRecord>> GetCrawl(std::string_view crawl_id);
  // Newest first; `before_start` pages backwards (exclusive), 0 = from the newest.
  Result<std::vector<CrawlRecord>> ListCrawls(std::string_view crawler, int64_t before_start, int limit);
  // Crawls left RUNNING (after a crash).
  Result<std::vector<CrawlRecord>> RunningCrawls();

  // ---- folders already crawled (incremental crawls) ----
  Result<std::set<std::string>> CrawledFolders(std::string_view crawler);
  Status AddCrawledFolders(std::string_view crawler, const std::vector<std::string>& folders);

  // ---- classifiers ----
  Status CreateClassifier(const ClassifierDefinition& definition);
  Result<ClassifierRecord> GetClassifier(std::string_view name);
  Result<std::vector<ClassifierRecord>> ListClassifiers(std::string_view after, int limit);
  // Merges an update into the stored classifier (version + 1).
  Status UpdateClassifier(const ClassifierDefinition& update);
  Status DeleteClassifier(std::string_view name);

 private:
  CrawlerStore(std::unique_ptr<meta::Database> db, const Clock* clock) : db_(std::move(db)), clock_(clock) {}

  std::unique_ptr<meta::Database> db_;
  const Clock* clock_;
};

}  // namespace sluice::crawler
