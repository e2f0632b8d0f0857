// Limit: a sink that keeps rows `offset` to `offset + count` of its input in input order (batches
// are reassembled in source order first) and tells the workers to stop once it has them; the
// kept rows then feed the next pipeline through a BatchListSource.
//
// Thread safety: per the Sink contract; the kept rows are appended under the order's lock.
#pragma once

#include <atomic>
#include <memory>

#include "engine/operators/batch_list_source.h"
#include "engine/pipeline/physical_operator.h"
#include "engine/pipeline/sequence_order.h"
#include "engine/plan/logical_plan.h"

namespace sluice::engine {

class LimitSink final : public Sink {
 public:
  LimitSink(std::shared_ptr<const LimitNode> node, std::shared_ptr<BatchListSource> output, int64_t window);
  Status BeginInput(ExecutionContext& context) override;
  Status Consume(ExecutionContext& context, OperatorState& state, const columnar::BatchPtr& batch,
                 uint64_t sequence) override;
  Status SequenceDone(ExecutionContext& context, OperatorState& state, uint64_t sequence) override;
  Status Finalize(ExecutionContext& context) override;
  bool Satisfied() const override { return satisfied_.load(std::memory_order_relaxed); }
  void Abort() override { order_.Abort(); }
  std::string ToString() const override { return node_->Describe(); }

 private:
  Status Take(const columnar::BatchPtr& batch);  // runs under order_'s lock

  std::shared_ptr<const LimitNode> node_;
  std::shared_ptr<BatchListSource> output_;
  SequenceOrder order_;
  int64_t skipped_ = 0;                      // guarded by order_'s lock
  int64_t kept_ = 0;                         // guarded by order_'s lock
  std::vector<columnar::BatchPtr> batches_;  // guarded by order_'s lock
  std::atomic<bool> satisfied_{false};
};

}  // namespace sluice::engine
