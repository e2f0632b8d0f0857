// Scan: the source of a pipeline that reads a DataSource. Workers take pieces in order; a
// piece's reader is shared by the workers while it lasts (formats readers parse ahead on their
// own threads), and batches are numbered in piece order so order-preserving sinks can restore
// the file order. Only the plan's columns are read, the filter's simple conjuncts go to the
// reader as a pushdown predicate, and the whole filter is applied to every batch here.
//
// Thread safety: Next may be called from several workers at once (internally locked).
#pragma once

#include <memory>
#include <mutex>

#include "engine/pipeline/physical_operator.h"
#include "engine/plan/logical_plan.h"

namespace sluice::engine {

class ScanSource final : public Source {
 public:
  explicit ScanSource(std::shared_ptr<const ScanNode> node);
  const columnar::SchemaPtr& schema() const override { return node_->schema(); }
  Result<bool> Next(ExecutionContext& context, OperatorState& state, Morsel* out) const override;
  std::string ToString() const override { return node_->Describe(); }

 private:
  // The next batch from the open piece (opening pieces as needed), or null at the end.
  Result<columnar::BatchPtr> ReadLocked() const;

  std::shared_ptr<const ScanNode> node_;
  mutable std::mutex mutex_;
  mutable size_t next_piece_ = 0;                            // guarded by mutex_
  mutable std::unique_ptr<formats::BatchReader> reader_;     // guarded by mutex_
  mutable uint64_t next_sequence_ = 0;                       // guarded by mutex_
  mutable bool failed_ = false;                              // guarded by mutex_
};

}  // namespace sluice::engine
