// The Glue job API: see jobs_api.h.
#include "jobs/api/jobs_api.h"

namespace sluice::jobs {

void RegisterJobsApi(http::JsonService& glue, const JobsApi& api) {
  RegisterJobOperations(glue, api);
  RegisterJobRunOperations(glue, api);
  RegisterBookmarkOperations(glue, api);
}

}  // namespace sluice::jobs
