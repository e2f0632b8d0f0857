// Runs a physical plan: each pipeline in turn, on `context.threads()` worker threads that pull
// batches from the source and push them through the operators into the sink (morsel-driven
// parallelism: a source hands out one batch per pull, so both cores stay busy whatever the
// operators cost). The first error stops every worker and is returned; so does cancellation.
//
// Thread safety: Execute blocks its caller, which is one of the workers; it may be called from
// several threads for different plans.
#pragma once

#include "common/status.h"
#include "engine/pipeline/execution_context.h"
#include "engine/pipeline/pipeline.h"

namespace sluice::engine {

// Runs every pipeline of `plan` in order. Returns the first error (Cancelled when the context
// was cancelled).
Status ExecutePhysicalPlan(const PhysicalPlan& plan, ExecutionContext& context);

}  // namespace sluice::engine
