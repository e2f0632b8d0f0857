// Sort: see sort.h.
#include "engine/operators/sort.h"

#include <algorithm>
#include <cstring>
#include <queue>

#include <fmt/format.h>

#include "columnar/builder.h"
#include "engine/expr/evaluator.h"
#include "engine/expr/selection.h"

namespace sluice::engine {

using columnar::BatchPtr;
using columnar::ColumnPtr;

// Buffered input: a batch of the sort's input and the normalised keys of its rows.
struct SortBlock {
  BatchPtr batch;
  SortKeys keys;
  int64_t bytes = 0;
};

namespace {

struct Entry {
  uint64_t prefix;
  uint32_t block;
  uint32_t row;
};

// Sorts every row of the blocks; returns them in order.
std::vector<Entry> SortEntries(const std::vector<SortBlock>& blocks) {
  std::vector<Entry> entries;
  size_t total = 0;
  for (const auto& b : blocks) total += static_cast<size_t>(b.batch->num_rows());
  entries.reserve(total);
  for (size_t b = 0; b < blocks.size(); ++b) {
    for (int64_t r = 0; r < blocks[b].batch->num_rows(); ++r) {
      entries.push_back({KeyPrefix(blocks[b].keys.Key(r)), static_cast<uint32_t>(b), static_cast<uint32_t>(r)});
    }
  }
  std::sort(entries.begin(), entries.end(), [&](const Entry& x, const Entry& y) {
    if (x.prefix != y.prefix) return x.prefix < y.prefix;
    std::string_view a = blocks[x.block].keys.Key(x.row), b = blocks[y.block].keys.Key(y.row);
    return a < b;  // keys are unique (they end with the row's position)
  });
  return entries;
}

// Rows [begin, end) of the sorted entries as one batch of `schema`; with `with_keys`, the
// normalised keys are appended as a binary column (for spill runs).
BatchPtr GatherEntries(const std::vector<SortBlock>& blocks, const std::vector<Entry>& entries, size_t begin, size_t end,
                       const columnar::SchemaPtr& schema, bool with_keys) {
  const auto count = static_cast<int64_t>(end - begin);
  std::vector<uint16_t> source(static_cast<size_t>(count));
  std::vector<int64_t> row(static_cast<size_t>(count));
  // Blocks referenced by this range, renumbered from 0 (at most 65535 per gather).
  std::vector<int32_t> remap(blocks.size(), -1);
  std::vector<size_t> used;
  for (size_t i = begin; i < end; ++i) {
    uint32_t b = entries[i].block;
    if (remap[b] < 0) {
      remap[b] = static_cast<int32_t>(used.size());
      used.push_back(b);
    }
    source[i - begin] = static_cast<uint16_t>(remap[b]);
    row[i - begin] = entries[i].row;
  }
  std::vector<ColumnPtr> columns;
  const size_t data_columns = blocks.empty() ? 0 : blocks[0].batch->num_columns();
  for (size_t c = 0; c < data_columns; ++c) {
    std::vector<ColumnPtr> parts;
    for (size_t b : used) parts.push_back(blocks[b].batch->column(c));
    columns.push_back(TakeFromSources(parts, source.data(), row.data(), count));
  }
  if (with_keys) {
    columnar::StringBuilder keys(columnar::DataType::Binary());
    keys.Reserve(count);
    for (size_t i = begin; i < end; ++i) keys.Append(blocks[entries[i].block].keys.Key(entries[i].row));
    columns.push_back(keys.Finish());
  }
  return columnar::RecordBatch::Make(schema, count, std::move(columns));
}

}  // namespace

struct SortedData {
  // In memory (no spill): the blocks and the sorted order.
  std::vector<SortBlock> blocks;
  std::vector<Entry> order;
  size_t next_row = 0;
  // On disk: one cursor per run, merged through a heap.
  struct Cursor {
    SpillFile* run = nullptr;
    BatchPtr batch;  // input columns + key column
    int64_t row = 0;
    std::string_view key() const { return batch->column(batch->num_columns() - 1)->GetView(row); }
  };
  std::vector<std::unique_ptr<SpillFile>> runs;
  std::vector<Cursor> cursors;
  std::vector<size_t> heap;  // cursor indices, a min-heap on key()
  bool on_disk = false;
  columnar::SchemaPtr spill_schema;
  uint64_t next_sequence = 0;
};

std::shared_ptr<SortedData> MakeSortedData() { return std::make_shared<SortedData>(); }

namespace {

struct SortWorker final : public OperatorState {
  uint64_t sequence = UINT64_MAX;
  uint64_t part = 0;
};

}  // namespace

SortSink::SortSink(std::shared_ptr<const SortNode> node, std::shared_ptr<SortedData> output)
    : node_(std::move(node)), output_(std::move(output)) {
  for (const auto& key : node_->keys()) orders_.push_back({key.ascending, key.nulls_first});
  std::vector<columnar::Field> fields = node_->schema()->fields();
  fields.push_back({"__sort_key", columnar::DataType::Binary(), false});
  spill_schema_ = columnar::MakeSchema(std::move(fields));
}

SortSink::~SortSink() = default;

std::unique_ptr<OperatorState> SortSink::MakeState(ExecutionContext&) const { return std::make_unique<SortWorker>(); }

Status SortSink::Consume(ExecutionContext& context, OperatorState& state, const BatchPtr& batch, uint64_t sequence) {
  auto& worker = static_cast<SortWorker&>(state);
  if (worker.sequence != sequence) {
    worker.sequence = sequence;
    worker.part = 0;
  }
  // Position: source sequence, then the part of its output, then the row.
  uint64_t base = (sequence << 40) | (worker.part++ << 24);
  std::vector<ColumnPtr> keys;
  for (const auto& key : node_->bound()) {
    ASSIGN_OR_RETURN(ColumnPtr column, EvaluateToColumn(*key, *batch));
    keys.push_back(std::move(column));
  }
  SortBlock block;
  block.batch = batch;
  EncodeSortKeys(keys, orders_, batch->num_rows(), base, &block.keys);
  block.bytes = batch->MemoryBytes() + static_cast<int64_t>(block.keys.bytes.size() + block.keys.offsets.size() * 4);
  std::vector<SortBlock> to_spill;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    buffered_bytes_ += block.bytes;
    buffered_rows_ += batch->num_rows();
    buffer_.push_back(std::move(block));
    const int64_t limit = node_->limit();
    if (limit >= 0) {
      // Top-N: keep only the best `limit` rows once the buffer holds twice that.
      if (buffered_rows_ > 2 * limit + context.options().batch_rows) {
        std::vector<Entry> order = SortEntries(buffer_);
        size_t keep = std::min(order.size(), static_cast<size_t>(limit));
        SortBlock kept;
        auto gathered = GatherEntries(buffer_, order, 0, keep, spill_schema_, true);
        kept.batch = columnar::RecordBatch::Make(node_->schema(), gathered->num_rows(),
                                                 std::vector<ColumnPtr>(gathered->columns().begin(), gathered->columns().end() - 1));
        const auto& key_column = *gathered->columns().back();
        kept.keys.offsets.push_back(0);
        for (int64_t r = 0; r < key_column.length(); ++r) {
          std::string_view k = key_column.GetView(r);
          kept.keys.bytes.insert(kept.keys.bytes.end(), k.begin(), k.end());
          kept.keys.offsets.push_back(static_cast<uint32_t>(kept.keys.bytes.size()));
        }
        kept.bytes = kept.batch->MemoryBytes() + static_cast<int64_t>(kept.keys.bytes.size());
        buffer_.clear();
        buffered_rows_ = kept.batch->num_rows();
        buffered_bytes_ = kept.bytes;
        buffer_.push_back(std::move(kept));
      }
    } else if (buffered_bytes_ > context.options().memory_limit_bytes) {
      to_spill = std::move(buffer_);
      buffer_.clear();
      buffered_bytes_ = 0;
      buffered_rows_ = 0;
    }
  }
  if (!to_spill.empty()) return Spill(context, std::move(to_spill));
  return Status::Ok();
}

