// Physical planning: the one place where each logical node becomes operators and pipelines.
// Streaming nodes (filter, project, the probe side of a join) become operators inside a
// pipeline; blocking nodes (aggregate, sort, limit, write, the build side of a join) end one
// pipeline with a sink and start the next with a source reading its result; a union feeds one
// continuation from several pipelines in turn. Pipelines are listed in the order they must run.
//
// Thread safety: pure function; the plan it returns owns fresh operator state.
#pragma once

#include <memory>

#include "engine/pipeline/execution_context.h"
#include "engine/pipeline/pipeline.h"
#include "engine/plan/logical_plan.h"

namespace sluice::engine {

// The pipelines that compute `plan` into `root` (the sink receiving the plan's output rows).
Result<PhysicalPlan> PlanPhysical(const PlanPtr& plan, std::shared_ptr<Sink> root, const ExecutionContext& context);

}  // namespace sluice::engine
