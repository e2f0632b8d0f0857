// Filter operator: see filter.h.
#include "engine/operators/filter.h"

#include "engine/expr/evaluator.h"
#include "engine/expr/selection.h"

namespace sluice::engine {

Status FilterOperator::Process(ExecutionContext&, OperatorState&, const columnar::BatchPtr& batch, const Emit& emit) const {
  ASSIGN_OR_RETURN(columnar::ColumnPtr keep, EvaluateToColumn(*node_->bound(), *batch));
  RowIndices rows = SelectTrue(*keep);
  if (rows.empty()) return Status::Ok();
  if (static_cast<int64_t>(rows.size()) == batch->num_rows()) return emit(batch);
  return emit(TakeBatch(*batch, rows.data(), static_cast<int64_t>(rows.size())));
}

}  // namespace sluice::engine
