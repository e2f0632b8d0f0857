// RecordConverter: appends JSON records to column builders for a known schema, one record at a
// time, walking each record once with simdjson's On-Demand API. The schema is compiled into a
// tree of converters (one per field, nested for structs, lists and maps), so each value costs
// one switch on its converter's kind, never a lookup by type.
//
// Conversion rules (docs/formats/type-inference.md): JSON null is NULL for any type; a field
// missing from a record is NULL; a repeated key keeps its first value; integers fill integer,
// decimal and floating columns, other numbers floating and decimal ones; ISO 8601 strings fill
// date and timestamp columns; text columns take any value, non-strings as their JSON text.
// Anything else (a string in a bigint column, an object in an array column, invalid JSON) is
// NULL and makes the record malformed. Fields the schema does not have are skipped and
// counted.
//
// Thread safety: one converter per thread.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "columnar/builder.h"
#include "columnar/schema.h"

namespace sluice::formats::json {

class RecordConverter {
 public:
  explicit RecordConverter(columnar::SchemaPtr schema);
  ~RecordConverter();
  RecordConverter(const RecordConverter&) = delete;
  RecordConverter& operator=(const RecordConverter&) = delete;

  // Appends one record as one row (always, so columns stay aligned). `record` must be followed
  // by `readable_after` readable bytes, at least simdjson's 64 bytes of padding. Returns false
  // when the record is malformed, with the reason in *problem (its row then holds NULLs where
  // values did not fit).
  bool Append(std::string_view record, size_t readable_after, std::string* problem);

  int64_t rows() const;
  // Top-level fields seen in records that the schema does not have (they were skipped), and
  // the first such name.
  int64_t unknown_fields() const { return unknown_fields_; }
  const std::string& first_unknown_field() const { return first_unknown_field_; }

  // The columns built so far, one per schema field; the converter starts empty again.
  std::vector<columnar::ColumnPtr> Finish();

  struct Node;

 private:
  columnar::SchemaPtr schema_;
  std::unique_ptr<columnar::StructBuilder> builder_;
  std::unique_ptr<Node> root_;
  int64_t unknown_fields_ = 0;
  std::string first_unknown_field_;
};

}  // namespace sluice::formats::json
