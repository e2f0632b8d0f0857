// In-memory data source: see data_source.h.
#include <fmt/format.h>

#include "engine/plan/data_source.h"

namespace sluice::engine {

namespace {

class MemoryReader final : public formats::BatchReader {
 public:
  MemoryReader(columnar::BatchPtr batch, columnar::SchemaPtr schema, std::vector<size_t> columns)
      : batch_(std::move(batch)), schema_(std::move(schema)), columns_(std::move(columns)) {}
  const columnar::SchemaPtr& schema() const override { return schema_; }
  Result<columnar::BatchPtr> Next() override {
    if (!batch_) return columnar::BatchPtr();
    std::vector<columnar::ColumnPtr> columns;
    for (size_t c : columns_) columns.push_back(batch_->column(c));
    auto out = columnar::RecordBatch::Make(schema_, batch_->num_rows(), std::move(columns));
    batch_.reset();
    return out;
  }

 private:
  columnar::BatchPtr batch_;
  columnar::SchemaPtr schema_;
  std::vector<size_t> columns_;
};

class MemorySource final : public DataSource {
 public:
  MemorySource(columnar::SchemaPtr schema, std::vector<columnar::BatchPtr> batches, std::string name)
      : schema_(std::move(schema)), batches_(std::move(batches)), name_(std::move(name)) {}
  const columnar::SchemaPtr& schema() const override { return schema_; }
  size_t piece_count() const override { return batches_.size(); }
  Result<std::unique_ptr<formats::BatchReader>> OpenPiece(size_t piece, const std::vector<size_t>& columns,
                                                          const formats::PushdownPredicate&) const override {
    std::vector<columnar::Field> fields;
    for (size_t c : columns) fields.push_back(schema_->field(c));
    return std::unique_ptr<formats::BatchReader>(
        new MemoryReader(batches_[piece], columnar::MakeSchema(std::move(fields)), columns));
  }
  std::string ToString() const override { return fmt::format("{} ({} batches in memory)", name_, batches_.size()); }

 private:
  columnar::SchemaPtr schema_;
  std::vector<columnar::BatchPtr> batches_;
  std::string name_;
};

}  // namespace

DataSourcePtr MakeMemorySource(columnar::SchemaPtr schema, std::vector<columnar::BatchPtr> batches, std::string name) {
  return std::make_shared<MemorySource>(std::move(schema), std::move(batches), std::move(name));
}

}  // namespace sluice::engine
