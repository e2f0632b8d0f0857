// Spill files: where the sort puts sorted runs that do not fit in its memory budget. A spill
// file is a private temporary file (created in the temp directory and unlinked at once, so
// nothing is left behind even after kill -9), written as a sequence of batches and then read
// back in the same order, one batch at a time.
//
// Layout (native byte order; this process is the only reader): per batch, "SPL1", u64 rows,
// then each column recursively: u64 null count, validity (u8 present + bytes), values buffer
// (u64 size + bytes), data buffer (u64 size + bytes), u32 child count + children. Columns must
// start at offset 0 with their children compacted (what selection.h's Take produces).
//
// Thread safety: one thread at a time.
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>

#include "columnar/record_batch.h"
#include "common/status.h"

namespace sluice::engine {

class SpillFile {
 public:
  // A new, already unlinked, temporary file in `directory`. IoError when it cannot be made.
  static Result<std::unique_ptr<SpillFile>> Create(const std::string& directory);
  ~SpillFile();
  SpillFile(const SpillFile&) = delete;
  SpillFile& operator=(const SpillFile&) = delete;

  // Writing phase. REQUIRES: every column at offset 0 (see above).
  Status Append(const columnar::RecordBatch& batch);
  // Ends writing; reading starts at the first batch.
  Status StartReading();
  // The next batch (of `schema`), or null after the last. DataLoss when the file is damaged.
  Result<columnar::BatchPtr> ReadNext(const columnar::SchemaPtr& schema);
  int64_t bytes_written() const { return bytes_written_; }

 private:
  explicit SpillFile(std::FILE* file) : file_(file) {}
  std::FILE* file_;
  int64_t bytes_written_ = 0;
};

}  // namespace sluice::engine
