// Deciding which classified files form which table, and which folders are its partitions: the
// crawler's table-or-partition decision, explained folder by folder.
//
// Starting at the include path, a folder is the root of one table when everything under it
// can share one table:
//   - one format: the same classification, compression and format details (delimiter,
//     header, ...) for every file;
//   - one structure: every file sits at the same depth below the folder;
//   - similar schemas: each leaf folder's columns cover more than 70% of the union of all
//     of them (skipped with the CombineCompatibleSchemas grouping policy);
//   - every leaf folder is itself uniform.
// Otherwise each subfolder is considered on its own, and files lying directly in such a folder
// become tables of their own, named after the file. With TableLevelConfiguration the table
// roots are the folders at that absolute level (the bucket is level 1) instead.
//
// Below a table root, each level of folders becomes a partition key: "key=value" folder names
// give the key "key" (lowercased) and the value "value"; other names give partition_0,
// partition_1, ... with the folder name as value. Each leaf folder is one partition.
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "catalog/model.h"
#include "crawler/crawl/file_schema.h"
#include "crawler/crawler_definition.h"

namespace sluice::crawler {

struct CrawledFile {
  std::string key;       // the object key
  std::string relative;  // the key relative to the include path ("year=2024/a.csv")
  uint64_t size = 0;
  FileSchema schema;
  bool sampled = true;  // false: not read (SampleSize); its schema is its folder's
};

// Sizes and sampled record statistics, for the table and partition parameters.
struct DataStatistics {
  int64_t objects = 0;
  int64_t bytes = 0;
  int64_t sampled_records = 0;
  int64_t sampled_bytes = 0;
  void Add(const CrawledFile& file);
  void Add(const DataStatistics& other);
  // Records estimated from the sample: bytes / average record size.
  int64_t EstimatedRecords() const;
  int64_t AverageRecordSize() const;
};

struct PartitionLayout {
  std::vector<std::string> values;
  std::string folder;    // relative to the include path, with a trailing '/'
  std::string location;  // s3://bucket/.../ with a trailing '/'
  FileSchema schema;     // merged over the partition's files
  DataStatistics statistics;
};

struct TableLayout {
  std::string name;      // from the folder or file name; not yet sanitised or prefixed
  std::string root;      // relative to the include path ("" for the include path itself)
  std::string location;  // s3://bucket/path/ (or the object's own URL for a one-file table)
  FileSchema schema;     // merged over every file of the table
  std::vector<catalog::Column> partition_keys;
  std::vector<PartitionLayout> partitions;  // empty for an unpartitioned table
  DataStatistics statistics;
  std::string reason;  // why these files form one table
};

struct LayoutInput {
  std::string bucket;
  std::string prefix;  // the include path's folder: "" or "data/sales/"
  bool single_object = false;  // the include path names one object (prefix is its key)
  const CrawlerConfiguration* config = nullptr;
};

// Groups `files` (classified files only) into tables. `log` receives one line per folder
// decision.
std::vector<TableLayout> LayoutTables(const LayoutInput& input, const std::vector<CrawledFile>& files,
                                      std::vector<std::string>* log);

// A table name from a folder or file name: lowercase, every character other than a-z, 0-9
// and _ becomes _.
std::string SanitizeTableName(std::string_view name);

}  // namespace sluice::crawler
