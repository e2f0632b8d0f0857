// The Glue job API: job definitions (CreateJob, UpdateJob, GetJob, GetJobs, ListJobs,
// BatchGetJobs, DeleteJob), job runs (StartJobRun, GetJobRun, GetJobRuns, BatchStopJobRun) and
// job bookmarks (GetJobBookmark, ResetJobBookmark), added to the shared Glue JSON service with
// request validation against the Glue model. One file per group: job_operations.cc,
// job_run_operations.cc, bookmark_operations.cc.
//
// Sluice's own endpoints for the console (console_endpoints.cc): GET /_sluice/jobs/node-types
// (the node palette from nodes/registry.h) and POST /_sluice/jobs/validate (a graph's per-node
// schemas and errors, without running it).
//
// Thread safety: register during set-up; the handlers are thread-safe.
#pragma once

#include "catalog/catalog.h"
#include "http/json_service.h"
#include "http/router.h"
#include "jobs/job_store.h"
#include "jobs/runner/job_runner.h"
#include "storage/object_store.h"

namespace sluice::jobs {

// Everything the handlers use; must outlive the service.
struct JobsApi {
  JobStore* store = nullptr;
  JobRunner* runner = nullptr;
  storage::ObjectStore* objects = nullptr;
  catalog::Catalog* catalog = nullptr;  // may be null
};

void RegisterJobsApi(http::JsonService& glue, const JobsApi& api);
void RegisterJobOperations(http::JsonService& glue, const JobsApi& api);
void RegisterJobRunOperations(http::JsonService& glue, const JobsApi& api);
void RegisterBookmarkOperations(http::JsonService& glue, const JobsApi& api);
void RegisterConsoleEndpoints(http::Router& router, const JobsApi& api, std::string account_id);

}  // namespace sluice::jobs
