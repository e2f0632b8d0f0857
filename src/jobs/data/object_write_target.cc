// Job target files: see object_write_target.h.
#include "jobs/data/object_write_target.h"

#include <charconv>
#include <list>
#include <unordered_map>

#include <fmt/format.h>

#include "engine/expr/selection.h"
#include "formats/compression/block_codec.h"
#include "formats/compression/compressing_output_stream.h"
#include "formats/csv/writer.h"
#include "formats/json/writer.h"
#include "formats/parquet/parquet_writer.h"

namespace sluice::jobs {

namespace {

using columnar::TypeId;

constexpr std::string_view kNullPartition = "__HIVE_DEFAULT_PARTITION__";

// An OutputStream into a new object; Close() commits it.
class ObjectOutput final : public formats::OutputStream {
 public:
  ObjectOutput(std::unique_ptr<storage::ObjectWriter> writer, std::string name)
      : writer_(std::move(writer)), name_(std::move(name)) {}
  const std::string& name() const override { return name_; }
  Status Write(std::string_view bytes) override {
    position_ += bytes.size();
    return writer_->Append(bytes);
  }
  uint64_t position() const override { return position_; }
  Status Close() override {
    if (committed_) return Status::Ok();
    ASSIGN_OR_RETURN(info_, writer_->Commit());
    committed_ = true;
    return Status::Ok();
  }
  const storage::ObjectInfo& info() const { return info_; }

 private:
  std::unique_ptr<storage::ObjectWriter> writer_;
  std::string name_;
  uint64_t position_ = 0;
  bool committed_ = false;
  storage::ObjectInfo info_;
};

struct OpenFile {
  std::string partition;  // "k=v/k2=v2" or ""
  std::string key;
  ObjectOutput* output = nullptr;  // owned by writer
  std::unique_ptr<formats::BatchWriter> writer;
  int64_t rows = 0;
};

class ObjectWriteSession final : public engine::WriteSession {
 public:
  ObjectWriteSession(storage::ObjectStore* store, S3Location folder, WriteSpec write, std::string tag,
                     std::shared_ptr<WriteCounters> counters, columnar::SchemaPtr input)
      : store_(store),
        folder_(std::move(folder)),
        write_(std::move(write)),
        tag_(std::move(tag)),
        counters_(std::move(counters)),
        input_(std::move(input)) {
    std::vector<columnar::Field> data_fields;
    for (size_t i = 0; i < input_->num_fields(); ++i) {
      bool is_key = false;
      for (const auto& key : write_.partition_keys) is_key = is_key || input_->field(i).name == key;
      if (is_key) continue;
      data_columns_.push_back(i);
      data_fields.push_back(input_->field(i));
    }
    for (const auto& key : write_.partition_keys) key_columns_.push_back(*input_->FieldIndex(key));
    data_schema_ = columnar::MakeSchema(std::move(data_fields));
  }

  ~ObjectWriteSession() override {
    if (!closed_) Abandon();
  }

  Status Write(const columnar::RecordBatch& batch) override {
    if (batch.num_rows() == 0) return Status::Ok();
    if (key_columns_.empty()) return WriteTo("", Project(batch));
    // Group the rows by partition, keeping their order within each.
    groups_.clear();
    group_rows_.clear();
    for (int64_t row = 0; row < batch.num_rows(); ++row) {
      key_buffer_.clear();
      for (size_t k = 0; k < key_columns_.size(); ++k) {
        if (k > 0) key_buffer_ += '/';
        AppendSegment(*batch.column(key_columns_[k]), row, write_.partition_keys[k]);
      }
      auto it = groups_.find(key_buffer_);
      if (it == groups_.end()) {
        it = groups_.emplace(key_buffer_, group_rows_.size()).first;
        group_rows_.emplace_back();
        group_names_.resize(group_rows_.size());
        group_names_[it->second] = key_buffer_;
      }
      group_rows_[it->second].push_back(row);
    }
    columnar::BatchPtr data = Project(batch);
    for (size_t g = 0; g < group_rows_.size(); ++g) {
      const auto& rows = group_rows_[g];
      columnar::BatchPtr part = rows.size() == static_cast<size_t>(batch.num_rows())
                                    ? data
                                    : engine::TakeBatch(*data, rows.data(), static_cast<int64_t>(rows.size()));
      RETURN_IF_ERROR(WriteTo(group_names_[g], part));
    }
    return Status::Ok();
  }

  Result<std::vector<engine::WrittenFile>> Close() override {
    closed_ = true;
    while (!open_.empty()) RETURN_IF_ERROR(Finish(open_.begin()));
    return written_;
  }

