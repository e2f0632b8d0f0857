// Record batches: see record_batch.h.
#include "columnar/record_batch.h"

#include <fmt/format.h>

namespace sluice::columnar {

BatchPtr RecordBatch::Slice(int64_t offset, int64_t length) const {
  std::vector<ColumnPtr> columns;
  columns.reserve(columns_.size());
  for (const auto& column : columns_) columns.push_back(column->Slice(offset, length));
  return Make(schema_, length, std::move(columns));
}

Status RecordBatch::Validate() const {
  if (columns_.size() != schema_->num_fields()) {
    return InvalidArgument(fmt::format("batch has {} columns but its schema has {} fields", columns_.size(),
                                       schema_->num_fields()));
  }
  for (size_t i = 0; i < columns_.size(); ++i) {
    const Field& field = schema_->field(i);
    if (columns_[i]->length() != num_rows_) {
      return InvalidArgument(fmt::format("column '{}' has {} rows, the batch {}", field.name, columns_[i]->length(),
                                         num_rows_));
    }
    if (!columns_[i]->type()->Equals(*field.type)) {
      return InvalidArgument(fmt::format("column '{}' is {} but the schema says {}", field.name,
                                         TypeName(*columns_[i]->type()), TypeName(*field.type)));
    }
  }
  return Status::Ok();
}

int64_t RecordBatch::MemoryBytes() const {
  int64_t bytes = 0;
  for (const auto& column : columns_) bytes += column->MemoryBytes();
  return bytes;
}

}  // namespace sluice::columnar