Status SortSink::Spill(ExecutionContext& context, std::vector<SortBlock> blocks) {
  std::vector<Entry> order = SortEntries(blocks);
  ASSIGN_OR_RETURN(auto run, SpillFile::Create(context.TempDirectory()));
  const auto step = static_cast<size_t>(std::clamp<int64_t>(context.options().batch_rows, 1, 65535));
  for (size_t begin = 0; begin < order.size(); begin += step) {
    size_t end = std::min(order.size(), begin + step);
    RETURN_IF_ERROR(run->Append(*GatherEntries(blocks, order, begin, end, spill_schema_, true)));
  }
  context.stats().bytes_spilled.fetch_add(run->bytes_written());
  context.stats().spill_files.fetch_add(1);
  std::lock_guard<std::mutex> lock(mutex_);
  runs_.push_back(std::move(run));
  return Status::Ok();
}

Status SortSink::Finalize(ExecutionContext& context) {
  std::vector<SortBlock> rest;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    rest = std::move(buffer_);
    buffer_.clear();
  }
  SortedData& out = *output_;
  out.spill_schema = spill_schema_;
  if (runs_.empty()) {
    out.order = SortEntries(rest);
    if (node_->limit() >= 0 && out.order.size() > static_cast<size_t>(node_->limit())) {
      out.order.resize(static_cast<size_t>(node_->limit()));
    }
    out.blocks = std::move(rest);
    return Status::Ok();
  }
  if (!rest.empty()) RETURN_IF_ERROR(Spill(context, std::move(rest)));
  out.on_disk = true;
  out.runs = std::move(runs_);
  for (auto& run : out.runs) {
    RETURN_IF_ERROR(run->StartReading());
    ASSIGN_OR_RETURN(BatchPtr first, run->ReadNext(spill_schema_));
    if (!first) continue;
    out.cursors.push_back({run.get(), std::move(first), 0});
  }
  for (size_t i = 0; i < out.cursors.size(); ++i) out.heap.push_back(i);
  auto greater = [&out](size_t a, size_t b) { return out.cursors[a].key() > out.cursors[b].key(); };
  std::make_heap(out.heap.begin(), out.heap.end(), greater);
  return Status::Ok();
}

