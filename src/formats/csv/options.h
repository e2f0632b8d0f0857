// Options for reading and writing CSV, Arrow-style: plain structs whose fields document their
// defaults, with Defaults() and Validate(). A dialect field left empty (nullopt) is sniffed
// from a sample of the file (see sniffer.h).
//
// Thread safety: plain values.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "columnar/record_batch.h"
#include "columnar/type.h"
#include "common/status.h"
#include "formats/csv/block_pipeline.h"
#include "formats/inference/column_inference.h"

namespace sluice::formats::csv {

// How fields are separated and quoted.
struct CsvDialect {
  char delimiter = ',';
  // '\0' means fields are never quoted.
  char quote = '"';
  // Inside a quoted field, the character that makes the next quote literal: the quote itself
  // (RFC 4180 doubling, "" → ") or another one such as '\\' (then \" → " and \\ → \).
  char escape = '"';
};

enum class HeaderMode : uint8_t { kAuto, kPresent, kAbsent };

struct CsvReadOptions {
  // Dialect: nullopt fields are sniffed (delimiter among , ; TAB |, quote among " ' and none).
  std::optional<char> delimiter;
  std::optional<char> quote;
  std::optional<char> escape;  // default: the quote character (doubling)
  HeaderMode header = HeaderMode::kAuto;
  // With header kAuto: whether a first row of names over columns that are all text counts as
  // a header (true, like DuckDB) or not (false, like AWS Glue's built-in CSV classifier).
  bool header_when_all_text = true;
  // Field texts read as NULL. A quoted empty field ("") is an empty string in text columns.
  std::vector<std::string> null_values = {""};
  // Column names to use instead of the header's (or of column0, column1, ...).
  std::vector<std::string> column_names;
  // Types for some columns by name, bypassing inference for them.
  std::map<std::string, columnar::TypePtr> column_types;
  // A full schema (names and types, in file order): no inference at all.
  columnar::SchemaPtr schema;
  // Only these columns, in this order (projection); empty means all.
  std::vector<std::string> include_columns;
  inference::InferenceOptions inference;
  // Rows sampled for sniffing and type inference; -1 infers over the whole file first.
  int64_t sample_rows = 20480;
  // At most this many bytes are sampled (the rows above may end earlier).
  size_t sample_bytes = 8 << 20;
  // Malformed rows: kFail stops with file and line, kSkip leaves them out and counts them.
  ErrorPolicy on_error = ErrorPolicy::kFail;
  // Bytes of input parsed per task; batches are then cut to batch_rows.
  size_t block_bytes = 4 << 20;
  // A row longer than this is an error whatever the policy (usually an unterminated quote).
  size_t max_row_bytes = 64 << 20;
  // More columns than this is an error (a bound on memory for hostile files).
  size_t max_columns = 16384;
  // Threads parsing blocks; 0 means one per core.
  size_t parallelism = 0;
  int64_t batch_rows = columnar::kDefaultBatchRows;

  static CsvReadOptions Defaults() { return CsvReadOptions(); }
  // InvalidArgument naming the bad option.
  Status Validate() const;
};

struct CsvWriteOptions {
  CsvDialect dialect;
  bool header = true;
  // How NULL is written; empty strings are written quoted ("") so the two stay apart.
  std::string null_string;
  // "\n" or "\r\n".
  std::string line_terminator = "\n";
  // Quote every text field, not only those that need it.
  bool quote_all = false;

  static CsvWriteOptions Defaults() { return CsvWriteOptions(); }
  Status Validate() const;
};

// The dialect checks both share: delimiter, quote and escape distinct where they must be,
// none of them a line break.
Status ValidateDialect(const CsvDialect& dialect);

}  // namespace sluice::formats::csv
