// Sort: a sink that orders its input by normalised keys (sort_key_encoder.h), and the source
// that hands out the ordered rows. Input is buffered; when the buffer passes the memory budget
// (ExecutionOptions::memory_limit_bytes) it is sorted and spilled as a run (spill_file.h), and at
// the end the runs are merged k ways, reading one batch per run at a time — so sorting needs
// memory for the budget plus one batch per run, whatever the input size. With a limit
// (top-N), only the best `limit` rows are kept and nothing is spilled.
//
// Thread safety: per the Sink / Source contracts; the buffer and runs are guarded by a mutex;
// the merge runs under the source's lock (one output batch at a time, in order).
#pragma once

#include <memory>
#include <mutex>
#include <vector>

#include "engine/operators/sort_key_encoder.h"
#include "engine/operators/spill_file.h"
#include "engine/pipeline/physical_operator.h"
#include "engine/plan/logical_plan.h"

namespace sluice::engine {

// What the sink leaves for the source: either sorted rows in memory or sorted runs on disk.
struct SortedData;
// A buffered input batch with its rows' normalised keys.
struct SortBlock;
// Empty sorted data, shared by a SortSink and the SortSource reading its result.
std::shared_ptr<SortedData> MakeSortedData();

class SortSink final : public Sink {
 public:
  SortSink(std::shared_ptr<const SortNode> node, std::shared_ptr<SortedData> output);
  ~SortSink() override;
  std::unique_ptr<OperatorState> MakeState(ExecutionContext& context) const override;
  Status Consume(ExecutionContext& context, OperatorState& state, const columnar::BatchPtr& batch,
                 uint64_t sequence) override;
  Status Finalize(ExecutionContext& context) override;
  std::string ToString() const override { return node_->Describe(); }

 private:
  // Sorts the buffered batches and writes them to a new run. Runs outside the lock.
  Status Spill(ExecutionContext& context, std::vector<SortBlock> blocks);

  std::shared_ptr<const SortNode> node_;
  std::shared_ptr<SortedData> output_;
  std::vector<SortOrder> orders_;
  columnar::SchemaPtr spill_schema_;  // the input columns, then the key columns
  std::mutex mutex_;
  std::vector<SortBlock> buffer_;            // guarded by mutex_
  int64_t buffered_bytes_ = 0;                      // guarded by mutex_
  int64_t buffered_rows_ = 0;                       // guarded by mutex_
  std::vector<std::unique_ptr<SpillFile>> runs_;    // guarded by mutex_
};

class SortSource final : public Source {
 public:
  SortSource(std::shared_ptr<const SortNode> node, std::shared_ptr<SortedData> data);
  ~SortSource() override;
  const columnar::SchemaPtr& schema() const override { return node_->schema(); }
  Result<bool> Next(ExecutionContext& context, OperatorState& state, Morsel* out) const override;
  std::string ToString() const override { return "Sorted " + node_->Describe(); }

 private:
  std::shared_ptr<const SortNode> node_;
  std::shared_ptr<SortedData> data_;
  mutable std::mutex mutex_;
};

}  // namespace sluice::engine
