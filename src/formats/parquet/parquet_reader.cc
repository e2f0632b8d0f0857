// Parquet batch reading: see parquet_reader.h.
#include "formats/parquet/parquet_reader.h"

#include <algorithm>

#include <fmt/format.h>

#include "common/thread_pool.h"
#include "formats/parquet/chunk_statistics.h"
#include "formats/parquet/column_chunk_reader.h"
#include "formats/parquet/record_assembly.h"

namespace sluice::formats::parquet {

Status ParquetReadOptions::Validate() const {
  if (batch_rows <= 0) return InvalidArgument("batch_rows must be positive");
  if (parallelism == 0) return InvalidArgument("parallelism must be at least 1");
  if (max_page_bytes == 0 || max_batch_bytes == 0 || max_batch_entries <= 0 || target_batch_entries <= 0) {
    return InvalidArgument("Parquet read limits must be positive");
  }
  return Status::Ok();
}

namespace {

class ParquetBatchReader final : public BatchReader {
 public:
  ParquetBatchReader(std::shared_ptr<const ParquetFile> file, ParquetReadOptions options, std::vector<int> columns,
                     std::vector<int> row_groups)
      : file_(std::move(file)),
        options_(std::move(options)),
        columns_(std::move(columns)),
        row_groups_(std::move(row_groups)) {
    std::vector<columnar::Field> fields;
    for (int c : columns_) fields.push_back(file_->schema().columns[static_cast<size_t>(c)].field);
    schema_ = columnar::MakeSchema(std::move(fields));
    limits_.pages.verify_checksums = options_.verify_checksums;
    limits_.pages.max_page_bytes = options_.max_page_bytes;
    limits_.max_batch_bytes = options_.max_batch_bytes;
    limits_.max_batch_entries = options_.max_batch_entries;
  }

  const columnar::SchemaPtr& schema() const override { return schema_; }

  Result<columnar::BatchPtr> Next() override {
    while (rows_left_ == 0) {
      if (next_group_ >= row_groups_.size()) return columnar::BatchPtr();
      int group = row_groups_[next_group_++];
      const RowGroup& meta = file_->metadata().row_groups[static_cast<size_t>(group)];
      if (meta.num_rows == 0 || !RowGroupMayMatch(*file_, group, options_.predicate)) continue;
      RETURN_IF_ERROR(StartRowGroup(group));
    }
    int64_t rows = std::min(options_.batch_rows, rows_left_);
    // A repeated leaf decides how many rows fit the batch's entry budget; read it first.
    for (ColumnState& state : states_) state.driver = -1;
    for (ColumnState& state : states_) {
      auto it = std::find_if(state.leaves.begin(), state.leaves.end(),
                             [&](const auto& leaf) { return leaf.plan->max_rep > 0; });
      if (it == state.leaves.end()) continue;
      auto leaf = static_cast<size_t>(it - state.leaves.begin());
      RETURN_IF_ERROR(it->reader->ReadRows(rows, options_.target_batch_entries, &state.batches[leaf]));
      if (state.batches[leaf].rows == 0) return EndedEarly(state.leaves[leaf], 0);
      rows = state.batches[leaf].rows;
      state.driver = static_cast<int>(leaf);
      break;
    }
    std::vector<columnar::ColumnPtr> columns(states_.size());
    std::vector<Status> errors(states_.size());
    auto read_column = [&](size_t i) {
      auto result = ReadColumn(states_[i], rows);
      if (result.ok()) columns[i] = std::move(*result);
      else errors[i] = result.TakeStatus();
    };
    if (options_.parallelism > 1 && states_.size() > 1) {
      ParallelFor(states_.size(), options_.parallelism, read_column);
    } else {
      for (size_t i = 0; i < states_.size(); ++i) read_column(i);
    }
    for (Status& error : errors) {
      if (!error.ok()) return std::move(error);
    }
    rows_left_ -= rows;
    return columnar::RecordBatch::Make(schema_, rows, std::move(columns));
  }

 private:
  struct LeafState {
    const LeafPlan* plan = nullptr;
    std::unique_ptr<std::string> storage;  // chunk bytes when the file is not mapped
    std::unique_ptr<ColumnChunkReader> reader;
  };
  struct ColumnState {
    const ColumnPlan* plan = nullptr;
    std::vector<LeafState> leaves;
    std::vector<LeafBatch> batches;
    int driver = -1;  // the leaf already read for this batch
  };

  Status EndedEarly(const LeafState& leaf, int64_t rows) const {
    return DataLoss(fmt::format("{}: row group {}, column '{}' ends {} rows short of the row group's {}",
                                file_->name(), current_group_, leaf.plan->path, rows_left_ - rows,
                                file_->metadata().row_groups[static_cast<size_t>(current_group_)].num_rows));
  }

