// RecordBatch: rows as a set of equal-length columns with a schema, the unit that flows
// between readers, operators and writers (tens of thousands of rows at a time).
//
// Thread safety: immutable; share freely through BatchPtr.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "columnar/column.h"
#include "columnar/schema.h"

namespace sluice::columnar {

// The number of rows readers aim for per batch.
inline constexpr int64_t kDefaultBatchRows = 64 * 1024;

class RecordBatch;
using BatchPtr = std::shared_ptr<const RecordBatch>;

class RecordBatch {
 public:
  // REQUIRES: columns match the schema's fields in number and type, each num_rows long.
  RecordBatch(SchemaPtr schema, int64_t num_rows, std::vector<ColumnPtr> columns)
      : schema_(std::move(schema)), num_rows_(num_rows), columns_(std::move(columns)) {}
  static BatchPtr Make(SchemaPtr schema, int64_t num_rows, std::vector<ColumnPtr> columns) {
    return std::make_shared<RecordBatch>(std::move(schema), num_rows, std::move(columns));
  }

  const SchemaPtr& schema() const { return schema_; }
  int64_t num_rows() const { return num_rows_; }
  size_t num_columns() const { return columns_.size(); }
  const ColumnPtr& column(size_t i) const { return columns_[i]; }
  const std::vector<ColumnPtr>& columns() const { return columns_; }

  // Zero-copy rows [offset, offset + length).
  BatchPtr Slice(int64_t offset, int64_t length) const;
  // Checks the invariants above; InvalidArgument naming the first violation.
  Status Validate() const;
  int64_t MemoryBytes() const;

 private:
  SchemaPtr schema_;
  int64_t num_rows_;
  std::vector<ColumnPtr> columns_;
};

}  // namespace sluice::columnar
