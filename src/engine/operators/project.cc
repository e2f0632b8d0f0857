// Project operator: see project.h.
#include "engine/operators/project.h"

#include "engine/expr/evaluator.h"

namespace sluice::engine {

Status ProjectOperator::Process(ExecutionContext&, OperatorState&, const columnar::BatchPtr& batch, const Emit& emit) const {
  std::vector<columnar::ColumnPtr> columns;
  columns.reserve(node_->bound().size());
  for (const auto& expr : node_->bound()) {
    ASSIGN_OR_RETURN(columnar::ColumnPtr column, EvaluateToColumn(*expr, *batch));
    columns.push_back(std::move(column));
  }
  return emit(columnar::RecordBatch::Make(node_->schema(), batch->num_rows(), std::move(columns)));
}

}  // namespace sluice::engine