SortSource::SortSource(std::shared_ptr<const SortNode> node, std::shared_ptr<SortedData> data)
    : node_(std::move(node)), data_(std::move(data)) {}

SortSource::~SortSource() = default;

Result<bool> SortSource::Next(ExecutionContext& context, OperatorState&, Morsel* out) const {
  SortedData& d = *data_;
  const auto step = static_cast<size_t>(std::clamp<int64_t>(context.options().batch_rows, 1, 65535));
  if (!d.on_disk) {
    size_t begin, end;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (d.next_row >= d.order.size()) return false;
      begin = d.next_row;
      end = std::min(d.order.size(), begin + step);
      d.next_row = end;
      out->sequence = d.next_sequence++;
    }
    // The blocks and the order are fixed now: gather outside the lock, in parallel.
    out->batch = GatherEntries(d.blocks, d.order, begin, end, node_->schema(), false);
    return true;
  }
  std::lock_guard<std::mutex> lock(mutex_);
  if (d.heap.empty()) return false;
  // Merge up to `step` rows from the runs' cursors.
  auto greater = [&d](size_t a, size_t b) { return d.cursors[a].key() > d.cursors[b].key(); };
  std::vector<BatchPtr> sources;
  std::vector<uint16_t> source;
  std::vector<int64_t> row;
  std::vector<const columnar::RecordBatch*> last_batch(d.cursors.size(), nullptr);
  std::vector<uint16_t> last_index(d.cursors.size(), 0);
  // A gather takes at most 65535 source batches.
  while (row.size() < step && sources.size() < 65535 && !d.heap.empty()) {
    std::pop_heap(d.heap.begin(), d.heap.end(), greater);
    size_t c = d.heap.back();
    SortedData::Cursor& cursor = d.cursors[c];
    if (last_batch[c] != cursor.batch.get()) {
      last_batch[c] = cursor.batch.get();
      last_index[c] = static_cast<uint16_t>(sources.size());
      sources.push_back(cursor.batch);
    }
    source.push_back(last_index[c]);
    row.push_back(cursor.row);
    if (++cursor.row >= cursor.batch->num_rows()) {
      ASSIGN_OR_RETURN(BatchPtr next, cursor.run->ReadNext(d.spill_schema));
      if (!next) {
        d.heap.pop_back();
        continue;
      }
      cursor.batch = std::move(next);
      cursor.row = 0;
    }
    std::push_heap(d.heap.begin(), d.heap.end(), greater);
  }
  std::vector<ColumnPtr> columns;
  const auto count = static_cast<int64_t>(row.size());
  for (size_t col = 0; col < node_->schema()->num_fields(); ++col) {
    std::vector<ColumnPtr> parts;
    for (const auto& batch : sources) parts.push_back(batch->column(col));
    columns.push_back(TakeFromSources(parts, source.data(), row.data(), count));
  }
  out->batch = columnar::RecordBatch::Make(node_->schema(), count, std::move(columns));
  out->sequence = d.next_sequence++;
  return true;
}

}  // namespace sluice::engine
