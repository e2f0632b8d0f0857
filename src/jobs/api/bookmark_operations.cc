// Glue job bookmark operations: GetJobBookmark, ResetJobBookmark.
#include <fmt/format.h>

#include "catalog/api/glue_operation.h"
#include "common/json.h"
#include "jobs/api/jobs_api.h"

namespace sluice::jobs {

namespace json = boost::json;

namespace {

json::object EntryToJson(const BookmarkEntry& entry) {
  json::object out;
  out["JobName"] = entry.job_name;
  out["Version"] = entry.version;
  out["Run"] = entry.run;
  out["Attempt"] = entry.attempt;
  out["PreviousRunId"] = entry.previous_run_id;
  out["RunId"] = entry.run_id;
  out["JobBookmark"] = entry.state;
  return out;
}

// What Glue answers for a job that has no bookmark yet.
Status NoContinuation(const std::string& job_name) {
  return AwsError("EntityNotFoundException", 400, fmt::format("Continuation for job {} not found", job_name));
}

std::optional<std::string> RunIdOf(const json::object& input) {
  auto id = GetString(input, "RunId");
  if (!id || id->empty()) return std::nullopt;
  return std::string(*id);
}

}  // namespace

void RegisterBookmarkOperations(http::JsonService& glue, const JobsApi& api) {
  JobStore* store = api.store;

  catalog::AddGlueOperation(glue, "GetJobBookmark", [store](const json::object& input, const http::CallContext&) -> Result<json::value> {
    std::string name = catalog::StringMember(input, "JobName");
    RETURN_IF_ERROR(store->GetJob(name).status());
    ASSIGN_OR_RETURN(auto entry, store->GetBookmark(name, RunIdOf(input)));
    if (!entry) return NoContinuation(name);
    return json::object{{"JobBookmarkEntry", EntryToJson(*entry)}};
  });

  catalog::AddGlueOperation(glue, "ResetJobBookmark", [store](const json::object& input, const http::CallContext&) -> Result<json::value> {
    std::string name = catalog::StringMember(input, "JobName");
    RETURN_IF_ERROR(store->GetJob(name).status());
    ASSIGN_OR_RETURN(auto entry, store->ResetBookmark(name, RunIdOf(input)));
    if (!entry) return NoContinuation(name);
    return json::object{{"JobBookmarkEntry", EntryToJson(*entry)}};
  });
}

}  // namespace sluice::jobs
