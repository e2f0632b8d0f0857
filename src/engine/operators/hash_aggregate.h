// Hash aggregate: the sink that groups rows and computes aggregates (AggregateNode), and the
// source that hands the groups to the next pipeline. Each worker aggregates into its own group
// table and aggregate states; Combine merges them (the first worker's table is adopted as is),
// and Finalize decodes the keys and finishes every aggregate into result batches. Without keys
// there is one group, present even when there is no input.
//
// Thread safety: per the Sink contract; Combine and Finalize lock the shared state.
#pragma once

#include <memory>
#include <mutex>

#include "engine/operators/batch_list_source.h"
#include "engine/operators/group_table.h"
#include "engine/pipeline/physical_operator.h"
#include "engine/plan/logical_plan.h"

namespace sluice::engine {

class HashAggregateSink final : public Sink {
 public:
  // `output` receives the result batches when the sink is finalised.
  HashAggregateSink(std::shared_ptr<const AggregateNode> node, std::shared_ptr<BatchListSource> output);
  ~HashAggregateSink() override;
  std::unique_ptr<OperatorState> MakeState(ExecutionContext& context) const override;
  Status Consume(ExecutionContext& context, OperatorState& state, const columnar::BatchPtr& batch,
                 uint64_t sequence) override;
  Status Combine(ExecutionContext& context, OperatorState& state) override;
  Status Finalize(ExecutionContext& context) override;
  std::string ToString() const override { return node_->Describe(); }

  struct Partial;  // one worker's groups and states

 private:
  std::shared_ptr<const AggregateNode> node_;
  std::shared_ptr<BatchListSource> output_;
  std::mutex mutex_;
  std::unique_ptr<Partial> merged_;  // guarded by mutex_
};

}  // namespace sluice::engine
