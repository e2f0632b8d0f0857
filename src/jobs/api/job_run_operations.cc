// Glue job run operations: StartJobRun, GetJobRun, GetJobRuns, BatchStopJobRun.
#include <boost/json/array.hpp>
#include <fmt/format.h>

#include "catalog/api/catalog_api.h"
#include "catalog/api/glue_operation.h"
#include "common/json.h"
#include "jobs/api/jobs_api.h"

namespace sluice::jobs {

namespace json = boost::json;

void RegisterJobRunOperations(http::JsonService& glue, const JobsApi& api) {
  JobStore* store = api.store;
  JobRunner* runner = api.runner;

  catalog::AddGlueOperation(glue, "StartJobRun", [runner](const json::object& input, const http::CallContext&) -> Result<json::value> {
    ASSIGN_OR_RETURN(JobRun run, runner->StartRun(input));
    return json::object{{"JobRunId", run.id}};
  });

  catalog::AddGlueOperation(glue, "GetJobRun", [store](const json::object& input, const http::CallContext&) -> Result<json::value> {
    std::string name = catalog::StringMember(input, "JobName");
    RETURN_IF_ERROR(store->GetJob(name).status());
    ASSIGN_OR_RETURN(JobRun run, store->GetRun(name, catalog::StringMember(input, "RunId")));
    return json::object{{"JobRun", JobRunToJson(run)}};
  });

  catalog::AddGlueOperation(glue, "GetJobRuns", [store](const json::object& input, const http::CallContext&) -> Result<json::value> {
    std::string name = catalog::StringMember(input, "JobName");
    RETURN_IF_ERROR(store->GetJob(name).status());
    catalog::PageRequest page = catalog::PageRequestOf(input, 100);
    ASSIGN_OR_RETURN(auto runs, store->ListRuns(name, page.token, page.limit));
    json::array list;
    for (const auto& run : runs.items) list.push_back(JobRunToJson(run));
    json::object out{{"JobRuns", std::move(list)}};
    if (runs.next_token) out["NextToken"] = *runs.next_token;
    return out;
  });

  catalog::AddGlueOperation(glue, "BatchStopJobRun", [runner](const json::object& input, const http::CallContext&) -> Result<json::value> {
    std::string name = catalog::StringMember(input, "JobName");
    json::array submitted, errors;
    for (const auto& id : catalog::StringListMember(input, "JobRunIds")) {
      Status status = runner->StopRun(name, id);
      if (status.ok()) {
        submitted.push_back(json::object{{"JobName", name}, {"JobRunId", id}});
      } else if (catalog::IsItemError(status)) {
        errors.push_back(json::object{{"JobName", name}, {"JobRunId", id}, {"ErrorDetail", catalog::ErrorDetailOf(status)}});
      } else {
        return status;
      }
    }
    return json::object{{"SuccessfulSubmissions", std::move(submitted)}, {"Errors", std::move(errors)}};
  });
}

}  // namespace sluice::jobs
