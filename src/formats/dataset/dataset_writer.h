// DatasetWriter: writes a stream of record batches as files of one format, either all into
// one folder or split into Hive-style partition folders ("year=2024/month=01/"), starting a
// new file whenever one reaches a target size. The engine's write operator, job sinks and
// `sluice convert --partition-by` use it. Partition columns are taken out of the files (their
// values live in the folder names), as Hive, Spark, Athena and AWS Glue expect.
//
// Where files go is the caller's choice (a FileOpener): a local folder, or an object store.
// At most max_open_files files are open at once (the least recently written one is closed,
// and its partition continues in a new file), so memory stays bounded with many partitions.
//
// Thread safety: used by one thread at a time.
#pragma once

#include <cstdint>
#include <functional>
#include <list>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "columnar/record_batch.h"
#include "common/status.h"
#include "formats/file_format.h"

namespace sluice::formats {

// Opens a new file at a path relative to the dataset root ("year=2024/part-00000-ab12.parquet").
using FileOpener = std::function<Result<std::unique_ptr<OutputStream>>(const std::string& relative_path)>;

// Files under a local folder (created as needed). A path that would leave `root` is refused.
FileOpener LocalFolderOpener(std::string root);

struct DatasetWriteOptions {
  // Format, file compression and per-format options of every file.
  WriteOptions file;
  // Columns whose values name the partition folders, outermost first.
  std::vector<std::string> partition_by;
  // Start a new file once one holds at least this many bytes; 0: one file per partition.
  // Checked after each batch, on bytes that reached the file: compressed CSV/JSON reach it
  // in 256 KiB steps and Parquet a row group at a time, so files overshoot by up to that.
  uint64_t target_file_bytes = 0;
  size_t max_open_files = 64;
  // File names: <prefix>-<counter, 5 digits>-<8 random hex digits><format ext><compression ext>.
  std::string file_prefix = "part";

  Status Validate() const;
};

struct WrittenFile {
  std::string path;  // relative to the root
  std::vector<std::pair<std::string, std::string>> partition;  // unescaped key, value
  int64_t rows = 0;
  uint64_t bytes = 0;
};

class DatasetWriter {
 public:
  // InvalidArgument for bad options, a partition column the schema lacks or of a nested type,
  // or partitioning by every column.
  static Result<std::unique_ptr<DatasetWriter>> Make(columnar::SchemaPtr schema, DatasetWriteOptions options,
                                                     FileOpener opener);
  ~DatasetWriter();

  // REQUIRES: batch.schema() equals the schema given to Make.
  Status Write(const columnar::RecordBatch& batch);
  // Closes every open file (flushing footers). Files are complete only after Close.
  Status Close();

  // The schema of the files (the partition columns left out).
  const columnar::SchemaPtr& file_schema() const { return file_schema_; }
  // Every file written so far (all of them after Close), in the order they were started.
  const std::vector<WrittenFile>& files() const { return files_; }
  int64_t rows_written() const { return rows_written_; }

 private:
  struct OpenFile;
  struct Partition;
  DatasetWriter() = default;
  Status WriteToPartition(Partition& partition, const columnar::RecordBatch& rows);
  Status OpenFileFor(Partition& partition);
  Status CloseFile(Partition& partition);

  columnar::SchemaPtr schema_;
  columnar::SchemaPtr file_schema_;
  DatasetWriteOptions options_;
  FileOpener opener_;
  std::vector<size_t> partition_columns_;  // indexes in schema_
  std::vector<size_t> file_columns_;       // indexes in schema_
  std::string run_id_;
  int64_t file_counter_ = 0;
  int64_t rows_written_ = 0;
  std::map<std::string, std::unique_ptr<Partition>> partitions_;  // by relative folder
  std::list<Partition*> open_order_;  // least recently written first
  std::vector<WrittenFile> files_;
  bool closed_ = false;
};

}  // namespace sluice::formats
