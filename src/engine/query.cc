// The engine's front door: see query.h.
#include "engine/query.h"

#include "engine/operators/collect.h"
#include "engine/pipeline/executor.h"
#include "engine/plan/optimizer.h"
#include "engine/plan/physical_planner.h"

namespace sluice::engine {

int64_t QueryResult::num_rows() const {
  int64_t rows = 0;
  for (const auto& batch : batches) rows += batch->num_rows();
  return rows;
}

Result<QueryResult> ExecuteQuery(const PlanPtr& plan, ExecutionContext& context) {
  ASSIGN_OR_RETURN(PlanPtr optimized, Optimize(plan));
  auto sink = std::make_shared<CollectSink>(optimized->schema(), context.options().reorder_window_batches);
  ASSIGN_OR_RETURN(PhysicalPlan physical, PlanPhysical(optimized, sink, context));
  RETURN_IF_ERROR(ExecutePhysicalPlan(physical, context));
  QueryResult result;
  result.schema = plan->schema();
  for (const auto& batch : sink->batches()) {
    result.batches.push_back(columnar::RecordBatch::Make(result.schema, batch->num_rows(), batch->columns()));
  }
  return result;
}

Result<std::string> ExplainQuery(const PlanPtr& plan, const ExecutionContext& context) {
  ASSIGN_OR_RETURN(PlanPtr optimized, Optimize(plan));
  auto sink = std::make_shared<CollectSink>(optimized->schema(), context.options().reorder_window_batches);
  ASSIGN_OR_RETURN(PhysicalPlan physical, PlanPhysical(optimized, sink, context));
  return "Logical plan:\n" + optimized->ToString() + "Pipelines:\n" + physical.ToString();
}

}  // namespace sluice::engine
