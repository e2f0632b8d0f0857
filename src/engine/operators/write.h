// Write: the sink that hands its input, in input order, to a WriteTarget session (one file, or
// Hive-partitioned folders), and afterwards lists the files written (path, partition, rows,
// bytes) for the next pipeline. A failed or cancelled query abandons the session, which removes
// what it wrote where it can.
//
// Thread safety: per the Sink contract; the session is only used under the order's lock.
#pragma once

#include <memory>

#include "engine/operators/batch_list_source.h"
#include "engine/pipeline/physical_operator.h"
#include "engine/pipeline/sequence_order.h"
#include "engine/plan/logical_plan.h"

namespace sluice::engine {

class WriteSink final : public Sink {
 public:
  WriteSink(std::shared_ptr<const WriteNode> node, std::shared_ptr<BatchListSource> output, int64_t window);
  ~WriteSink() override;
  Status BeginInput(ExecutionContext& context) override;
  Status Consume(ExecutionContext& context, OperatorState& state, const columnar::BatchPtr& batch,
                 uint64_t sequence) override;
  Status SequenceDone(ExecutionContext& context, OperatorState& state, uint64_t sequence) override;
  Status Finalize(ExecutionContext& context) override;
  void Abort() override { order_.Abort(); }
  std::string ToString() const override { return node_->Describe(); }

 private:
  std::shared_ptr<const WriteNode> node_;
  std::shared_ptr<BatchListSource> output_;
  std::unique_ptr<WriteSession> session_;  // used under order_'s lock once open
  ExecutionContext* context_ = nullptr;
  SequenceOrder order_;
  bool closed_ = false;
};

}  // namespace sluice::engine
