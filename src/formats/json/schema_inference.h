// JSON schema inference: reads sample records and works out one type per field, recursively,
// by the rules written in docs/formats/type-inference.md:
//
//   - JSON's own kinds decide: true/false → boolean; integers → bigint (int with
//     min_integer_bits 32 when they fit), integers past bigint → decimal(p,0); numbers with a
//     fraction or exponent → double; an int field that also holds floats → double.
//   - strings stay string, unless every one is an ISO 8601 date (→ date) or timestamp
//     (→ timestamp, or timestamp with a time zone when they carry one).
//   - objects → struct<...> with the union of the keys seen, in first-seen order; a field
//     missing from a record is NULL there. An object field with more distinct keys than
//     map_threshold becomes map<string,T>.
//   - arrays → array<T>, T unifying every element of every array.
//   - null is no evidence; a field only ever null becomes string.
//   - a field seen as two kinds (number and string, object and array, ...) → string, holding
//     each value's JSON text.
//
// Thread safety: one object per inference, used by one thread.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "columnar/schema.h"
#include "common/status.h"
#include "formats/inference/column_inference.h"
#include "formats/json/options.h"

namespace sluice::formats::json {

class JsonSchemaInference {
 public:
  // More than `max_columns` distinct top-level fields makes AddRecord fail.
  JsonSchemaInference(const inference::InferenceOptions& options, size_t map_threshold,
                      size_t max_columns = SIZE_MAX);
  ~JsonSchemaInference();
  JsonSchemaInference(const JsonSchemaInference&) = delete;
  JsonSchemaInference& operator=(const JsonSchemaInference&) = delete;

  // Adds one record. `padded` must have SIMDJSON_PADDING readable bytes after `record`.
  // InvalidArgument when it is not valid JSON or not an object.
  Status AddRecord(std::string_view record, size_t readable_after);

  int64_t records() const { return records_; }
  // The schema so far (fields only ever null are string), and why each top-level field got its
  // type.
  columnar::SchemaPtr Finish() const;
  std::vector<std::string> Reasons() const;

  struct Node;

 private:
  std::unique_ptr<Node> root_;
  inference::InferenceOptions options_;
  size_t map_threshold_;
  size_t max_columns_;
  int64_t records_ = 0;
};

// Schema inference over a sample of a JSON file's start (the first bytes of an object, or all
// of it when `whole_file`): resolves the layout, then infers from up to options.sample_rows
// whole records (malformed ones are passed over), applying options.column_types.
struct JsonSampleSchema {
  JsonFormat format = JsonFormat::kLines;
  size_t data_offset = 0;     // where the first record starts (after '[' for arrays)
  int64_t first_line = 1;     // the line number of data_offset
  columnar::SchemaPtr schema;
  std::vector<std::string> reasons;
  int64_t records = 0;
};
// InvalidArgument when the sample holds no valid record.
Result<JsonSampleSchema> InferJsonSampleSchema(std::string_view sample, bool whole_file,
                                               const JsonReadOptions& options);

}  // namespace sluice::formats::json
