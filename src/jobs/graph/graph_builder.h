// Builds a visual job's nodes into engine plans, in topological order, from the job graph:
// each node is parsed (refused when Sluice cannot run its type), then built from its inputs'
// outputs with a NodeContext. The result is one write plan per target plus, per node, its
// output schema or what was wrong with it — what validation reports and the console shows.
// A node whose input failed is not built (its report says which input).
//
// Thread safety: runs on one thread; the context decides whether anything is read.
#pragma once

#include <string>
#include <vector>

#include "columnar/schema.h"
#include "common/status.h"
#include "engine/plan/logical_plan.h"
#include "jobs/graph/job_graph.h"
#include "jobs/nodes/node_context.h"

namespace sluice::jobs {

struct NodeReport {
  NodeHeader header;
  NodeRole role = NodeRole::kTransform;
  std::vector<columnar::SchemaPtr> frames;  // output schema(s) when built
  bool data_dependent = false;
  std::string error;       // what is wrong with this node ("" when built)
  bool skipped = false;    // not built because an input failed
};

struct TargetPlan {
  std::string node_id;
  engine::PlanPtr plan;  // ends in a Write
};

struct BuiltGraph {
  std::vector<NodeReport> nodes;  // topological order
  std::vector<TargetPlan> targets;
  // OK when every node was built and the job has a target; otherwise InvalidInputException
  // listing each failed node: `Filter "Positive amounts" (node-filter): Filters[0]...`.
  Status status;
};

// Builds every node of `graph`. The returned BuiltGraph carries the outcome (status).
BuiltGraph BuildJobGraph(const JobGraph& graph, NodeContext& context);

// The node reports as JSON for the console: [{"Id", "Type", "Name", "Role", "Inputs",
// "Columns": [{"Name", "Type"}] (first frame), "Frames" (collections), "DataDependent",
// "Error"}].
boost::json::array NodeReportsToJson(const std::vector<NodeReport>& reports);

}  // namespace sluice::jobs
