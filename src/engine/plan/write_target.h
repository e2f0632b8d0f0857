// WriteTarget: where and how a plan's rows are written — a format, a path, and optionally Hive
// partition columns (folders `key=value/`) and a target file size. The write operator opens a
// session per query and hands it batches in input order; the session reports the files it
// wrote, which become the write's output rows (and what Glue jobs record in the catalog).
//
// Thread safety: a WriteTarget is immutable and shared; a session is used by one thread at a
// time (the write operator serialises calls).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "columnar/record_batch.h"
#include "columnar/schema.h"
#include "common/status.h"

namespace sluice::engine {

struct WrittenFile {
  std::string path;
  // "key=value/key2=value2" for partitioned writes, "" otherwise.
  std::string partition;
  int64_t rows = 0;
  int64_t bytes = 0;
};

class WriteSession {
 public:
  virtual ~WriteSession() = default;
  // REQUIRES: batch has the schema the session was opened with.
  virtual Status Write(const columnar::RecordBatch& batch) = 0;
  // Finishes every file (footers, fsync) and lists them. Called once.
  virtual Result<std::vector<WrittenFile>> Close() = 0;
  // Stops without finishing; files written so far are removed where possible.
  virtual void Abandon() = 0;
};

class WriteTarget {
 public:
  virtual ~WriteTarget() = default;
  // Whether rows of `input` can be written (partition columns exist, the format takes the
  // types); InvalidArgument naming the column otherwise.
  virtual Status Check(const columnar::Schema& input) const = 0;
  virtual Result<std::unique_ptr<WriteSession>> Open(const columnar::SchemaPtr& input) const = 0;
  // One line for plans: "parquet to out/ partitioned by (country)".
  virtual std::string ToString() const = 0;
};

using WriteTargetPtr = std::shared_ptr<const WriteTarget>;

// The schema of a write's output: one row per file (path, partition, rows, bytes).
columnar::SchemaPtr WrittenFilesSchema();

}  // namespace sluice::engine
