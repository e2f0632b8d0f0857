// Scan source: see scan.h.
#include "engine/operators/scan.h"

#include <fmt/format.h>

#include "engine/expr/evaluator.h"
#include "engine/expr/selection.h"

namespace sluice::engine {

ScanSource::ScanSource(std::shared_ptr<const ScanNode> node) : node_(std::move(node)) {}

Result<columnar::BatchPtr> ScanSource::ReadLocked() const {
  while (true) {
    if (!reader_) {
      if (next_piece_ >= node_->source()->piece_count()) return columnar::BatchPtr();
      ASSIGN_OR_RETURN(reader_, node_->source()->OpenPiece(next_piece_++, node_->columns(), node_->pushdown()));
    }
    ASSIGN_OR_RETURN(columnar::BatchPtr batch, reader_->Next());
    if (batch) {
      if (batch->num_columns() != node_->schema()->num_fields()) {
        return Internal(fmt::format("{}: the reader returned {} columns, {} were asked for", node_->source()->ToString(),
                                    batch->num_columns(), node_->schema()->num_fields()));
      }
      return batch;
    }
    reader_.reset();
  }
}

Result<bool> ScanSource::Next(ExecutionContext& context, OperatorState&, Morsel* out) const {
  columnar::BatchPtr batch;
  uint64_t sequence;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (failed_) return false;
    auto read = ReadLocked();
    if (!read.ok()) {
      failed_ = true;
      return read.status();
    }
    if (!*read) return false;
    batch = std::move(*read);
    sequence = next_sequence_++;
  }
  context.stats().rows_scanned.fetch_add(batch->num_rows(), std::memory_order_relaxed);
  // Batches come with the reader's schema object; give them the plan's (same fields).
  if (batch->schema() != node_->schema()) {
    batch = columnar::RecordBatch::Make(node_->schema(), batch->num_rows(), batch->columns());
  }
  if (node_->bound_filter()) {
    ASSIGN_OR_RETURN(columnar::ColumnPtr keep, EvaluateToColumn(*node_->bound_filter(), *batch));
    RowIndices rows = SelectTrue(*keep);
    if (static_cast<int64_t>(rows.size()) != batch->num_rows()) {
      batch = TakeBatch(*batch, rows.data(), static_cast<int64_t>(rows.size()));
    }
  }
  out->batch = std::move(batch);
  out->sequence = sequence;
  return true;
}

}  // namespace sluice::engine
