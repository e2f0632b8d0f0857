// Glue job definition operations: CreateJob, UpdateJob, GetJob, GetJobs, ListJobs,
// BatchGetJobs, DeleteJob.
#include <boost/json/array.hpp>
#include <fmt/format.h>

#include "catalog/api/glue_operation.h"
#include "common/json.h"
#include "jobs/api/jobs_api.h"
#include "jobs/graph/job_graph.h"

namespace sluice::jobs {

namespace json = boost::json;

namespace {

// The document to store for a CreateJob input or an UpdateJob JobUpdate: Glue's defaults
// applied, and the visual graph's structure checked (cycles, inputs, node types).
Result<json::object> DocumentOf(const json::object& input) {
  ASSIGN_OR_RETURN(json::object document, NormalizeJobDocument(input));
  if (const json::object* nodes = GetObject(document, "CodeGenConfigurationNodes")) {
    RETURN_IF_ERROR(JobGraph::Parse(*nodes).status());
  }
  return document;
}

std::map<std::string, std::string> TagsOf(const json::object& input) {
  std::map<std::string, std::string> tags;
  if (const json::object* given = GetObject(input, "Tags")) {
    for (const auto& [key, value] : *given) {
      if (value.is_string()) tags[std::string(key)] = std::string(value.get_string());
    }
  }
  return tags;
}

}  // namespace

void RegisterJobOperations(http::JsonService& glue, const JobsApi& api) {
  JobStore* store = api.store;
  JobRunner* runner = api.runner;

  catalog::AddGlueOperation(glue, "CreateJob", [store](const json::object& input, const http::CallContext&) -> Result<json::value> {
    JobDefinition job;
    job.name = catalog::StringMember(input, "Name");
    ASSIGN_OR_RETURN(job.document, DocumentOf(input));
    job.tags = TagsOf(input);
    RETURN_IF_ERROR(store->CreateJob(std::move(job)));
    return json::object{{"Name", catalog::StringMember(input, "Name")}};
  });

  catalog::AddGlueOperation(glue, "UpdateJob", [store](const json::object& input, const http::CallContext&) -> Result<json::value> {
    std::string name = catalog::StringMember(input, "JobName");
    const json::object* update = GetObject(input, "JobUpdate");
    if (update == nullptr) return AwsError("InvalidInputException", 400, "JobUpdate is required");
    ASSIGN_OR_RETURN(json::object document, DocumentOf(*update));
    RETURN_IF_ERROR(store->UpdateJob(name, std::move(document)));
    return json::object{{"JobName", name}};
  });

  catalog::AddGlueOperation(glue, "GetJob", [store](const json::object& input, const http::CallContext&) -> Result<json::value> {
    ASSIGN_OR_RETURN(JobDefinition job, store->GetJob(catalog::StringMember(input, "JobName")));
    return json::object{{"Job", JobToJson(job)}};
  });

  catalog::AddGlueOperation(glue, "GetJobs", [store](const json::object& input, const http::CallContext&) -> Result<json::value> {
    catalog::PageRequest page = catalog::PageRequestOf(input, 100);
    ASSIGN_OR_RETURN(auto jobs, store->ListJobs(page.token, page.limit));
    json::array list;
    for (const auto& job : jobs.items) list.push_back(JobToJson(job));
    json::object out{{"Jobs", std::move(list)}};
    if (jobs.next_token) out["NextToken"] = *jobs.next_token;
    return out;
  });

  catalog::AddGlueOperation(glue, "ListJobs", [store](const json::object& input, const http::CallContext&) -> Result<json::value> {
    catalog::PageRequest page = catalog::PageRequestOf(input, 100);
    std::map<std::string, std::string> wanted = TagsOf(input);
    ASSIGN_OR_RETURN(auto jobs, store->ListJobs(page.token, page.limit));
    json::array names;
    for (const auto& job : jobs.items) {
      bool matches = true;
      for (const auto& [key, value] : wanted) {
        auto it = job.tags.find(key);
        matches = matches && it != job.tags.end() && it->second == value;
      }
      if (matches) names.push_back(json::value(job.name));
    }
    json::object out{{"JobNames", std::move(names)}};
    if (jobs.next_token) out["NextToken"] = *jobs.next_token;
    return out;
  });

  catalog::AddGlueOperation(glue, "BatchGetJobs", [store](const json::object& input, const http::CallContext&) -> Result<json::value> {
    json::array found, missing;
    for (const auto& name : catalog::StringListMember(input, "JobNames")) {
      auto job = store->GetJob(name);
      if (job.ok()) found.push_back(JobToJson(*job));
      else if (job.status().aws_code() == "EntityNotFoundException") missing.push_back(json::value(name));
      else return job.status();
    }
    return json::object{{"Jobs", std::move(found)}, {"JobsNotFound", std::move(missing)}};
  });

  catalog::AddGlueOperation(glue, "DeleteJob", [store, runner](const json::object& input, const http::CallContext&) -> Result<json::value> {
    std::string name = catalog::StringMember(input, "JobName");
    // Runs still going are stopped first; deleting a job that does not exist succeeds.
    ASSIGN_OR_RETURN(auto runs, store->UnfinishedRuns());
    for (const auto& run : runs) {
      if (run.job_name == name) runner->StopRun(name, run.id).IgnoreError();
    }
    RETURN_IF_ERROR(store->DeleteJob(name).status());
    return json::object{{"JobName", name}};
  });
}

}  // namespace sluice::jobs
