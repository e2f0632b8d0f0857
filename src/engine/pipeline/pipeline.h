// A pipeline: a source, the streaming operators its batches flow through, and the sink that
// consumes them; and a physical plan, the pipelines of a query in the order they must run
// (every pipeline's inputs — hash tables, aggregates, sorted runs — are complete before it
// starts). Built by the physical planner (plan/physical_planner.h), run by the executor.
//
// Thread safety: immutable once built; the executor runs one pipeline at a time.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "engine/pipeline/physical_operator.h"

namespace sluice::engine {

struct Pipeline {
  std::shared_ptr<const Source> source;
  std::vector<std::shared_ptr<const Operator>> operators;
  std::shared_ptr<Sink> sink;
  // Whether this is the last pipeline feeding `sink` (then the sink is finalised after it).
  bool finalize_sink = true;
  // Whether operators with trailing output (right/full join probes) emit it after this
  // pipeline: only the last of the UNION branches that share them does.
  bool run_operator_finish = true;
};

struct PhysicalPlan {
  std::vector<Pipeline> pipelines;
  // "Pipeline 1: Scan ... -> Filter ... -> HashAggregate" per line.
  std::string ToString() const;
};

}  // namespace sluice::engine
