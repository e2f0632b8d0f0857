// Job source data: see object_data_source.h.
#include "jobs/data/object_data_source.h"

#include <fmt/format.h>

#include "engine/expr/cast.h"
#include "engine/expr/datum.h"
#include "formats/io.h"
#include "jobs/data/file_reading.h"

namespace sluice::jobs {

namespace {

// One object's batches with the requested columns in order: file columns from the inner reader,
// partition columns as constants.
class PieceReader final : public formats::BatchReader {
 public:
  struct Output {
    int inner = -1;            // position in the inner reader's batches, or -1
    columnar::Scalar constant;  // partition value otherwise
  };
  PieceReader(std::unique_ptr<formats::BatchReader> inner, columnar::SchemaPtr schema, std::vector<Output> outputs,
              std::shared_ptr<ReadCounters> counters)
      : inner_(std::move(inner)), schema_(std::move(schema)), outputs_(std::move(outputs)), counters_(std::move(counters)) {}

  const columnar::SchemaPtr& schema() const override { return schema_; }
  Result<columnar::BatchPtr> Next() override {
    ASSIGN_OR_RETURN(columnar::BatchPtr batch, inner_->Next());
    if (batch == nullptr) return batch;
    counters_->records.fetch_add(batch->num_rows(), std::memory_order_relaxed);
    std::vector<columnar::ColumnPtr> columns;
    columns.reserve(outputs_.size());
    for (size_t i = 0; i < outputs_.size(); ++i) {
      if (outputs_[i].inner >= 0) {
        columns.push_back(batch->column(static_cast<size_t>(outputs_[i].inner)));
      } else {
        columns.push_back(engine::BroadcastScalar(outputs_[i].constant, schema_->field(i).type, batch->num_rows()));
      }
    }
    return columnar::RecordBatch::Make(schema_, batch->num_rows(), std::move(columns));
  }

 private:
  std::unique_ptr<formats::BatchReader> inner_;
  columnar::SchemaPtr schema_;
  std::vector<Output> outputs_;
  std::shared_ptr<ReadCounters> counters_;
};

}  // namespace

ObjectDataSource::ObjectDataSource(storage::ObjectStore* store, std::string name, ReadSpec read,
                                   columnar::SchemaPtr data_schema, std::vector<columnar::Field> partition_fields,
                                   std::vector<SourceObject> objects, std::shared_ptr<ReadCounters> counters,
                                   size_t parallelism)
    : store_(store),
      name_(std::move(name)),
      read_(std::move(read)),
      data_schema_(std::move(data_schema)),
      partition_fields_(std::move(partition_fields)),
      objects_(std::move(objects)),
      counters_(std::move(counters)),
      parallelism_(parallelism) {
  std::vector<columnar::Field> fields = data_schema_->fields();
  fields.insert(fields.end(), partition_fields_.begin(), partition_fields_.end());
  schema_ = columnar::MakeSchema(std::move(fields));
}

Result<std::unique_ptr<formats::BatchReader>> ObjectDataSource::OpenPiece(
    size_t piece, const std::vector<size_t>& columns, const formats::PushdownPredicate& predicate) const {
  if (piece >= objects_.size()) return InvalidArgument(fmt::format("{}: no piece {}", name_, piece));
  const SourceObject& object = objects_[piece];
  // No columns listed means all of them.
  std::vector<size_t> wanted = columns;
  if (wanted.empty()) {
    for (size_t i = 0; i < schema_->num_fields(); ++i) wanted.push_back(i);
  }
  // Which file columns to read, and where each output column comes from.
  std::vector<std::string> file_columns;
  std::vector<PieceReader::Output> outputs;
  std::vector<columnar::Field> fields;
  const size_t data_count = data_schema_->num_fields();
  for (size_t position : wanted) {
    if (position >= schema_->num_fields()) return InvalidArgument(fmt::format("{}: no column {}", name_, position));
    fields.push_back(schema_->field(position));
    PieceReader::Output output;
    if (position < data_count) {
      output.inner = static_cast<int>(file_columns.size());
      file_columns.push_back(data_schema_->field(position).name);
    } else {
      const columnar::Field& field = partition_fields_[position - data_count];
      const std::string& text = object.partition_values[position - data_count];
      auto value = engine::CastScalar(columnar::Scalar::String(text), field.type, /*try_mode=*/true);
      output.constant = value.ok() ? *value : columnar::Scalar::Null(field.type);
    }
    outputs.push_back(std::move(output));
  }
  // Only partition columns wanted: one file column is still read, to know how many rows there are.
  if (file_columns.empty()) file_columns.push_back(data_schema_->field(0).name);
  formats::PushdownPredicate file_predicate;
  for (const auto& term : predicate) {
    if (data_schema_->FieldIndex(term.column)) file_predicate.push_back(term);
  }
  auto opened = store_->OpenObject(object.bucket, object.key);
  if (!opened.ok()) {
    return opened.status().WithContext(fmt::format("{}: reading {}", name_, object.uri()));
  }
  ASSIGN_OR_RETURN(auto file, formats::MapDescriptor(opened->file.fd(), opened->info.size, object.uri()));
  counters_->objects.fetch_add(1, std::memory_order_relaxed);
  counters_->bytes.fetch_add(static_cast<int64_t>(opened->info.size), std::memory_order_relaxed);
  auto reader = OpenFileReader(file, read_, data_schema_, file_columns, file_predicate, parallelism_);
  if (!reader.ok()) return reader.status().WithContext(object.uri());
  return std::unique_ptr<formats::BatchReader>(
      new PieceReader(*std::move(reader), columnar::MakeSchema(std::move(fields)), std::move(outputs), counters_));
}

std::string ObjectDataSource::ToString() const {
  return fmt::format("{} ({}, {} object{})", name_, DataFormatName(read_.format), objects_.size(),
                     objects_.size() == 1 ? "" : "s");
}

}  // namespace sluice::jobs
