// Hash join: see hash_join.h.
#include "engine/operators/hash_join.h"

#include <algorithm>
#include <cstring>

#include "engine/expr/evaluator.h"
#include "engine/expr/selection.h"

namespace sluice::engine {

using columnar::ColumnPtr;

namespace {

Result<std::vector<ColumnPtr>> EvaluateKeys(const std::vector<BoundExprPtr>& keys, const columnar::RecordBatch& batch) {
  std::vector<ColumnPtr> out;
  for (const auto& key : keys) {
    ASSIGN_OR_RETURN(ColumnPtr column, EvaluateToColumn(*key, batch));
    out.push_back(std::move(column));
  }
  return out;
}

}  // namespace

int64_t JoinHashTable::Find(uint64_t hash, std::string_view key) const {
  const uint64_t tag = hash & 0xffffffff00000000ULL;
  uint64_t i = (hash ^ (hash >> 29)) & mask;
  while (true) {
    uint64_t slot = slots[i];
    if (slot == 0) return -1;
    if ((slot & 0xffffffff00000000ULL) == tag) {
      auto row = static_cast<int64_t>(slot & 0xffffffffULL) - 1;
      std::string_view other = Key(row);
      if (other.size() == key.size() &&
          SameKey(reinterpret_cast<const uint8_t*>(other.data()), reinterpret_cast<const uint8_t*>(key.data()), key.size())) {
        return row;
      }
    }
    i = (i + 1) & mask;
  }
}

struct HashJoinBuildSink::Partial final : public OperatorState {
  std::vector<std::pair<uint64_t, columnar::BatchPtr>> batches;
  std::vector<EncodedKeys> keys;
};

HashJoinBuildSink::HashJoinBuildSink(std::shared_ptr<const JoinNode> node, std::shared_ptr<JoinHashTable> table)
    : node_(std::move(node)), table_(std::move(table)) {}

std::unique_ptr<OperatorState> HashJoinBuildSink::MakeState(ExecutionContext&) const { return std::make_unique<Partial>(); }

Status HashJoinBuildSink::Consume(ExecutionContext&, OperatorState& state, const columnar::BatchPtr& batch,
                                  uint64_t sequence) {
  auto& p = static_cast<Partial&>(state);
  ASSIGN_OR_RETURN(auto keys, EvaluateKeys(node_->bound_right_keys(), *batch));
  EncodedKeys encoded;
  EncodeKeys(keys, batch->num_rows(), &encoded);
  // Sequence and a per-worker counter keep the build order deterministic.
  p.batches.emplace_back((sequence << 20) + p.batches.size(), batch);
  p.keys.push_back(std::move(encoded));
  return Status::Ok();
}

Status HashJoinBuildSink::Combine(ExecutionContext&, OperatorState& state) {
  auto& p = static_cast<Partial&>(state);
  std::lock_guard<std::mutex> lock(mutex_);
  for (size_t i = 0; i < p.batches.size(); ++i) {
    batches_.push_back(std::move(p.batches[i]));
    keys_.push_back(std::move(p.keys[i]));
  }
  return Status::Ok();
}

Status HashJoinBuildSink::Finalize(ExecutionContext&) {
  std::lock_guard<std::mutex> lock(mutex_);
  // Build order: by source sequence.
  std::vector<size_t> order(batches_.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return batches_[a].first < batches_[b].first; });
  std::vector<columnar::BatchPtr> batches;
  JoinHashTable& t = *table_;
  t.key_offsets.assign(1, 0);
  std::vector<uint64_t> hashes;
  std::vector<uint8_t> has_null;
  for (size_t i : order) {
    batches.push_back(batches_[i].second);
    const EncodedKeys& k = keys_[i];
    uint64_t base = t.key_bytes.size();
    t.key_bytes.insert(t.key_bytes.end(), k.bytes.begin(), k.bytes.end());
    for (size_t r = 1; r < k.offsets.size(); ++r) t.key_offsets.push_back(base + k.offsets[r]);
    hashes.insert(hashes.end(), k.hashes.begin(), k.hashes.end());
    has_null.insert(has_null.end(), k.has_null.begin(), k.has_null.end());
  }
  const columnar::SchemaPtr& right_schema = node_->input(1)->schema();
  t.rows = batches.empty() ? columnar::RecordBatch::Make(right_schema, 0, [&] {
    std::vector<ColumnPtr> empty;
    for (const auto& f : right_schema->fields()) empty.push_back(columnar::Column::MakeNull(f.type, 0));
    return empty;
  }()) : ConcatenateBatches(right_schema, batches);
  const int64_t n = t.size();
  uint64_t slots = 1024;
  while (slots < static_cast<uint64_t>(n) * 2) slots *= 2;
  t.mask = slots - 1;
  t.slots.assign(slots, 0);
  t.next.assign(static_cast<size_t>(n), -1);
  // Rows with a NULL key are never inserted: they cannot match. Inserting backwards and
  // pushing to the front of each key's chain keeps the chain in build order.
  for (int64_t row = n - 1; row >= 0; --row) {
    if (has_null[static_cast<size_t>(row)]) continue;
    uint64_t hash = hashes[static_cast<size_t>(row)];
    uint64_t tag = hash & 0xffffffff00000000ULL;
    std::string_view key = t.Key(row);
    uint64_t i = (hash ^ (hash >> 29)) & t.mask;
    while (true) {
      uint64_t slot = t.slots[i];
      if (slot == 0) {
        t.slots[i] = tag | static_cast<uint64_t>(row + 1);
        break;
      }
      if ((slot & 0xffffffff00000000ULL) == tag) {
        auto head = static_cast<int64_t>(slot & 0xffffffffULL) - 1;
        std::string_view other = t.Key(head);
        if (other.size() == key.size() &&
            SameKey(reinterpret_cast<const uint8_t*>(other.data()), reinterpret_cast<const uint8_t*>(key.data()), key.size())) {
          t.next[static_cast<size_t>(row)] = head;
          t.slots[i] = tag | static_cast<uint64_t>(row + 1);
          break;
        }
      }
      i = (i + 1) & t.mask;
    }
  }
  if (node_->type() == JoinType::kRight || node_->type() == JoinType::kFull) {
    t.matched = std::make_unique<std::atomic<uint8_t>[]>(static_cast<size_t>(n));
    for (int64_t r = 0; r < n; ++r) t.matched[static_cast<size_t>(r)].store(0, std::memory_order_relaxed);
  }
  batches_.clear();
  keys_.clear();
  return Status::Ok();
}

