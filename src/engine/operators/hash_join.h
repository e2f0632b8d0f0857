// Hash join: the right input is built into a hash table (HashJoinBuildSink, the end of the
// build pipeline), the left input probes it (HashJoinProbe, an operator in the probe
// pipeline). Inner, left, right, full, semi and anti joins on equal keys of any non-nested
// type, several columns at once; NULL keys never match. Right and full joins emit the build
// rows nothing matched once probing is over. Put the smaller input on the right: the whole
// right side is held in memory.
//
// Output order: probe rows in input order, each followed by its matches in build order.
//
// Thread safety: per the Sink / Operator contracts. Build workers collect batches on their own;
// the table is assembled once in Finalize and then only read (match flags are atomic).
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <vector>

#include "engine/operators/key_encoder.h"
#include "engine/pipeline/physical_operator.h"
#include "engine/plan/logical_plan.h"

namespace sluice::engine {

// The built side: every right row and its encoded key, and an open-addressing table with one
// slot per distinct non-NULL key (the top half of the key's hash beside its first row), rows of
// equal keys chained in build order.
struct JoinHashTable {
  columnar::BatchPtr rows;
  std::vector<uint64_t> key_offsets;  // rows + 1, into key_bytes
  std::vector<uint8_t> key_bytes;
  std::vector<uint64_t> slots;  // (hash >> 32) << 32 | (first row + 1); 0 is empty
  uint64_t mask = 0;
  std::vector<int64_t> next;    // row -> next row with the same key, -1 at the end
  std::unique_ptr<std::atomic<uint8_t>[]> matched;  // right and full joins

  int64_t size() const { return rows ? rows->num_rows() : 0; }
  std::string_view Key(int64_t row) const {
    return std::string_view(reinterpret_cast<const char*>(key_bytes.data()) + key_offsets[static_cast<size_t>(row)],
                            key_offsets[static_cast<size_t>(row) + 1] - key_offsets[static_cast<size_t>(row)]);
  }
  // The first row whose key equals `key` (hash `hash`), or -1.
  int64_t Find(uint64_t hash, std::string_view key) const;
  // Cache hints for a probe of `hash` to come: its home slot, then (once that is loaded) the
  // key of the row in it.
  void PrefetchSlot(uint64_t hash) const { __builtin_prefetch(&slots[(hash ^ (hash >> 29)) & mask]); }
  void PrefetchKey(uint64_t hash) const {
    uint64_t slot = slots[(hash ^ (hash >> 29)) & mask];
    if (slot != 0) __builtin_prefetch(key_bytes.data() + key_offsets[(slot & 0xffffffffULL) - 1]);
  }
};

class HashJoinBuildSink final : public Sink {
 public:
  HashJoinBuildSink(std::shared_ptr<const JoinNode> node, std::shared_ptr<JoinHashTable> table);
  std::unique_ptr<OperatorState> MakeState(ExecutionContext& context) const override;
  Status Consume(ExecutionContext& context, OperatorState& state, const columnar::BatchPtr& batch,
                 uint64_t sequence) override;
  Status Combine(ExecutionContext& context, OperatorState& state) override;
  Status Finalize(ExecutionContext& context) override;
  std::string ToString() const override { return "HashJoinBuild " + node_->Describe(); }

  struct Partial;

 private:
  std::shared_ptr<const JoinNode> node_;
  std::shared_ptr<JoinHashTable> table_;
  std::mutex mutex_;
  std::vector<std::pair<uint64_t, columnar::BatchPtr>> batches_;  // guarded by mutex_
  std::vector<EncodedKeys> keys_;                                 // guarded by mutex_, parallel to batches_
};

class HashJoinProbe final : public Operator {
 public:
  HashJoinProbe(std::shared_ptr<const JoinNode> node, std::shared_ptr<JoinHashTable> table)
      : node_(std::move(node)), table_(std::move(table)) {}
  const columnar::SchemaPtr& schema() const override { return node_->schema(); }
  Status Process(ExecutionContext& context, OperatorState& state, const columnar::BatchPtr& batch,
                 const Emit& emit) const override;
  bool has_finish_output() const override {
    return node_->type() == JoinType::kRight || node_->type() == JoinType::kFull;
  }
  Status Finish(ExecutionContext& context, const Emit& emit) const override;
  std::string ToString() const override { return "HashJoinProbe " + node_->Describe(); }

 private:
  // Emits probe[probe_rows[i]] joined with build[build_rows[i]] (-1: NULLs) as one batch.
  Status EmitPairs(const columnar::RecordBatch* probe, const std::vector<int64_t>& probe_rows,
                   const std::vector<int64_t>& build_rows, const Emit& emit) const;

  std::shared_ptr<const JoinNode> node_;
  std::shared_ptr<JoinHashTable> table_;
};

}  // namespace sluice::engine
