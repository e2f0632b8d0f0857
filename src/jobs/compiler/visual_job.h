// Running and validating a visual job: the job's CodeGenConfigurationNodes with the run's
// arguments substituted (graph/job_arguments.h), read as a graph (graph/job_graph.h), built
// node by node into engine plans (graph/graph_builder.h), then run — side plans (Spigot
// samples), then each target's write in topological order — and, once every write has
// succeeded, the targets' catalog updates. A failed run deletes the files it wrote.
//
// The result summarises what each node did: objects, bytes and records read by sources;
// files, bytes and records written by targets; and how long the run took.
//
// Thread safety: one call per run, on the calling thread (the engine uses its own workers);
// counters handed to `on_started` may be read from any thread while the run goes on.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "catalog/catalog.h"
#include "common/status.h"
#include "engine/pipeline/execution_context.h"
#include "jobs/compiler/run_control.h"
#include "jobs/data/object_data_source.h"
#include "jobs/data/object_write_target.h"
#include "jobs/graph/graph_builder.h"
#include "jobs/job_definition.h"
#include "storage/object_store.h"

namespace sluice::jobs {

struct VisualJobServices {
  storage::ObjectStore* store = nullptr;
  catalog::Catalog* catalog = nullptr;  // may be null for jobs without catalog nodes
  std::string catalog_id = "000000000000";
};

// One node's live counters (sources read, targets write).
struct NodeProgress {
  std::string id;
  std::string label;  // `Filter "Positive amounts" (node-filter)`
  NodeRole role = NodeRole::kTransform;
  std::shared_ptr<const ReadCounters> read;    // sources
  std::shared_ptr<const WriteCounters> write;  // targets
};

struct VisualRun {
  std::string run_id;       // names output files (part-<n>-<run id>...)
  Arguments arguments;      // the effective arguments
  int64_t start_micros = 0;  // for bookmark bands
  engine::ExecutionOptions execution;
  RunControl* control = nullptr;
  // The job's committed bookmark state ("" when none), and for a paused range the states of
  // the runs named by --job-bookmark-from / --job-bookmark-to.
  std::string bookmark_state;
  std::optional<std::string> bookmark_from;
  std::optional<std::string> bookmark_to;
  // A line for the run log.
  std::function<void(const std::string&)> log;
  // Called once the plans are built, before they run.
  std::function<void(const std::vector<NodeProgress>&)> on_started;
};

struct NodeSummary {
  std::string id, type, name;
  NodeRole role = NodeRole::kTransform;
  int64_t objects_read = 0, bytes_read = 0, records_read = 0;
  int64_t files_written = 0, bytes_written = 0, records_written = 0;
};

struct VisualRunResult {
  std::vector<NodeSummary> nodes;
  // The state to commit with the run's success (job-bookmark-enable), nullopt otherwise.
  std::optional<std::string> bookmark_state;
  int64_t elapsed_micros = 0;

  // {"ElapsedSeconds", "Nodes": [{"Id", "Type", "Name", "Role", "ObjectsRead", "BytesRead",
  //  "RecordsRead", "FilesWritten", "BytesWritten", "RecordsWritten"}]}
  boost::json::object ToJson() const;
  // Human-readable lines for the run log and `sluice job run`.
  std::vector<std::string> Lines() const;
};

// Runs the job. Errors: validation (InvalidInputException naming each failed node), a failure
// reading or writing (naming the node and the object), Cancelled when `control` stopped it.
Result<VisualRunResult> RunVisualJob(const boost::json::object& nodes, const VisualJobServices& services,
                                     VisualRun& run);

// Builds the job without running it: each node's output schema or what is wrong with it.
// Fails only when the graph itself is malformed or an argument is missing.
Result<BuiltGraph> ValidateVisualJob(const boost::json::object& nodes, const VisualJobServices& services,
                                     const Arguments& arguments);

}  // namespace sluice::jobs
