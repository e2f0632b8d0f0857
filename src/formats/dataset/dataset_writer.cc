// DatasetWriter: see dataset_writer.h.
#include "formats/dataset/dataset_writer.h"

#include <algorithm>
#include <unordered_map>

#include <fmt/format.h>

#include "columnar/builder.h"
#include "common/file.h"
#include "common/ids.h"
#include "formats/dataset/counting_output_stream.h"
#include "formats/dataset/hive_partition.h"

namespace sluice::formats {

using columnar::BatchPtr;
using columnar::ColumnPtr;
using columnar::RecordBatch;

namespace {

// The rows of `batch` in `runs` ([start, length) pairs), as one batch: a zero-copy slice for a
// single run, copies otherwise.
BatchPtr GatherRuns(const RecordBatch& batch, const std::vector<std::pair<int64_t, int64_t>>& runs) {
  if (runs.size() == 1) return batch.Slice(runs[0].first, runs[0].second);
  int64_t total = 0;
  for (const auto& run : runs) total += run.second;
  std::vector<ColumnPtr> columns;
  for (const auto& column : batch.columns()) {
    auto builder = columnar::MakeBuilder(column->type());
    builder->Reserve(total);
    for (const auto& [start, length] : runs) {
      for (int64_t row = start; row < start + length; ++row) columnar::AppendValueFrom(*builder, *column, row);
    }
    columns.push_back(builder->Finish());
  }
  return RecordBatch::Make(batch.schema(), total, std::move(columns));
}

}  // namespace

struct DatasetWriter::OpenFile {
  std::unique_ptr<BatchWriter> writer;
  std::shared_ptr<uint64_t> bytes = std::make_shared<uint64_t>(0);
  size_t index = 0;  // in files_
};

struct DatasetWriter::Partition {
  std::string folder;  // "" or "key=value/.../"
  std::vector<std::pair<std::string, std::string>> values;
  std::unique_ptr<OpenFile> file;
  std::list<Partition*>::iterator position;  // in open_order_ while a file is open
};

FileOpener LocalFolderOpener(std::string root) {
  return [root = std::move(root)](const std::string& relative) -> Result<std::unique_ptr<OutputStream>> {
    std::string path = JoinPath(root, relative);
    if (!IsInsideDirectory(root, path)) return InvalidArgument(fmt::format("{} leaves the folder {}", relative, root));
    RETURN_IF_ERROR(CreateDirectories(DirectoryOf(path)));
    return CreateLocalFile(path);
  };
}

Status DatasetWriteOptions::Validate() const {
  if (max_open_files < 1) return InvalidArgument("max_open_files must be at least 1");
  if (file_prefix.empty() || file_prefix.find('/') != std::string::npos) {
    return InvalidArgument("the file prefix must be a non-empty name without '/'");
  }
  return Status::Ok();
}

Result<std::unique_ptr<DatasetWriter>> DatasetWriter::Make(columnar::SchemaPtr schema, DatasetWriteOptions options,
                                                           FileOpener opener) {
  RETURN_IF_ERROR(options.Validate());
  std::unique_ptr<DatasetWriter> writer(new DatasetWriter());
  for (const auto& name : options.partition_by) {
    auto index = schema->FieldIndex(name);
    if (!index) return InvalidArgument(fmt::format("cannot partition by '{}': no such column", name));
    if (schema->field(*index).type->is_nested()) {
      return InvalidArgument(fmt::format("cannot partition by '{}', a column of type {}", name,
                                         schema->field(*index).type->ToGlueType()));
    }
    if (std::count(writer->partition_columns_.begin(), writer->partition_columns_.end(), *index)) {
      return InvalidArgument(fmt::format("'{}' is listed twice in the partition columns", name));
    }
    writer->partition_columns_.push_back(*index);
  }
  std::vector<columnar::Field> fields;
  for (size_t i = 0; i < schema->num_fields(); ++i) {
    if (std::count(writer->partition_columns_.begin(), writer->partition_columns_.end(), i)) continue;
    writer->file_columns_.push_back(i);
    fields.push_back(schema->field(i));
  }
  if (fields.empty()) return InvalidArgument("partitioning by every column leaves nothing to write in the files");
  if (options.target_file_bytes > 0 && options.file.format == FileFormat::kParquet) {
    // Parquet buffers a row group before writing it: keep row groups within the target.
    options.file.parquet.row_group_bytes =
        std::min<size_t>(options.file.parquet.row_group_bytes, std::max<uint64_t>(options.target_file_bytes, 1 << 20));
  }
  writer->schema_ = std::move(schema);
  writer->file_schema_ = columnar::MakeSchema(std::move(fields));
  writer->options_ = std::move(options);
  writer->opener_ = std::move(opener);
  writer->run_id_ = RandomHex(8);
  return writer;
}

DatasetWriter::~DatasetWriter() = default;

Status DatasetWriter::Write(const RecordBatch& batch) {
  if (closed_) return FailedPrecondition("write to a closed dataset writer");
  if (batch.num_rows() == 0) return Status::Ok();
  std::vector<ColumnPtr> file_columns;
  for (size_t index : file_columns_) file_columns.push_back(batch.column(index));
  RecordBatch file_batch(file_schema_, batch.num_rows(), std::move(file_columns));

  if (partition_columns_.empty()) {
    auto& partition = partitions_[""];
    if (!partition) partition = std::make_unique<Partition>();
    return WriteToPartition(*partition, file_batch);
  }

  // Each row's folder, then runs of rows that share one.
  std::vector<std::string> folders(static_cast<size_t>(batch.num_rows()));
  for (size_t index : partition_columns_) {
    const auto& column = *batch.column(index);
    std::string key = EscapeHivePathPart(schema_->field(index).name) + "=";
    for (int64_t row = 0; row < batch.num_rows(); ++row) {
      std::string& folder = folders[static_cast<size_t>(row)];
      folder += key;
      folder += EscapeHivePathPart(HivePartitionValue(column, row));
      folder += '/';
    }
  }
  std::vector<std::string> order;
  std::unordered_map<std::string, std::vector<std::pair<int64_t, int64_t>>> runs;
  int64_t start = 0;
  for (int64_t row = 1; row <= batch.num_rows(); ++row) {
    if (row < batch.num_rows() && folders[static_cast<size_t>(row)] == folders[static_cast<size_t>(start)]) continue;
    const std::string& folder = folders[static_cast<size_t>(start)];
    auto [it, inserted] = runs.try_emplace(folder);
    if (inserted) order.push_back(folder);
    it->second.emplace_back(start, row - start);
    start = row;
  }
  for (const std::string& folder : order) {
    auto& partition = partitions_[folder];
    if (!partition) {
      partition = std::make_unique<Partition>();
      partition->folder = folder;
      int64_t row = runs[folder].front().first;
      for (size_t index : partition_columns_) {
        partition->values.emplace_back(schema_->field(index).name, HivePartitionValue(*batch.column(index), row));
      }
    }
    BatchPtr rows = GatherRuns(file_batch, runs[folder]);
    RETURN_IF_ERROR(WriteToPartition(*partition, *rows));
  }
  return Status::Ok();
}

Status DatasetWriter::WriteToPartition(Partition& partition, const RecordBatch& rows) {
  if (!partition.file) {
    RETURN_IF_ERROR(OpenFileFor(partition));
  } else {
    open_order_.splice(open_order_.end(), open_order_, partition.position);
  }
  RETURN_IF_ERROR(partition.file->writer->Write(rows));
  files_[partition.file->index].rows += rows.num_rows();
  rows_written_ += rows.num_rows();
  if (options_.target_file_bytes > 0 && *partition.file->bytes >= options_.target_file_bytes) {
    RETURN_IF_ERROR(CloseFile(partition));
  }
  return Status::Ok();
}

Status DatasetWriter::OpenFileFor(Partition& partition) {
  if (open_order_.size() >= options_.max_open_files) RETURN_IF_ERROR(CloseFile(*open_order_.front()));
  std::string name = fmt::format("{}{}-{:05}-{}{}{}", partition.folder, options_.file_prefix, file_counter_++, run_id_,
                                 FileFormatExtension(options_.file.format),
                                 options_.file.format == FileFormat::kParquet
                                     ? ""
                                     : StreamCompressionExtension(options_.file.compression));
  ASSIGN_OR_RETURN(std::unique_ptr<OutputStream> stream, opener_(name));
  auto file = std::make_unique<OpenFile>();
  auto counted = std::make_unique<CountingOutputStream>(std::move(stream), file->bytes);
  ASSIGN_OR_RETURN(file->writer, OpenWriter(std::move(counted), file_schema_, options_.file));
  file->index = files_.size();
  files_.push_back({name, partition.values, 0, 0});
  partition.file = std::move(file);
  partition.position = open_order_.insert(open_order_.end(), &partition);
  return Status::Ok();
}

Status DatasetWriter::CloseFile(Partition& partition) {
  std::unique_ptr<OpenFile> file = std::move(partition.file);
  open_order_.erase(partition.position);
  Status status = file->writer->Close();
  files_[file->index].bytes = *file->bytes;
  return status;
}

Status DatasetWriter::Close() {
  if (closed_) return Status::Ok();
  closed_ = true;
  Status first;
  while (!open_order_.empty()) {
    Status status = CloseFile(*open_order_.front());
    if (first.ok() && !status.ok()) first = status;
  }
  return first;
}

}  // namespace sluice::formats
