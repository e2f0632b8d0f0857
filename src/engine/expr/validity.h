// Validity bitmaps for kernel outputs: copying a column's bitmap to offset 0, AND-ing the
// bitmaps of a kernel's inputs (a result is NULL when any input is), and a writer for kernels
// that decide nullness row by row. Works a 64-bit word at a time at any bit offset.
//
// Thread safety: pure functions over immutable inputs; a ValidityWriter belongs to one thread.
#pragma once

#include <cstdint>
#include <vector>

#include "columnar/buffer.h"
#include "columnar/column.h"

namespace sluice::engine {

// The 64 bits of `bits` starting at bit `offset`, of which only the first `available` (1..64)
// are read; the rest are zero.
uint64_t LoadBits(const uint8_t* bits, int64_t offset, int64_t available);

// A fresh bitmap (offset 0) holding the column's validity, or null when it has no nulls.
columnar::BufferPtr CopyValidity(const columnar::Column& column);
// The AND of the validity of the given columns (null entries are skipped) over `rows` rows, or
// null when none of them has nulls.
columnar::BufferPtr AndValidity(const std::vector<const columnar::Column*>& columns, int64_t rows);
// A bitmap of `rows` bits, all set.
columnar::BufferPtr AllValidBitmap(int64_t rows);

// Builds a validity bitmap row by row when a kernel may turn a row NULL (division by zero, a
// failed "try" cast). Starts from an existing bitmap (or all valid).
class ValidityWriter {
 public:
  // `initial` may be null (all valid); it is copied, not modified.
  ValidityWriter(const columnar::BufferPtr& initial, int64_t rows);
  bool IsValid(int64_t row) const { return !bits_ || columnar::GetBit(bits_->data(), row); }
  void SetNull(int64_t row);
  // The bitmap (null when every row is valid) and the number of nulls.
  columnar::BufferPtr Finish(int64_t* null_count);

 private:
  columnar::BufferPtr bits_;
  int64_t rows_;
};

}  // namespace sluice::engine
