// Batch list source: see batch_list_source.h.
#include "engine/operators/batch_list_source.h"

namespace sluice::engine {

Result<bool> BatchListSource::Next(ExecutionContext&, OperatorState&, Morsel* out) const {
  size_t index = next_.fetch_add(1);
  if (index >= batches_.size()) return false;
  out->batch = batches_[index];
  if (out->batch->schema() != schema_) {
    out->batch = columnar::RecordBatch::Make(schema_, out->batch->num_rows(), out->batch->columns());
  }
  out->sequence = index;
  return true;
}

}  // namespace sluice::engine
