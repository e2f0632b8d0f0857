// Test helpers for engine unit tests: columns and batches written as text ("1", "NULL",
// "2024-01-31") and read back as text, so table-driven cases stay short.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "columnar/builder.h"
#include "columnar/record_batch.h"
#include "engine/expr/cast.h"

namespace sluice::engine::testing {

// A column of `type` from text values; "NULL" is a NULL.
inline columnar::ColumnPtr MakeColumn(const columnar::TypePtr& type, const std::vector<std::string>& values) {
  columnar::StringBuilder builder(columnar::DataType::String());
  for (const auto& v : values) {
    if (v == "NULL") builder.AppendNull();
    else builder.Append(v);
  }
  auto text = builder.Finish();
  auto cast = CastColumn(text, type);
  EXPECT_TRUE(cast.ok()) << cast.status().ToString();
  return cast.ok() ? *cast : text;
}

// A batch from (name, column) pairs.
inline columnar::BatchPtr MakeBatch(const std::vector<std::pair<std::string, columnar::ColumnPtr>>& columns) {
  std::vector<columnar::Field> fields;
  std::vector<columnar::ColumnPtr> data;
  int64_t rows = columns.empty() ? 0 : columns[0].second->length();
  for (const auto& [name, column] : columns) {
    fields.push_back({name, column->type(), true});
    data.push_back(column);
  }
  return columnar::RecordBatch::Make(columnar::MakeSchema(std::move(fields)), rows, std::move(data));
}

// The values of a column as text ("NULL" for NULL).
inline std::vector<std::string> Texts(const columnar::Column& column) {
  std::vector<std::string> out;
  for (int64_t i = 0; i < column.length(); ++i) out.push_back(column.ValueToString(i));
  return out;
}

// Every row of a batch as "v1|v2|...".
inline std::vector<std::string> Rows(const columnar::RecordBatch& batch) {
  std::vector<std::string> out;
  for (int64_t i = 0; i < batch.num_rows(); ++i) {
    std::string row;
    for (size_t c = 0; c < batch.num_columns(); ++c) {
      if (c) row += '|';
      row += batch.column(c)->ValueToString(i);
    }
    out.push_back(row);
  }
  return out;
}

}  // namespace sluice::engine::testing
