// Job definitions: see job_definition.h.
#include "jobs/job_definition.h"

#include <cmath>

#include <fmt/format.h>

#include "catalog/model_json.h"
#include "common/json.h"

namespace sluice::jobs {

namespace json = boost::json;

namespace {

Status Invalid(std::string message) { return AwsError("InvalidInputException", 400, std::move(message)); }

Arguments StringMap(const json::object* object) {
  Arguments out;
  if (object == nullptr) return out;
  for (const auto& [key, value] : *object) {
    if (value.is_string()) out[std::string(key)] = std::string(value.get_string());
  }
  return out;
}

// "5.0" → 5.0; nullopt when the version does not start with a number.
std::optional<double> GlueVersionNumber(const json::object& document) {
  auto version = GetString(document, "GlueVersion");
  if (!version) return std::nullopt;
  try {
    return std::stod(std::string(*version));
  } catch (...) {
    return std::nullopt;
  }
}

}  // namespace

std::optional<double> DpusPerWorker(std::string_view worker_type) {
  if (worker_type == "Standard" || worker_type == "G.1X") return 1.0;
  if (worker_type == "G.2X" || worker_type == "Z.2X") return 2.0;
  if (worker_type == "G.025X") return 0.25;
  if (worker_type == "G.4X") return 4.0;
  if (worker_type == "G.8X") return 8.0;
  return std::nullopt;
}

Result<json::object> NormalizeJobDocument(const json::object& input) {
  json::object document;
  for (const auto& [key, value] : input) {
    if (key == "Name" || key == "Tags" || key == "JobName" || value.is_null()) continue;
    document[key] = value;
  }

  json::object command;
  if (const json::object* given = GetObject(input, "Command")) command = *given;
  if (!GetString(command, "Name")) command["Name"] = "glueetl";
  std::string command_name(command["Name"].get_string());
  if (command_name != "glueetl" && command_name != "gluestreaming" && command_name != "pythonshell" &&
      command_name != "glueray") {
    return Invalid(fmt::format("Unsupported command name {}: expected glueetl, gluestreaming, pythonshell or glueray",
                               command_name));
  }
  document["Command"] = command;
  const bool python_shell = command_name == "pythonshell";

  if (!GetString(document, "JobMode")) document["JobMode"] = "SCRIPT";
  json::object execution;
  if (const json::object* given = GetObject(input, "ExecutionProperty")) execution = *given;
  if (!GetInt(execution, "MaxConcurrentRuns")) execution["MaxConcurrentRuns"] = 1;
  if (execution["MaxConcurrentRuns"].to_number<int64_t>() < 1) {
    return Invalid("ExecutionProperty.MaxConcurrentRuns must be at least 1");
  }
  document["ExecutionProperty"] = execution;
  if (!GetInt(document, "MaxRetries")) document["MaxRetries"] = 0;
  if (*GetInt(document, "MaxRetries") < 0) return Invalid("MaxRetries must not be negative");
  if (!GetInt(document, "Timeout")) {
    auto version = GlueVersionNumber(document);
    document["Timeout"] = version && *version >= 5.0 ? 480 : 2880;
  }

  auto worker_type = GetString(document, "WorkerType");
  auto workers = GetInt(document, "NumberOfWorkers");
  auto max_capacity = GetNumber(document, "MaxCapacity");
  auto allocated = GetInt(document, "AllocatedCapacity");
  if (worker_type.has_value() != workers.has_value()) {
    return Invalid("Please set both Worker Type and Number of Workers.");
  }
  if (worker_type && (max_capacity || allocated)) {
    return Invalid("Please do not set Max Capacity or Allocated Capacity if using Worker Type and Number of Workers.");
  }
  if (max_capacity && allocated) return Invalid("Please set only Allocated Capacity or Max Capacity.");
  if (python_shell) {
    if (worker_type) return Invalid("Worker Type is not supported for Python shell jobs; set MaxCapacity.");
    double capacity = max_capacity.value_or(allocated ? static_cast<double>(*allocated) : 0.0625);
    if (capacity != 0.0625 && capacity != 1.0) {
      return Invalid("Python shell jobs support a MaxCapacity of 0.0625 or 1.");
    }
    document["MaxCapacity"] = capacity;
    document["AllocatedCapacity"] = 0;
  } else if (worker_type) {
    if (*workers < 1) return Invalid("NumberOfWorkers must be at least 1");
    double per_worker = DpusPerWorker(*worker_type).value_or(1.0);
    double capacity = per_worker * static_cast<double>(*workers);
    document["MaxCapacity"] = capacity;
    document["AllocatedCapacity"] = static_cast<int64_t>(std::llround(capacity));
  } else {
    double capacity = max_capacity.value_or(allocated ? static_cast<double>(*allocated) : 10.0);
    if (capacity <= 0) return Invalid("MaxCapacity must be positive");
    document["MaxCapacity"] = capacity;
    document["AllocatedCapacity"] = static_cast<int64_t>(std::llround(capacity));
  }
  return document;
}

json::object JobToJson(const JobDefinition& job) {
  json::object out;
  out["Name"] = job.name;
  for (const auto& [key, value] : job.document) out[key] = value;
  out["CreatedOn"] = catalog::EpochSeconds(job.created_micros);
  out["LastModifiedOn"] = catalog::EpochSeconds(job.modified_micros);
  return out;
}

std::string JobDefinition::command_name() const {
  if (const json::object* command = GetObject(document, "Command")) {
    if (auto name = GetString(*command, "Name")) return std::string(*name);
  }
  return "glueetl";
}

std::string JobDefinition::script_location() const {
  if (const json::object* command = GetObject(document, "Command")) {
    if (auto location = GetString(*command, "ScriptLocation")) return std::string(*location);
  }
  return "";
}

int64_t JobDefinition::max_retries() const { return GetInt(document, "MaxRetries").value_or(0); }

int64_t JobDefinition::timeout_minutes() const { return GetInt(document, "Timeout").value_or(2880); }

int64_t JobDefinition::max_concurrent_runs() const {
  if (const json::object* execution = GetObject(document, "ExecutionProperty")) {
    return GetInt(*execution, "MaxConcurrentRuns").value_or(1);
  }
  return 1;
}

bool JobDefinition::queuing_enabled() const { return GetBool(document, "JobRunQueuingEnabled").value_or(false); }

Arguments JobDefinition::default_arguments() const { return StringMap(GetObject(document, "DefaultArguments")); }

Arguments JobDefinition::non_overridable_arguments() const {
  return StringMap(GetObject(document, "NonOverridableArguments"));
}

const json::object* JobDefinition::nodes() const { return GetObject(document, "CodeGenConfigurationNodes"); }

}  // namespace sluice::jobs
