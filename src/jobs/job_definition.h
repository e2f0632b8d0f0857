// A Glue job definition as Sluice stores it: the members of CreateJob (or of UpdateJob's
// JobUpdate, which replaces them all) with the defaults AWS Glue fills in applied, kept as the
// JSON document GetJob returns, plus typed accessors for what the runner needs. The visual
// graph (CodeGenConfigurationNodes) stays inside the document as sent: it is parsed by
// graph/job_graph.h when a run starts or a client asks for validation.
//
// Thread safety: values.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include <boost/json/object.hpp>

#include "common/status.h"

namespace sluice::jobs {

using Arguments = std::map<std::string, std::string>;

struct JobDefinition {
  std::string name;
  // The Job members (without Name, CreatedOn, LastModifiedOn), defaults applied.
  boost::json::object document;
  std::map<std::string, std::string> tags;
  int64_t created_micros = 0;
  int64_t modified_micros = 0;

  std::string command_name() const;      // "glueetl", "pythonshell", ...
  std::string script_location() const;   // "" when none
  bool is_python_shell() const { return command_name() == "pythonshell"; }
  int64_t max_retries() const;
  int64_t timeout_minutes() const;
  int64_t max_concurrent_runs() const;
  bool queuing_enabled() const;
  Arguments default_arguments() const;
  Arguments non_overridable_arguments() const;
  // The CodeGenConfigurationNodes map, or null when the job has none (a script job).
  const boost::json::object* nodes() const;
};

// The document stored for a CreateJob request or an UpdateJob JobUpdate (already validated
// against the Glue model): every member kept except Name and Tags, then Glue's defaults —
// Command.Name glueetl, JobMode SCRIPT, ExecutionProperty.MaxConcurrentRuns 1, MaxRetries 0,
// Timeout 2880 minutes (480 from Glue 5.0), capacity (MaxCapacity 10 DPUs for Spark jobs
// without a worker type, NumberOfWorkers × the worker's DPUs with one, 0.0625 for Python
// shell) — and the checks AWS makes across members, each an InvalidInputException: a known
// Command.Name; MaxCapacity, AllocatedCapacity and WorkerType/NumberOfWorkers not combined;
// WorkerType and NumberOfWorkers together; Python shell capacity 0.0625 or 1.
Result<boost::json::object> NormalizeJobDocument(const boost::json::object& input);

// The Job shape of GetJob: the document plus Name, CreatedOn and LastModifiedOn.
boost::json::object JobToJson(const JobDefinition& job);

// DPUs per worker of a WorkerType ("G.1X" → 1), or nullopt for an unknown type.
std::optional<double> DpusPerWorker(std::string_view worker_type);

}  // namespace sluice::jobs