  void Abandon() override {
    closed_ = true;
    open_.clear();  // uncommitted objects are discarded with their writers
    for (const auto& file : written_) {
      store_->DeleteObject(folder_.bucket, file_keys_[file.path], {}).IgnoreError();
    }
    written_.clear();
  }

 private:
  columnar::BatchPtr Project(const columnar::RecordBatch& batch) const {
    std::vector<columnar::ColumnPtr> columns;
    for (size_t c : data_columns_) columns.push_back(batch.column(c));
    return columnar::RecordBatch::Make(data_schema_, batch.num_rows(), std::move(columns));
  }

  void AppendSegment(const columnar::Column& column, int64_t row, const std::string& key) {
    std::string_view value;
    char digits[32];
    if (column.IsNull(row)) {
      value = kNullPartition;
    } else if (column.type()->is_binary_like()) {
      value = column.GetView(row);
    } else if (column.type_id() == TypeId::kInt64 || column.type_id() == TypeId::kInt32) {
      int64_t number = column.type_id() == TypeId::kInt64 ? column.Values<int64_t>()[row] : column.Values<int32_t>()[row];
      auto [end, error] = std::to_chars(digits, digits + sizeof(digits), number);
      value = std::string_view(digits, static_cast<size_t>(end - digits));
    } else {
      scratch_ = column.ValueToString(row);
      value = scratch_;
    }
    key_buffer_ += HivePartitionSegment(key, value);
  }

  Status WriteTo(const std::string& partition, const columnar::BatchPtr& batch) {
    auto it = std::find_if(open_.begin(), open_.end(), [&](const OpenFile& f) { return f.partition == partition; });
    if (it == open_.end()) {
      if (open_.size() >= ObjectWriteTarget::kMaxOpenFiles) RETURN_IF_ERROR(Finish(std::prev(open_.end())));
      ASSIGN_OR_RETURN(OpenFile file, Start(partition));
      open_.push_front(std::move(file));
      it = open_.begin();
    } else if (it != open_.begin()) {
      open_.splice(open_.begin(), open_, it);  // most recently written first
      it = open_.begin();
    }
    RETURN_IF_ERROR(it->writer->Write(*batch));
    it->rows += batch->num_rows();
    counters_->records.fetch_add(batch->num_rows(), std::memory_order_relaxed);
    if (it->output->position() >= ObjectWriteTarget::kFileBytes) RETURN_IF_ERROR(Finish(it));
    return Status::Ok();
  }

  std::string FileName() {
    std::string name = fmt::format("part-{:05}-{}", next_file_++, tag_);
    switch (write_.format) {
      case DataFormat::kParquet:
        if (write_.compression != "none" && write_.compression != "uncompressed") name += "." + write_.compression;
        return name + ".parquet";
      case DataFormat::kCsv:
      case DataFormat::kJson: {
        name += write_.format == DataFormat::kCsv ? ".csv" : ".json";
        auto compression = formats::ParseStreamCompression(write_.compression);
        if (compression) name += formats::StreamCompressionExtension(*compression);
        return name;
      }
    }
    return name;
  }

  Result<OpenFile> Start(const std::string& partition) {
    OpenFile file;
    file.partition = partition;
    file.key = folder_.FolderPrefix() + (partition.empty() ? "" : partition + "/") + FileName();
    storage::PutOptions options;
    options.headers.push_back({"Content-Type", write_.format == DataFormat::kJson      ? "application/json"
                                               : write_.format == DataFormat::kCsv     ? "text/csv"
                                                                                       : "application/octet-stream"});
    ASSIGN_OR_RETURN(auto writer, store_->NewObjectWriter(folder_.bucket, file.key, std::move(options)));
    std::string uri = "s3://" + folder_.bucket + "/" + file.key;
    auto output = std::make_unique<ObjectOutput>(std::move(writer), uri);
    file.output = output.get();
    if (write_.format == DataFormat::kParquet) {
      formats::parquet::ParquetWriteOptions options;
      std::string codec = write_.compression == "uncompressed" ? "none" : write_.compression;
      auto parsed = formats::ParseBlockCodec(codec == "lz4" ? "lz4_raw" : codec);
      if (!parsed) return InvalidArgument(fmt::format("parquet compression '{}' is not supported", write_.compression));
      options.compression = *parsed;
      ASSIGN_OR_RETURN(file.writer, formats::parquet::OpenParquetWriter(std::move(output), data_schema_, options));
      return file;
    }
    std::unique_ptr<formats::OutputStream> stream = std::move(output);
    auto compression = formats::ParseStreamCompression(write_.compression.empty() ? "none" : write_.compression);
    if (!compression) return InvalidArgument(fmt::format("compression '{}' is not supported", write_.compression));
    ASSIGN_OR_RETURN(stream, formats::CompressOutputStream(std::move(stream), *compression));
    if (write_.format == DataFormat::kCsv) {
      formats::csv::CsvWriteOptions options;
      options.dialect.delimiter = write_.csv.separator;
      options.dialect.quote = write_.csv.quote == '\0' ? '"' : write_.csv.quote;
      options.dialect.escape = options.dialect.quote;
      ASSIGN_OR_RETURN(file.writer, formats::csv::CsvWriter::Make(std::move(stream), data_schema_, options));
    } else {
      ASSIGN_OR_RETURN(file.writer, formats::json::JsonWriter::Make(std::move(stream), data_schema_, {}));
    }
    return file;
  }

