// Limit: see limit.h.
#include "engine/operators/limit.h"

#include <algorithm>

namespace sluice::engine {

LimitSink::LimitSink(std::shared_ptr<const LimitNode> node, std::shared_ptr<BatchListSource> output, int64_t window)
    : node_(std::move(node)), output_(std::move(output)), order_(window, [this](const columnar::BatchPtr& batch) { return Take(batch); }) {
  if (node_->count() == 0) satisfied_ = true;
}

Status LimitSink::BeginInput(ExecutionContext&) {
  order_.Reset();
  return Status::Ok();
}

Status LimitSink::Take(const columnar::BatchPtr& batch) {
  int64_t rows = batch->num_rows();
  int64_t start = 0;
  if (skipped_ < node_->offset()) {
    start = std::min(rows, node_->offset() - skipped_);
    skipped_ += start;
  }
  int64_t want = node_->count() - kept_;
  int64_t take = std::min(rows - start, want);
  if (take > 0) {
    batches_.push_back(start == 0 && take == rows ? batch : batch->Slice(start, take));
    kept_ += take;
  }
  if (kept_ >= node_->count()) satisfied_ = true;
  return Status::Ok();
}

Status LimitSink::Consume(ExecutionContext&, OperatorState&, const columnar::BatchPtr& batch, uint64_t sequence) {
  return order_.Add(sequence, batch);
}

Status LimitSink::SequenceDone(ExecutionContext&, OperatorState&, uint64_t sequence) { return order_.Done(sequence); }

Status LimitSink::Finalize(ExecutionContext&) {
  output_->Set(std::move(batches_));
  return Status::Ok();
}

}  // namespace sluice::engine
