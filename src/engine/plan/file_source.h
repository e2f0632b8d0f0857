// A DataSource over files (CSV, JSON lines, Parquet; CSV and JSON may be compressed): the paths
// given, with folders listed recursively (names starting with '.' or '_', such as _SUCCESS, are
// skipped), read in sorted order through formats/file_format.h. Hive partition folders
// (`country=FR/year=2024/`) become columns at the end of the schema, typed string as Glue's
// crawler types them; a scan predicate on them skips whole files.
//
// The schema comes from the options (csv.schema / json.schema) or is inferred from the first
// file and then imposed on every file, so all files are read alike. Parquet files whose column
// types differ from the first file's are cast to them (e.g. int to bigint).
//
// Thread safety: immutable after Make; OpenPiece may run on several threads at once.
#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "engine/plan/data_source.h"
#include "formats/file_format.h"

namespace sluice::engine {

struct FileSourceOptions {
  formats::ReadOptions read;
  // Read `key=value` folders under a listed folder as partition columns.
  bool hive_partitioning = true;
  // Threads a reader may use to parse or decode ahead (0: one per core).
  size_t reader_parallelism = 0;
};

// InvalidArgument when a path does not exist or there are no files; errors from inference
// name the file.
Result<DataSourcePtr> MakeFileSource(const std::vector<std::string>& paths, FileSourceOptions options = {});

// One file of a source that is not a local path (an object-store blob): its name for messages,
// its Hive partition values (key, unescaped value) and how to open it.
struct SourceFile {
  std::string name;
  std::vector<std::pair<std::string, std::string>> partition;
  std::function<Result<formats::InputFilePtr>()> open;
};

// A source over files listed by the caller (in the order given), e.g. objects under an S3
// prefix. Partition columns come from the files' `partition` values.
Result<DataSourcePtr> MakeFileSource(std::vector<SourceFile> files, FileSourceOptions options = {});

}  // namespace sluice::engine