  Status Finish(std::list<OpenFile>::iterator it) {
    OpenFile file = std::move(*it);
    open_.erase(it);
    RETURN_IF_ERROR(file.writer->Close());
    const storage::ObjectInfo& info = file.output->info();
    std::string uri = "s3://" + folder_.bucket + "/" + file.key;
    file_keys_[uri] = file.key;
    written_.push_back({uri, file.partition, file.rows, static_cast<int64_t>(info.size)});
    counters_->files.fetch_add(1, std::memory_order_relaxed);
    counters_->bytes.fetch_add(static_cast<int64_t>(info.size), std::memory_order_relaxed);
    return Status::Ok();
  }

  storage::ObjectStore* store_;
  S3Location folder_;
  WriteSpec write_;
  std::string tag_;
  std::shared_ptr<WriteCounters> counters_;
  columnar::SchemaPtr input_;
  columnar::SchemaPtr data_schema_;
  std::vector<size_t> data_columns_;
  std::vector<size_t> key_columns_;
  std::list<OpenFile> open_;  // most recently written first
  std::vector<engine::WrittenFile> written_;
  std::unordered_map<std::string, std::string> file_keys_;  // uri → key
  int next_file_ = 0;
  bool closed_ = false;
  // Reused per batch.
  std::string key_buffer_;
  std::string scratch_;
  std::unordered_map<std::string, size_t> groups_;
  std::vector<std::vector<int64_t>> group_rows_;
  std::vector<std::string> group_names_;
};

}  // namespace

std::string HivePartitionSegment(std::string_view key, std::string_view value) {
  auto escape = [](std::string_view text, std::string& out) {
    for (unsigned char c : text) {
      if (c < 0x20 || c == '"' || c == '#' || c == '%' || c == '\'' || c == '*' || c == '/' || c == ':' || c == '=' ||
          c == '?' || c == '\\' || c == 0x7f || c == '{' || c == '[' || c == ']' || c == '^') {
        out += fmt::format("%{:02X}", c);
      } else {
        out += static_cast<char>(c);
      }
    }
  };
  std::string out;
  escape(key, out);
  out += '=';
  if (value == kNullPartition) out += value;
  else escape(value, out);
  return out;
}

ObjectWriteTarget::ObjectWriteTarget(storage::ObjectStore* store, S3Location folder, WriteSpec write, std::string tag,
                                     std::shared_ptr<WriteCounters> counters)
    : store_(store), folder_(std::move(folder)), write_(std::move(write)), tag_(std::move(tag)), counters_(std::move(counters)) {}

Status ObjectWriteTarget::Check(const columnar::Schema& input) const {
  for (const auto& key : write_.partition_keys) {
    if (!input.FieldIndex(key)) return InvalidArgument(fmt::format("partition key '{}' is not a column", key));
  }
  if (write_.format == DataFormat::kCsv) {
    for (const auto& field : input.fields()) {
      if (field.type->is_nested()) {
        return InvalidArgument(fmt::format("column '{}' is {}; CSV cannot hold nested values", field.name,
                                           field.type->ToGlueType()));
      }
    }
  }
  return Status::Ok();
}

Result<std::unique_ptr<engine::WriteSession>> ObjectWriteTarget::Open(const columnar::SchemaPtr& input) const {
  RETURN_IF_ERROR(Check(*input));
  return std::unique_ptr<engine::WriteSession>(
      new ObjectWriteSession(store_, folder_, write_, tag_, counters_, input));
}

std::string ObjectWriteTarget::ToString() const {
  std::string out = fmt::format("{} to {}", DataFormatName(write_.format), folder_.ToString());
  if (!write_.partition_keys.empty()) {
    out += " partitioned by (";
    for (size_t i = 0; i < write_.partition_keys.size(); ++i) out += (i ? ", " : "") + write_.partition_keys[i];
    out += ")";
  }
  return out;
}

}  // namespace sluice::jobs
