// Filter: keeps the rows of each batch where the predicate is TRUE (a selection vector of the
// surviving rows, then one gather per column; batches that keep every row pass through).
//
// Thread safety: stateless; runs on every worker at once.
#pragma once

#include "engine/pipeline/physical_operator.h"
#include "engine/plan/logical_plan.h"

namespace sluice::engine {

class FilterOperator final : public Operator {
 public:
  explicit FilterOperator(std::shared_ptr<const FilterNode> node) : node_(std::move(node)) {}
  const columnar::SchemaPtr& schema() const override { return node_->schema(); }
  Status Process(ExecutionContext& context, OperatorState& state, const columnar::BatchPtr& batch,
                 const Emit& emit) const override;
  std::string ToString() const override { return node_->Describe(); }

 private:
  std::shared_ptr<const FilterNode> node_;
};

}  // namespace sluice::engine