  Status StartRowGroup(int group) {
    current_group_ = group;
    rows_left_ = file_->metadata().row_groups[static_cast<size_t>(group)].num_rows;
    states_.clear();
    for (int c : columns_) {
      ColumnState state;
      state.plan = &file_->schema().columns[static_cast<size_t>(c)];
      for (int l = 0; l < state.plan->leaf_count; ++l) {
        int leaf = state.plan->first_leaf + l;
        LeafState leaf_state;
        leaf_state.plan = &file_->schema().leaves[static_cast<size_t>(leaf)];
        leaf_state.storage = std::make_unique<std::string>();
        ASSIGN_OR_RETURN(auto bytes, file_->ChunkBytes(group, leaf, leaf_state.storage.get()));
        const ColumnMetaData& meta = file_->metadata().row_groups[static_cast<size_t>(group)]
                                         .columns[static_cast<size_t>(leaf)]
                                         .meta_data;
        leaf_state.reader = std::make_unique<ColumnChunkReader>(
            *leaf_state.plan, bytes.first, bytes.second, meta.codec, limits_,
            fmt::format("{}: row group {}, column '{}'", file_->name(), group, leaf_state.plan->path));
        state.leaves.push_back(std::move(leaf_state));
      }
      state.batches.resize(state.leaves.size());
      states_.push_back(std::move(state));
    }
    return Status::Ok();
  }

  Result<columnar::ColumnPtr> ReadColumn(ColumnState& state, int64_t rows) {
    for (size_t l = 0; l < state.leaves.size(); ++l) {
      if (static_cast<int>(l) != state.driver) {
        RETURN_IF_ERROR(state.leaves[l].reader->ReadRows(rows, 0, &state.batches[l]));
      }
      if (state.batches[l].rows != rows) return EndedEarly(state.leaves[l], state.batches[l].rows);
    }
    const ColumnPlan& plan = *state.plan;
    if (plan.root.kind == ReadNode::Kind::kLeaf) return std::move(state.batches[0].column);
    auto column = AssembleColumn(plan.root, state.batches, plan.first_leaf, rows);
    if (!column.ok()) {
      return column.status().WithContext(
          fmt::format("{}: row group {}, column '{}'", file_->name(), current_group_, plan.field.name));
    }
    return column;
  }

  std::shared_ptr<const ParquetFile> file_;
  ParquetReadOptions options_;
  ColumnReadLimits limits_;
  columnar::SchemaPtr schema_;
  std::vector<int> columns_;
  std::vector<int> row_groups_;
  size_t next_group_ = 0;
  int current_group_ = -1;
  int64_t rows_left_ = 0;
  std::vector<ColumnState> states_;
};

}  // namespace

Result<std::unique_ptr<BatchReader>> OpenParquetReader(std::shared_ptr<const ParquetFile> file,
                                                       ParquetReadOptions options) {
  RETURN_IF_ERROR(options.Validate());
  const columnar::Schema& schema = *file->schema().schema;
  std::vector<int> columns;
  if (options.columns) {
    for (const std::string& name : *options.columns) {
      auto index = schema.FieldIndex(name);
      if (!index) index = schema.FieldIndexIgnoreCase(name);
      if (!index) return InvalidArgument(fmt::format("{}: no column named '{}'", file->name(), name));
      columns.push_back(static_cast<int>(*index));
    }
  } else {
    for (size_t i = 0; i < schema.num_fields(); ++i) columns.push_back(static_cast<int>(i));
  }
  std::vector<int> row_groups;
  if (options.row_groups) {
    for (int group : *options.row_groups) {
      if (group < 0 || group >= file->num_row_groups()) {
        return InvalidArgument(fmt::format("{}: no row group {} (the file has {})", file->name(), group,
                                           file->num_row_groups()));
      }
    }
    row_groups = *options.row_groups;
  } else {
    for (int g = 0; g < file->num_row_groups(); ++g) row_groups.push_back(g);
  }
  return std::unique_ptr<BatchReader>(
      std::make_unique<ParquetBatchReader>(std::move(file), std::move(options), std::move(columns), std::move(row_groups)));
}

Result<std::unique_ptr<BatchReader>> OpenParquetReader(InputFilePtr file, ParquetReadOptions options) {
  ASSIGN_OR_RETURN(auto parquet, ParquetFile::Open(std::move(file)));
  return OpenParquetReader(std::move(parquet), std::move(options));
}

Result<ParquetFileInfo> ReadParquetFileInfo(const InputFilePtr& file) {
  ASSIGN_OR_RETURN(auto parquet, ParquetFile::Open(file));
  ParquetFileInfo info;
  info.schema = parquet->schema().schema;
  info.num_rows = parquet->num_rows();
  info.num_row_groups = parquet->num_row_groups();
  info.created_by = parquet->metadata().created_by.value_or("");
  for (const KeyValue& kv : parquet->metadata().key_value_metadata) {
    info.key_value_metadata.emplace_back(kv.key, kv.value.value_or(""));
  }
  return info;
}

}  // namespace sluice::formats::parquet
