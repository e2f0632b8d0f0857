// Options for reading and writing JSON records: JSON lines (one value per line), a top-level
// array of records, or records one after another spread over lines (pretty-printed). Plain
// structs with Defaults() and Validate(), like the CSV options.
//
// Thread safety: plain values.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "columnar/record_batch.h"
#include "columnar/schema.h"
#include "common/status.h"
#include "formats/csv/block_pipeline.h"
#include "formats/inference/column_inference.h"

namespace sluice::formats::json {

enum class JsonFormat : uint8_t {
  kAuto,          // '[' first: kArray; a first record that ends on its line: kLines; else kConcatenated
  kLines,         // JSON lines / NDJSON: one record per line (blank lines skipped)
  kArray,         // one top-level array whose elements are the records
  kConcatenated,  // records one after another, separated by whitespace, any number of lines each
};

// "auto", "lines", "array", "concatenated".
std::string_view JsonFormatName(JsonFormat format);

struct JsonReadOptions {
  JsonFormat format = JsonFormat::kAuto;
  // Records sampled for type inference; -1 infers over the whole file first.
  int64_t sample_rows = 20480;
  size_t sample_bytes = 8 << 20;
  // Type inference: numbers and booleans come from JSON's own types; strings may become dates
  // and timestamps (ISO 8601 only). See docs/formats/type-inference.md for unification.
  inference::InferenceOptions inference = DefaultInference();
  // An object field with more distinct keys than this (across the sample) becomes
  // map<string,T> instead of a struct with that many fields.
  size_t map_threshold = 200;
  // A full schema (no inference), or types for some top-level fields by name.
  columnar::SchemaPtr schema;
  std::map<std::string, columnar::TypePtr> column_types;
  // Only these top-level fields, in this order; empty means all.
  std::vector<std::string> include_columns;
  // Malformed records (invalid JSON, not an object, a value that does not fit its column).
  ErrorPolicy on_error = ErrorPolicy::kFail;
  size_t block_bytes = 4 << 20;
  // A record longer than this is an error whatever the policy.
  size_t max_record_bytes = 64 << 20;
  // More top-level fields than this across the sample is an error (a bound on memory for
  // hostile files); nested objects past map_threshold keys become maps instead.
  size_t max_columns = 16384;
  // Threads parsing blocks; 0 means one per core.
  size_t parallelism = 0;
  int64_t batch_rows = columnar::kDefaultBatchRows;

  static inference::InferenceOptions DefaultInference() {
    inference::InferenceOptions options;
    options.date_layouts = 1u << static_cast<int>(inference::DateLayout::kIso);
    return options;
  }
  static JsonReadOptions Defaults() { return JsonReadOptions(); }
  Status Validate() const;
};

struct JsonWriteOptions {
  // false: JSON lines; true: one top-level array (one record per line inside it).
  bool array = false;
  // Whether NULL fields are written ("a":null) or left out.
  bool write_nulls = true;

  static JsonWriteOptions Defaults() { return JsonWriteOptions(); }
  Status Validate() const { return Status::Ok(); }
};

}  // namespace sluice::formats::json
