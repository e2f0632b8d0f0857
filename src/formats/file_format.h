// File formats as a whole: which format and compression a file is in (from its name, then its
// bytes), and one place that opens a BatchReader or BatchWriter for any of them. The file
// tools, the engine's scans and writes, and the crawler go through here; a new format is one
// more enum value and one more case in each function of file_format.cc.
//
// Also schema inference for the crawler and `sluice schema`: from a whole file, or from a
// sample (the first bytes of an object), with the reasons and confidence to log.
//
// Thread safety: pure functions; readers and writers are used by one thread at a time.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "columnar/schema.h"
#include "common/status.h"
#include "formats/batch_stream.h"
#include "formats/compression/stream_compression.h"
#include "formats/csv/options.h"
#include "formats/io.h"
#include "formats/json/options.h"
#include "formats/parquet/parquet_reader.h"
#include "formats/parquet/parquet_writer.h"

namespace sluice::formats {

enum class FileFormat : uint8_t { kCsv, kJson, kParquet };

// "csv", "json", "parquet".
std::string_view FileFormatName(FileFormat format);
// Accepts those and "jsonl", "ndjson", "tsv" (CSV), any letter case.
std::optional<FileFormat> ParseFileFormat(std::string_view name);
// By extension, after any compression extension: .csv .tsv .txt, .json .jsonl .ndjson,
// .parquet .pq; nullopt otherwise.
std::optional<FileFormat> FileFormatFromPath(std::string_view path);
// The usual extension: ".csv", ".json" (JSON lines), ".parquet".
std::string_view FileFormatExtension(FileFormat format);
// By name, then by content: "PAR1" at both ends is Parquet; (decompressed) text starting with
// '{' or '[' is JSON; anything else CSV.
Result<FileFormat> DetectFileFormat(const InputFilePtr& file);

struct ReadOptions {
  // nullopt: DetectFileFormat.
  std::optional<FileFormat> format;
  csv::CsvReadOptions csv;
  json::JsonReadOptions json;
  parquet::ParquetReadOptions parquet;

  // Reads text files as `schema` (Parquet files bring their own), keeping only `columns` in that
  // order, skipping Parquet row groups that cannot match `predicate`, on `parallelism` threads
  // (0: the readers' defaults; Parquet then uses one thread per core).
  void Project(const columnar::SchemaPtr& schema, const std::vector<std::string>& columns,
               const PushdownPredicate& predicate, size_t parallelism);
};

// A reader for any format (CSV and JSON decompressed by extension or magic bytes).
Result<std::unique_ptr<BatchReader>> OpenReader(const InputFilePtr& file, const ReadOptions& options);

struct WriteOptions {
  FileFormat format = FileFormat::kParquet;
  // Whole-file compression of CSV and JSON (Parquet compresses pages: parquet.compression).
  StreamCompression compression = StreamCompression::kNone;
  int compression_level = 0;
  csv::CsvWriteOptions csv;
  json::JsonWriteOptions json;
  parquet::ParquetWriteOptions parquet;
};

// A writer of `schema` to `out` (owned and closed by the writer).
Result<std::unique_ptr<BatchWriter>> OpenWriter(std::unique_ptr<OutputStream> out, columnar::SchemaPtr schema,
                                                const WriteOptions& options);

// What inference found out about a file, for `sluice schema` and the crawler.
struct InferredSchema {
  FileFormat format = FileFormat::kCsv;
  StreamCompression compression = StreamCompression::kNone;
  columnar::SchemaPtr schema;
  // Why each column got its type (same order as the schema).
  std::vector<std::string> column_reasons;
  // How the file is laid out: CSV dialect and header, JSON layout, Parquet row count.
  std::vector<std::string> notes;
  // 0..1: how sure the format and layout are (CSV: share of rows with the modal field count).
  double confidence = 1.0;
  int64_t sampled_rows = 0;
  // CSV only: what a table definition needs (SerDe delimiter, quote, skip.header.line.count).
  std::optional<csv::CsvDialect> csv_dialect;
  bool csv_header = false;
  // JSON only.
  std::optional<json::JsonFormat> json_format;
};

// Infers from a whole file (Parquet: its footer; CSV and JSON: a sample of its start).
Result<InferredSchema> InferSchema(const InputFilePtr& file, const ReadOptions& options);

// Infers from the first bytes of a file (`whole_file` when that is all of it). `name` gives
// the format and compression by extension when it has them; compressed samples are
// decompressed as far as they go. Parquet needs the footer: use InferSchema on the file.
Result<InferredSchema> InferSchemaFromSample(std::string_view sample, bool whole_file, std::string_view name,
                                             const ReadOptions& options);

}  // namespace sluice::formats
