// What a visual job's S3 and catalog nodes ask of the data layer, in one place: how to read
// objects (format, CSV dialect, JSON path, recursion, exclusions, bookmark band) and how to
// write them (format, compression, partition keys). Source and target nodes fill these from
// their Glue configuration; data/ turns them into engine data sources and write targets.
//
// Thread safety: plain values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "columnar/schema.h"

namespace sluice::jobs {

enum class DataFormat { kCsv, kJson, kParquet };
// "csv", "json", "parquet".
std::string_view DataFormatName(DataFormat format);

struct CsvSettings {
  char separator = ',';
  char quote = '"';  // '\0': no quoting
  std::optional<char> escaper;
  bool with_header = false;
  bool skip_first = false;  // skip the first line of each file (without using it as a header)
  bool multiline = false;   // quoted fields may span lines
};

struct ReadSpec {
  DataFormat format = DataFormat::kCsv;
  CsvSettings csv;
  std::string json_path;  // "" or "$[*]": records; JSONPath to the records otherwise
  bool recurse = true;    // read objects in folders below each path
  std::vector<std::string> exclusions;  // glob patterns relative to each path
  // Bookmarks: objects modified within this many milliseconds before a run are tracked by
  // name, to tolerate writes that become visible late (Glue's MaxBand).
  int64_t max_band_ms = 900000;
  // Stop after this many files / bytes (AdditionalOptions.BoundedFiles / BoundedSize).
  std::optional<int64_t> bounded_files;
  std::optional<int64_t> bounded_size;
  // The schema the node declares (OutputSchemas), used when there is no object to infer one.
  std::vector<columnar::Field> declared_schema;
};

struct S3SourceSpec {
  std::vector<std::string> paths;  // s3://bucket/prefix/ or s3://bucket/key
  ReadSpec read;
};

struct CatalogSourceSpec {
  std::string database;
  std::string table;
  std::string partition_predicate;  // Spark SQL over partition columns; "" for all
};

struct WriteSpec {
  DataFormat format = DataFormat::kParquet;
  // csv/json: "none", "gzip", "bzip2", "zstd"; parquet: "snappy", "gzip", "zstd", "lz4",
  // "uncompressed"/"none".
  std::string compression;
  std::vector<std::string> partition_keys;  // top-level columns, folders key=value/
  CsvSettings csv;                          // separator and quote for CSV output (header written)
};

struct S3TargetSpec {
  std::string path;  // s3://bucket/prefix/
  WriteSpec write;
};

}  // namespace sluice::jobs
