// Sluice's own job endpoints for the console: see jobs_api.h.
//   GET  /_sluice/jobs/node-types  → {"NodeTypes": [{"Type", "Role", "MinInputs", "MaxInputs",
//                                     "Runnable", "Description"}]}
//   POST /_sluice/jobs/validate    ← {"CodeGenConfigurationNodes": {...}, "Arguments": {...}}
//                                     or {"JobName": "..."} (a stored job, its DefaultArguments)
//                                  → {"Valid": bool, "Error": "...", "Nodes": [per-node report]}
#include <boost/json/array.hpp>

#include "common/json.h"
#include "http/response.h"
#include "jobs/api/jobs_api.h"
#include "jobs/compiler/visual_job.h"
#include "jobs/nodes/registry.h"

namespace sluice::jobs {

namespace json = boost::json;

namespace {

constexpr size_t kMaxValidateBody = 8 << 20;

http::Response JsonReply(int status, const json::object& body) {
  return http::TextResponse(status, "application/json", ToJson(body));
}

http::Response ErrorReply(int status, const std::string& message) {
  return JsonReply(status, json::object{{"Error", message}});
}

}  // namespace

void RegisterConsoleEndpoints(http::Router& router, const JobsApi& api, std::string account_id) {
  router.AddInternalRoute("/jobs/node-types", [](http::Request&) {
    json::array types;
    for (const auto& info : NodeTypes()) {
      types.push_back(json::object{{"Type", info.type},
                                   {"Role", std::string(NodeRoleName(info.role))},
                                   {"MinInputs", info.min_inputs},
                                   {"MaxInputs", info.max_inputs},
                                   {"Runnable", info.runnable()},
                                   {"Description", info.doc}});
    }
    return JsonReply(200, json::object{{"NodeTypes", std::move(types)}});
  });

  router.AddInternalRoute("/jobs/validate", [api, account_id](http::Request& request) {
    if (request.method != "POST") return ErrorReply(405, "POST a job graph to validate it");
    auto body = http::ReadAll(*request.body, kMaxValidateBody);
    if (!body.ok()) return ErrorReply(413, body.status().message());
    auto parsed = ParseJson(*body);
    if (!parsed.ok() || !parsed->is_object()) return ErrorReply(400, "the body must be a JSON object");
    const json::object& input = parsed->get_object();
    json::object nodes;
    Arguments arguments;
    if (auto name = GetString(input, "JobName")) {
      auto job = api.store->GetJob(std::string(*name));
      if (!job.ok()) return ErrorReply(404, job.status().message());
      if (const json::object* stored = job->nodes()) nodes = *stored;
      arguments = job->default_arguments();
    } else if (const json::object* given = GetObject(input, "CodeGenConfigurationNodes")) {
      nodes = *given;
    } else {
      return ErrorReply(400, "send CodeGenConfigurationNodes or JobName");
    }
    if (const json::object* given = GetObject(input, "Arguments")) {
      for (const auto& [key, value] : *given) {
        if (value.is_string()) arguments[std::string(key)] = std::string(value.get_string());
      }
    }
    VisualJobServices services{api.objects, api.catalog, account_id};
    auto built = ValidateVisualJob(nodes, services, arguments);
    if (!built.ok()) {
      return JsonReply(200, json::object{{"Valid", false}, {"Error", built.status().message()}, {"Nodes", json::array()}});
    }
    json::object out{{"Valid", built->status.ok()}, {"Nodes", NodeReportsToJson(built->nodes)}};
    if (!built->status.ok()) out["Error"] = built->status.message();
    return JsonReply(200, out);
  });
}

}  // namespace sluice::jobs
