// What classifying one file found: its format (classification, compression and the details
// that decide whether two files can share a table), its columns in Hive types, sample
// statistics, and a one-line explanation for the crawl log.
//
// Thread safety: plain values.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "catalog/model.h"

namespace sluice::crawler {

struct FileSchema {
  std::string classification = "UNKNOWN";  // csv, json, parquet, a Grok classification, UNKNOWN
  std::string compression = "none";        // none, gzip, bzip2, zstd
  std::string classifier;                  // the classifier that decided: "csv", "json", ... or a custom name

  // CSV
  char delimiter = ',';
  bool has_header = false;
  bool quoted = false;        // some sampled field was quoted
  bool open_csv_serde = false;  // OpenCSVSerde rather than LazySimpleSerDe
  char quote = '"';
  // JSON
  std::string json_path;  // custom classifier's JsonPath ("" for line-delimited records)
  // Grok
  std::string grok_pattern;
  std::string grok_custom_patterns;

  std::vector<catalog::Column> columns;
  int64_t sampled_records = 0;
  int64_t sampled_bytes = 0;  // bytes (uncompressed) the sampled records took
  std::string explanation;

  bool known() const { return classification != "UNKNOWN"; }
  // Files may share a table only when their keys are equal: format, compression and the
  // format details a table's SerDe fixes (delimiter, header, JSON path, Grok pattern).
  std::string CompatibilityKey() const;
  // The same, for people: "csv (gzip), delimiter ',', header", "json", "parquet".
  std::string FormatDescription() const;
};

}  // namespace sluice::crawler