Status HashJoinProbe::EmitPairs(const columnar::RecordBatch* probe, const std::vector<int64_t>& probe_rows,
                                const std::vector<int64_t>& build_rows, const Emit& emit) const {
  const auto count = static_cast<int64_t>(probe_rows.size());
  if (count == 0) return Status::Ok();
  std::vector<ColumnPtr> columns;
  const columnar::Schema& left_schema = *node_->input(0)->schema();
  for (size_t c = 0; c < left_schema.num_fields(); ++c) {
    if (probe) columns.push_back(Take(*probe->column(c), probe_rows.data(), count));
    else columns.push_back(columnar::Column::MakeNull(left_schema.field(c).type, count));
  }
  if (node_->type() != JoinType::kSemi && node_->type() != JoinType::kAnti) {
    for (const auto& column : table_->rows->columns()) columns.push_back(Take(*column, build_rows.data(), count));
  }
  return emit(columnar::RecordBatch::Make(node_->schema(), count, std::move(columns)));
}

Status HashJoinProbe::Process(ExecutionContext& context, OperatorState&, const columnar::BatchPtr& batch,
                              const Emit& emit) const {
  const JoinHashTable& t = *table_;
  const JoinType type = node_->type();
  ASSIGN_OR_RETURN(auto keys, EvaluateKeys(node_->bound_left_keys(), *batch));
  EncodedKeys encoded;
  const int64_t rows = batch->num_rows();
  EncodeKeys(keys, rows, &encoded);
  const int64_t limit = std::max<int64_t>(1, context.options().batch_rows);
  std::vector<int64_t> probe_rows, build_rows;
  probe_rows.reserve(static_cast<size_t>(std::min(rows, limit)));
  build_rows.reserve(static_cast<size_t>(std::min(rows, limit)));
  const bool keep_unmatched_probe = type == JoinType::kLeft || type == JoinType::kFull;
  const bool mark = t.matched != nullptr;
  // Probes miss the cache: ask for the slot 16 rows ahead and the key 8 rows ahead.
  constexpr int64_t kSlotAhead = 16, kKeyAhead = 8;
  const bool prefetch = t.size() > 0;
  for (int64_t i = 0; i < rows; ++i) {
    if (prefetch) {
      if (i + kSlotAhead < rows) t.PrefetchSlot(encoded.hashes[static_cast<size_t>(i + kSlotAhead)]);
      if (i + kKeyAhead < rows) t.PrefetchKey(encoded.hashes[static_cast<size_t>(i + kKeyAhead)]);
    }
    bool found = false;
    if (!encoded.has_null[static_cast<size_t>(i)] && t.size() > 0) {
      for (int64_t r = t.Find(encoded.hashes[static_cast<size_t>(i)], encoded.Key(i)); r >= 0; r = t.next[static_cast<size_t>(r)]) {
        found = true;
        if (type == JoinType::kSemi || type == JoinType::kAnti) break;
        probe_rows.push_back(i);
        build_rows.push_back(r);
        if (mark) t.matched[static_cast<size_t>(r)].store(1, std::memory_order_relaxed);
        if (static_cast<int64_t>(probe_rows.size()) >= limit) {
          RETURN_IF_ERROR(EmitPairs(batch.get(), probe_rows, build_rows, emit));
          probe_rows.clear();
          build_rows.clear();
        }
      }
    }
    if ((type == JoinType::kSemi && found) || (type == JoinType::kAnti && !found) || (keep_unmatched_probe && !found)) {
      probe_rows.push_back(i);
      build_rows.push_back(-1);
    }
    if (static_cast<int64_t>(probe_rows.size()) >= limit) {
      RETURN_IF_ERROR(EmitPairs(batch.get(), probe_rows, build_rows, emit));
      probe_rows.clear();
      build_rows.clear();
    }
  }
  if ((type == JoinType::kSemi || type == JoinType::kAnti) && static_cast<int64_t>(probe_rows.size()) == rows) {
    return emit(columnar::RecordBatch::Make(node_->schema(), rows, batch->columns()));
  }
  return EmitPairs(batch.get(), probe_rows, build_rows, emit);
}

Status HashJoinProbe::Finish(ExecutionContext& context, const Emit& emit) const {
  const JoinHashTable& t = *table_;
  const int64_t limit = std::max<int64_t>(1, context.options().batch_rows);
  std::vector<int64_t> probe_rows, build_rows;
  for (int64_t r = 0; r < t.size(); ++r) {
    if (t.matched[static_cast<size_t>(r)].load(std::memory_order_relaxed)) continue;
    probe_rows.push_back(-1);
    build_rows.push_back(r);
    if (static_cast<int64_t>(probe_rows.size()) >= limit) {
      RETURN_IF_ERROR(EmitPairs(nullptr, probe_rows, build_rows, emit));
      probe_rows.clear();
      build_rows.clear();
    }
  }
  return EmitPairs(nullptr, probe_rows, build_rows, emit);
}

}  // namespace sluice::engine
