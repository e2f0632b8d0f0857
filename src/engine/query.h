// The engine's front door: run a logical plan and get its rows, or see how it would run.
//
//   ExecutionContext context;                    // threads, memory budget, cancellation
//   ASSIGN_OR_RETURN(QueryResult result, ExecuteQuery(plan, context));
//
// The plan is optimized (plan/optimizer.h), turned into pipelines (plan/physical_planner.h) and
// run on the context's threads (pipeline/executor.h). Output rows keep their order wherever
// the plan defines one (a scan's file order, a sort).
//
// Thread safety: any number of queries may run at once, each with its own context.
#pragma once

#include <string>
#include <vector>

#include "columnar/record_batch.h"
#include "common/status.h"
#include "engine/pipeline/execution_context.h"
#include "engine/plan/logical_plan.h"

namespace sluice::engine {

struct QueryResult {
  columnar::SchemaPtr schema;
  std::vector<columnar::BatchPtr> batches;
  int64_t num_rows() const;
};

// Runs `plan` and collects its output. Errors: the first failure (naming the expression or
// file), or Cancelled when context.Cancel() was called.
Result<QueryResult> ExecuteQuery(const PlanPtr& plan, ExecutionContext& context);
// The optimized plan and its pipelines, as text.
Result<std::string> ExplainQuery(const PlanPtr& plan, const ExecutionContext& context);

}  // namespace sluice::engine
