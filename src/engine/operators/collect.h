// Collect: the sink at the root of a query whose result the caller wants in memory (tests,
// `sluice` tools, previews). Keeps the input order (sequence_order.h).
//
// Thread safety: Consume from any worker; batches() after execution.
#pragma once

#include <vector>

#include "engine/pipeline/physical_operator.h"
#include "engine/pipeline/sequence_order.h"

namespace sluice::engine {

class CollectSink final : public Sink {
 public:
  CollectSink(columnar::SchemaPtr schema, int64_t window);
  Status BeginInput(ExecutionContext& context) override;
  Status Consume(ExecutionContext& context, OperatorState& state, const columnar::BatchPtr& batch,
                 uint64_t sequence) override;
  Status SequenceDone(ExecutionContext& context, OperatorState& state, uint64_t sequence) override;
  void Abort() override { order_.Abort(); }
  std::string ToString() const override { return "Collect"; }

  const columnar::SchemaPtr& schema() const { return schema_; }
  // The result, in order. REQUIRES: execution finished.
  std::vector<columnar::BatchPtr>& batches() { return batches_; }

 private:
  columnar::SchemaPtr schema_;
  std::vector<columnar::BatchPtr> batches_;  // appended under order_'s lock
  SequenceOrder order_;
};

}  // namespace sluice::engine
