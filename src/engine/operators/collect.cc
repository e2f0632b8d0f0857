// Collect sink: see collect.h.
#include "engine/operators/collect.h"

namespace sluice::engine {

CollectSink::CollectSink(columnar::SchemaPtr schema, int64_t window)
    : schema_(std::move(schema)), order_(window, [this](const columnar::BatchPtr& batch) {
        batches_.push_back(batch->schema() == schema_ ? batch
                                                      : columnar::RecordBatch::Make(schema_, batch->num_rows(), batch->columns()));
        return Status::Ok();
      }) {}

Status CollectSink::BeginInput(ExecutionContext&) {
  order_.Reset();
  return Status::Ok();
}

Status CollectSink::Consume(ExecutionContext&, OperatorState&, const columnar::BatchPtr& batch, uint64_t sequence) {
  return order_.Add(sequence, batch);
}

Status CollectSink::SequenceDone(ExecutionContext&, OperatorState&, uint64_t sequence) { return order_.Done(sequence); }

}  // namespace sluice::engine
