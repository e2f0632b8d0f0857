// One row group's batches: see row_group_stream.h.
#include "formats/parquet/row_group_stream.h"

#include <algorithm>

#include <fmt/format.h>

#include "common/thread_pool.h"
#include "formats/parquet/record_assembly.h"

namespace sluice::formats::parquet {

Result<std::unique_ptr<RowGroupStream>> RowGroupStream::Open(std::shared_ptr<const ParquetFile> file, int group,
                                                             const std::vector<int>& columns,
                                                             columnar::SchemaPtr schema,
                                                             const ColumnReadLimits& limits,
                                                             int64_t target_batch_entries) {
  std::unique_ptr<RowGroupStream> stream(new RowGroupStream());
  stream->file_ = std::move(file);
  stream->group_ = group;
  stream->schema_ = std::move(schema);
  stream->target_batch_entries_ = target_batch_entries;
  const ParquetFile& parquet = *stream->file_;
  const RowGroup& meta = parquet.metadata().row_groups[static_cast<size_t>(group)];
  stream->rows_left_ = meta.num_rows;
  for (int c : columns) {
    Column column;
    column.plan = &parquet.schema().columns[static_cast<size_t>(c)];
    for (int l = 0; l < column.plan->leaf_count; ++l) {
      int ordinal = column.plan->first_leaf + l;
      Leaf leaf;
      leaf.plan = &parquet.schema().leaves[static_cast<size_t>(ordinal)];
      leaf.storage = std::make_unique<std::string>();
      ASSIGN_OR_RETURN(auto bytes, parquet.ChunkBytes(group, ordinal, leaf.storage.get()));
      leaf.bytes = bytes.first;
      leaf.offset = bytes.second;
      leaf.reader = std::make_unique<ColumnChunkReader>(
          *leaf.plan, bytes.first, bytes.second, meta.columns[static_cast<size_t>(ordinal)].meta_data.codec, limits,
          fmt::format("{}: row group {}, column '{}'", parquet.name(), group, leaf.plan->path));
      column.leaves.push_back(std::move(leaf));
    }
    column.batches.resize(column.leaves.size());
    stream->columns_.push_back(std::move(column));
  }
  return stream;
}

RowGroupStream::~RowGroupStream() { ReleaseChunks(); }

void RowGroupStream::ReleaseChunks() {
  if (released_ || !file_->file().View()) return;
  released_ = true;
  for (const Column& column : columns_) {
    for (const Leaf& leaf : column.leaves) {
      file_->file().DoneWith(static_cast<uint64_t>(leaf.offset), leaf.bytes.size());
    }
  }
}

Status RowGroupStream::EndedEarly(const Leaf& leaf, int64_t rows) const {
  return DataLoss(fmt::format("{}: row group {}, column '{}' ends {} rows short of the row group's {}", file_->name(),
                              group_, leaf.plan->path, rows_left_ - rows,
                              file_->metadata().row_groups[static_cast<size_t>(group_)].num_rows));
}

Result<columnar::BatchPtr> RowGroupStream::Next(int64_t max_rows, size_t parallelism) {
  if (rows_left_ == 0) {
    ReleaseChunks();
    return columnar::BatchPtr();
  }
  int64_t rows = std::min(max_rows, rows_left_);
  // A repeated leaf decides how many rows fit the batch's entry budget; read it first.
  for (Column& column : columns_) column.driver = -1;
  for (Column& column : columns_) {
    auto it = std::find_if(column.leaves.begin(), column.leaves.end(),
                           [](const Leaf& leaf) { return leaf.plan->max_rep > 0; });
    if (it == column.leaves.end()) continue;
    auto index = static_cast<size_t>(it - column.leaves.begin());
    RETURN_IF_ERROR(it->reader->ReadRows(rows, target_batch_entries_, &column.batches[index]));
    if (column.batches[index].rows == 0) return EndedEarly(*it, 0);
    rows = column.batches[index].rows;
    column.driver = static_cast<int>(index);
    break;
  }
  std::vector<columnar::ColumnPtr> out(columns_.size());
  std::vector<Status> errors(columns_.size());
  auto read = [&](size_t i) {
    auto column = ReadColumn(columns_[i], rows);
    if (column.ok()) out[i] = std::move(*column);
    else errors[i] = column.TakeStatus();
  };
  if (parallelism > 1 && columns_.size() > 1) {
    ParallelFor(columns_.size(), parallelism, read);
  } else {
    for (size_t i = 0; i < columns_.size(); ++i) read(i);
  }
  for (Status& error : errors) {
    if (!error.ok()) return std::move(error);
  }
  rows_left_ -= rows;
  return columnar::RecordBatch::Make(schema_, rows, std::move(out));
}

Result<columnar::ColumnPtr> RowGroupStream::ReadColumn(Column& column, int64_t rows) {
  for (size_t l = 0; l < column.leaves.size(); ++l) {
    if (static_cast<int>(l) != column.driver) {
      RETURN_IF_ERROR(column.leaves[l].reader->ReadRows(rows, 0, &column.batches[l]));
    }
    if (column.batches[l].rows != rows) return EndedEarly(column.leaves[l], column.batches[l].rows);
  }
  const ColumnPlan& plan = *column.plan;
  if (plan.root.kind == ReadNode::Kind::kLeaf) return std::move(column.batches[0].column);
  auto assembled = AssembleColumn(plan.root, column.batches, plan.first_leaf, rows);
  if (!assembled.ok()) {
    return assembled.status().WithContext(
        fmt::format("{}: row group {}, column '{}'", file_->name(), group_, plan.field.name));
  }
  return assembled;
}

}  // namespace sluice::formats::parquet
