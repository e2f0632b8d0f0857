// Project: computes the node's named expressions over each batch (column references are free:
// the output shares the input's columns).
//
// Thread safety: stateless; runs on every worker at once.
#pragma once

#include "engine/pipeline/physical_operator.h"
#include "engine/plan/logical_plan.h"

namespace sluice::engine {

class ProjectOperator final : public Operator {
 public:
  explicit ProjectOperator(std::shared_ptr<const ProjectNode> node) : node_(std::move(node)) {}
  const columnar::SchemaPtr& schema() const override { return node_->schema(); }
  Status Process(ExecutionContext& context, OperatorState& state, const columnar::BatchPtr& batch,
                 const Emit& emit) const override;
  std::string ToString() const override { return node_->Describe(); }

 private:
  std::shared_ptr<const ProjectNode> node_;
};

}  // namespace sluice::engine
