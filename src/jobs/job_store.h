// The jobs metadata store, DIR/meta/jobs.db (schema: docs/formats/jobs-metadata.md): job
// definitions, job runs and job bookmarks, in SQLite through meta::Database. Every change is
// one transaction, durable when the call returns, so a run acknowledged by StartJobRun and
// every state it reaches survive a kill -9.
//
// Failures carry Glue's errors: EntityNotFoundException, AlreadyExistsException,
// ConcurrentRunsExceededException, InvalidInputException (HTTP 400).
//
// Thread safety: thread-safe (writers are serialised, readers see snapshots).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/status.h"
#include "jobs/job_definition.h"
#include "jobs/job_run.h"
#include "meta/database.h"

namespace sluice::jobs {

template <typename T>
struct StorePage {
  std::vector<T> items;
  std::optional<std::string> next_token;  // absent on the last page
};

// JobBookmarkEntry. `state` is the opaque JobBookmark JSON text (runner/bookmark.h).
struct BookmarkEntry {
  std::string job_name;
  int64_t version = 0;  // +1 per change
  int64_t run = 0;      // +1 per run that committed
  int64_t attempt = 0;  // the committing run's attempt
  std::string previous_run_id;
  std::string run_id;
  std::string state = "{}";
};

// What changes with a state transition (unset members stay as they are).
struct RunUpdate {
  std::optional<std::string> error_message;
  std::optional<std::string> state_detail;
  std::optional<boost::json::object> summary;
  // With a SUCCEEDED transition: the bookmark state the run commits, in the same transaction.
  std::optional<std::string> bookmark_state;
};

class JobStore {
 public:
  static Result<std::unique_ptr<JobStore>> Open(const std::string& path, const Clock* clock);

  // ---- jobs ----
  // AlreadyExistsException when a job of this name exists. Sets the times.
  Status CreateJob(JobDefinition job);
  // EntityNotFoundException.
  Result<JobDefinition> GetJob(const std::string& name);
  // Jobs by name; a token from the previous page continues. InvalidInputException for a bad token.
  Result<StorePage<JobDefinition>> ListJobs(const std::optional<std::string>& token, int limit);
  // Replaces the document (UpdateJob). EntityNotFoundException.
  Status UpdateJob(const std::string& name, boost::json::object document);
  // Deletes the job with its runs and bookmark; false when there was no such job.
  Result<bool> DeleteJob(const std::string& name);

  // ---- runs ----
  // Records a new run of `job` in one transaction with the check of MaxConcurrentRuns: when
  // `slots` runs already occupy a slot (STARTING, RUNNING, STOPPING) or wait, the run is stored
  // as WAITING when `queue` is set, or refused with ConcurrentRunsExceededException. Returns
  // the run as stored (STARTING or WAITING).
  Result<JobRun> InsertRun(JobRun run, int64_t slots, bool queue);
  // EntityNotFoundException naming the run.
  Result<JobRun> GetRun(const std::string& job_name, const std::string& run_id);
  // Runs of the job, newest first.
  Result<StorePage<JobRun>> ListRuns(const std::string& job_name, const std::optional<std::string>& token, int limit);
  // Moves the run to `to` when IsAllowedTransition(current, to) holds, applying `update` and
  // the times (RUNNING sets running_micros; terminal states completed_micros). Returns the
  // updated run, or nullopt when the run was not in a state that allows it (another
  // transition won). EntityNotFoundException when the run does not exist.
  Result<std::optional<JobRun>> Transition(const std::string& run_id, JobRunState to, const RunUpdate& update = {});
  // Runs not in a terminal state, oldest first (recovery after a restart).
  Result<std::vector<JobRun>> UnfinishedRuns();
  // The oldest WAITING run of the job, when fewer than `slots` runs occupy a slot.
  Result<std::optional<JobRun>> NextWaitingRun(const std::string& job_name, int64_t slots);
  // The run attempts after `run_id` (retries of it), oldest first.
  Result<std::vector<JobRun>> Attempts(const std::string& first_run_id);

  // ---- bookmarks ----
  // The job's bookmark, or the one committed by run `run_id` when given. nullopt when none.
  Result<std::optional<BookmarkEntry>> GetBookmark(const std::string& job_name,
                                                   const std::optional<std::string>& run_id);
  // Without run_id: clears the state (processed input is read again by the next run). With
  // run_id: rewinds to the state that run committed. Returns the new entry; nullopt when the
  // job has no bookmark (or the run committed none).
  Result<std::optional<BookmarkEntry>> ResetBookmark(const std::string& job_name,
                                                     const std::optional<std::string>& run_id);

 private:
  JobStore(std::unique_ptr<meta::Database> db, const Clock* clock) : db_(std::move(db)), clock_(clock) {}

  std::unique_ptr<meta::Database> db_;
  const Clock* clock_;
};

}  // namespace sluice::jobs
