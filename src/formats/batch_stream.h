// The streaming interfaces every file format implements: a BatchReader yields record batches
// (bounded memory: one batch at a time), a BatchWriter consumes them. The engine's scans and
// writes, the crawler's sampling and the `sluice` file tools all go through these.
//
// Thread safety: a reader or writer is used by one thread at a time.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "columnar/record_batch.h"
#include "columnar/scalar.h"
#include "common/status.h"

namespace sluice::formats {

class BatchReader {
 public:
  virtual ~BatchReader() = default;
  // The schema of every batch this reader returns (after projection).
  virtual const columnar::SchemaPtr& schema() const = 0;
  // The next batch, or nullptr at the end. Errors name the file and the offset or line.
  virtual Result<columnar::BatchPtr> Next() = 0;
};

class BatchWriter {
 public:
  virtual ~BatchWriter() = default;
  // REQUIRES: batch.schema() equals the schema the writer was created with.
  virtual Status Write(const columnar::RecordBatch& batch) = 0;
  // Writes what is buffered (Parquet: the last row group and the footer) and closes the stream.
  virtual Status Close() = 0;
  // Rows written so far.
  virtual int64_t rows_written() const = 0;
};

// A predicate a reader may use to skip data it can prove holds no matching rows (Parquet row
// groups by their statistics). Readers are free to ignore it: the engine still filters rows,
// so pushing a predicate down changes speed, never results.
enum class PredicateOp { kEq, kNe, kLt, kLe, kGt, kGe, kIsNull, kIsNotNull, kIn };

struct ColumnPredicate {
  std::string column;                   // top-level column name
  PredicateOp op;
  std::vector<columnar::Scalar> values;  // one value; several for kIn; none for null tests
};

// All must hold (AND).
using PushdownPredicate = std::vector<ColumnPredicate>;

// Whether a chunk whose values of the predicate's column lie in [min, max] (either unknown
// when absent), with `null_count` nulls out of `value_count`, may hold a matching row.
bool MayMatch(const ColumnPredicate& predicate, const std::optional<columnar::Scalar>& min,
              const std::optional<columnar::Scalar>& max, int64_t null_count, int64_t value_count);

}  // namespace sluice::formats
