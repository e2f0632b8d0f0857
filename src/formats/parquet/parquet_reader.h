// Reading Parquet files as record batches: the BatchReader the engine's scans, the crawler and
// the file tools use. Streams at most one batch at a time per column (never a whole row group
// or file), reads only the column chunks of the projected columns, and skips row groups whose
// statistics rule out a pushed-down predicate. Also the cheap footer-only look at a file
// (schema, row count) the crawler uses on object-store blobs. What is supported, and how types
// map: docs/formats/parquet.md.
//
// Thread safety: a reader is used by one thread at a time (it may decode columns on
// `parallelism` threads of its own); ReadParquetFileInfo is a pure function.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "columnar/record_batch.h"
#include "common/status.h"
#include "formats/batch_stream.h"
#include "formats/io.h"
#include "formats/parquet/parquet_file.h"

namespace sluice::formats::parquet {

struct ParquetReadOptions {
  // Top-level columns to read, in this order (names match exactly, else ignoring case);
  // nullopt reads all of them; an empty list reads none (batches then only count rows).
  std::optional<std::vector<std::string>> columns;
  // Row groups whose statistics prove no row matches are skipped (rows are not filtered).
  PushdownPredicate predicate;
  // Only these row groups (in this order), e.g. to split one file between scan threads.
  std::optional<std::vector<int>> row_groups;
  // Rows per batch, at most (a batch never spans row groups, and lists of many elements
  // make batches smaller).
  int64_t batch_rows = columnar::kDefaultBatchRows;
  // Threads decoding columns of one batch at once (the caller's thread counts as one).
  size_t parallelism = 1;
  // Check page CRCs when pages carry them.
  bool verify_checksums = true;
  // Safety limits against hostile files: the largest decompressed page, the most string bytes
  // and the most level entries (values, nulls, empty lists) per column in one batch.
  uint64_t max_page_bytes = uint64_t{512} << 20;
  size_t max_batch_bytes = size_t{1} << 31;
  int64_t max_batch_entries = int64_t{1} << 26;
  // A repeated column's batch ends at the first row boundary past this many entries.
  int64_t target_batch_entries = int64_t{1} << 22;

  static ParquetReadOptions Defaults() { return ParquetReadOptions{}; }
  // InvalidArgument for non-positive sizes.
  Status Validate() const;
};

// A reader over an opened file. InvalidArgument for a projected column the file lacks or a row
// group index out of range. Errors from Next() name the file, row group, column and offset.
Result<std::unique_ptr<BatchReader>> OpenParquetReader(std::shared_ptr<const ParquetFile> file,
                                                       ParquetReadOptions options = {});
// Opens the file, then the reader.
Result<std::unique_ptr<BatchReader>> OpenParquetReader(InputFilePtr file, ParquetReadOptions options = {});

// What the footer says about a file, without reading any column data.
struct ParquetFileInfo {
  columnar::SchemaPtr schema;
  int64_t num_rows = 0;
  int num_row_groups = 0;
  std::string created_by;
  std::vector<std::pair<std::string, std::string>> key_value_metadata;
};
Result<ParquetFileInfo> ReadParquetFileInfo(const InputFilePtr& file);

}  // namespace sluice::formats::parquet
