// Writing Parquet files: see parquet_writer.h.
#include "formats/parquet/parquet_writer.h"

#include <algorithm>

#include <fmt/format.h>

#include "common/thread_pool.h"
#include "formats/parquet/column_chunk_writer.h"
#include "formats/parquet/level_shredder.h"
#include "formats/parquet/page_codec.h"
#include "formats/parquet/write_plan.h"

namespace sluice::formats::parquet {

Status ParquetWriteOptions::Validate() const {
  if (row_group_rows <= 0 || row_group_bytes == 0) return InvalidArgument("row group size must be positive");
  if (data_page_bytes == 0) return InvalidArgument("data page size must be positive");
  if (parallelism == 0) return InvalidArgument("parallelism must be at least 1");
  return Status::Ok();
}

namespace {

constexpr std::string_view kCreatedBy = "sluice version 0.1.0";

class ParquetBatchWriter final : public BatchWriter {
 public:
  ParquetBatchWriter(std::unique_ptr<OutputStream> out, columnar::SchemaPtr schema, ParquetWriteOptions options,
                     WritePlan plan)
      : out_(std::move(out)), schema_(std::move(schema)), options_(std::move(options)), plan_(std::move(plan)) {
    ChunkWriterOptions chunk;
    chunk.codec = FromBlockCodec(options_.compression);
    chunk.compression_level = options_.compression_level;
    chunk.data_page_bytes = options_.data_page_bytes;
    chunk.page_v2 = options_.page_v2;
    chunk.write_checksums = options_.write_checksums;
    chunk.statistics = options_.statistics;
    chunk.values.dictionary = options_.dictionary;
    chunk.values.dictionary_page_bytes = options_.dictionary_page_bytes;
    chunk.values.max_statistics_bytes = options_.max_statistics_bytes;
    for (const WriteLeaf& leaf : plan_.leaves) writers_.push_back(std::make_unique<ColumnChunkWriter>(leaf, chunk));
    for (const WriteNode& column : plan_.columns) shredded_.emplace_back(static_cast<size_t>(column.leaf_count));
  }

  Status Start() { return out_->Write(kMagic); }

  Status Write(const columnar::RecordBatch& batch) override {
    if (closed_) return FailedPrecondition(fmt::format("{}: write after close", out_->name()));
    if (!failed_.ok()) return failed_;
    if (!batch.schema()->Equals(*schema_)) {
      return InvalidArgument(fmt::format("{}: batch schema ({}) differs from the file's ({})", out_->name(),
                                         batch.schema()->ToString(), schema_->ToString()));
    }
    int64_t offset = 0;
    while (offset < batch.num_rows()) {
      int64_t take = std::min(batch.num_rows() - offset, options_.row_group_rows - group_rows_);
      Status status = offset == 0 && take == batch.num_rows() ? WriteRows(batch) : WriteRows(*batch.Slice(offset, take));
      if (!status.ok()) return Fail(status);
      group_rows_ += take;
      offset += take;
      if (group_rows_ >= options_.row_group_rows || BufferedBytes() >= options_.row_group_bytes) {
        status = FlushRowGroup();
        if (!status.ok()) return Fail(status);
      }
    }
    return Status::Ok();
  }

  Status Close() override {
    if (closed_) return Status::Ok();
    closed_ = true;
    if (!failed_.ok()) return failed_;
    if (group_rows_ > 0) RETURN_IF_ERROR(FlushRowGroup());
    FileMetaData meta;
    meta.version = 1;
    meta.schema = plan_.elements;
    meta.num_rows = rows_written_;
    meta.row_groups = std::move(row_groups_);
    for (const auto& [key, value] : options_.key_value_metadata) meta.key_value_metadata.push_back({key, value});
    meta.created_by = std::string(kCreatedBy);
    meta.column_orders.assign(plan_.leaves.size(), ColumnOrder::kTypeDefined);
    std::string footer;
    EncodeFileMetaData(meta, &footer);
    auto length = static_cast<uint32_t>(footer.size());
    footer.append(reinterpret_cast<const char*>(&length), 4);
    footer.append(kMagic);
    RETURN_IF_ERROR(out_->Write(footer));
    return out_->Close();
  }

  int64_t rows_written() const override { return rows_written_ + group_rows_; }

 private:
  Status Fail(Status status) {
    failed_ = status;
    return status;
  }

  size_t BufferedBytes() const {
    size_t bytes = 0;
    for (const auto& writer : writers_) bytes += writer->buffered_bytes();
    return bytes;
  }

  // Shreds and encodes every column of `batch` (all of it goes to the current row group).
  Status WriteRows(const columnar::RecordBatch& batch) {
    std::vector<Status> errors(plan_.columns.size());
    auto write_column = [&](size_t c) {
      const WriteNode& node = plan_.columns[c];
      std::vector<ShreddedLeaf>& leaves = shredded_[c];
      Status status = ShredColumn(node, plan_, *batch.column(c), leaves);
      for (int l = 0; status.ok() && l < node.leaf_count; ++l) {
        status = writers_[static_cast<size_t>(node.first_leaf + l)]->Write(leaves[static_cast<size_t>(l)]);
      }
      errors[c] = std::move(status);
    };
    if (options_.parallelism > 1 && plan_.columns.size() > 1) {
      ParallelFor(plan_.columns.size(), options_.parallelism, write_column);
    } else {
      for (size_t c = 0; c < plan_.columns.size(); ++c) write_column(c);
    }
    for (Status& error : errors) {
      if (!error.ok()) return error.WithContext(out_->name());
    }
    return Status::Ok();
  }

  Status FlushRowGroup() {
    RowGroup group;
    group.num_rows = group_rows_;
    group.file_offset = static_cast<int64_t>(out_->position());
    group.ordinal = static_cast<int16_t>(std::min<size_t>(row_groups_.size(), INT16_MAX));
    int64_t compressed = 0;
    for (auto& writer : writers_) {
      ColumnChunk chunk;
      RETURN_IF_ERROR(writer->Finish(*out_, &chunk));
      group.total_byte_size += chunk.meta_data.total_uncompressed_size;
      compressed += chunk.meta_data.total_compressed_size;
      group.columns.push_back(std::move(chunk));
    }
    group.total_compressed_size = compressed;
    row_groups_.push_back(std::move(group));
    rows_written_ += group_rows_;
    group_rows_ = 0;
    return Status::Ok();
  }

  std::unique_ptr<OutputStream> out_;
  columnar::SchemaPtr schema_;
  ParquetWriteOptions options_;
  WritePlan plan_;
  std::vector<std::unique_ptr<ColumnChunkWriter>> writers_;  // per leaf
  std::vector<std::vector<ShreddedLeaf>> shredded_;          // per column, scratch
  std::vector<RowGroup> row_groups_;
  int64_t group_rows_ = 0;
  int64_t rows_written_ = 0;
  bool closed_ = false;
  Status failed_;
};

}  // namespace

Result<std::unique_ptr<BatchWriter>> OpenParquetWriter(std::unique_ptr<OutputStream> out, columnar::SchemaPtr schema,
                                                       ParquetWriteOptions options) {
  RETURN_IF_ERROR(options.Validate());
  ASSIGN_OR_RETURN(WritePlan plan, MakeWritePlan(*schema));
  auto writer = std::make_unique<ParquetBatchWriter>(std::move(out), std::move(schema), std::move(options),
                                                     std::move(plan));
  RETURN_IF_ERROR(writer->Start());
  return std::unique_ptr<BatchWriter>(std::move(writer));
}

}  // namespace sluice::formats::parquet
