// A source over batches already in memory (the output of a blocking operator: aggregate
// results, LIMIT's rows, the files a write produced), handed out in order, one per pull. The
// list is filled before the pipeline that reads it starts.
//
// Thread safety: Next may be called from several workers at once; Set before the pipeline runs.
#pragma once

#include <atomic>
#include <vector>

#include "engine/pipeline/physical_operator.h"

namespace sluice::engine {

class BatchListSource final : public Source {
 public:
  BatchListSource(columnar::SchemaPtr schema, std::string description)
      : schema_(std::move(schema)), description_(std::move(description)) {}
  // REQUIRES: called before the reading pipeline starts.
  void Set(std::vector<columnar::BatchPtr> batches) { batches_ = std::move(batches); }
  const columnar::SchemaPtr& schema() const override { return schema_; }
  Result<bool> Next(ExecutionContext& context, OperatorState& state, Morsel* out) const override;
  std::string ToString() const override { return description_; }

 private:
  columnar::SchemaPtr schema_;
  std::string description_;
  std::vector<columnar::BatchPtr> batches_;
  mutable std::atomic<size_t> next_{0};
};

}  // namespace sluice::engine
