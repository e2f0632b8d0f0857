// The column of one leaf being built for a batch: slots of fixed-width values or byte arrays,
// plus a validity bitmap that is only materialised once a null arrives. Decoders append dense
// (non-null) values at the end and Spread() moves them out to their slots, leaving null slots
// empty; Finish() makes the columnar::Column. Also holds a converted dictionary (no validity).
//
// Thread safety: one thread at a time.
#pragma once

#include <cstdint>
#include <cstring>

#include "columnar/column.h"
#include "formats/parquet/byte_array_output.h"

namespace sluice::formats::parquet {

class LeafBuilder {
 public:
  // `width`: bytes per value for fixed-width columns; 0 for byte arrays (string, binary);
  // -1 for the null type (no values at all).
  explicit LeafBuilder(int width = -1) { Reset(width); }
  void Reset(int width);

  int width() const { return width_; }
  // The most bytes of byte arrays a batch may hold (kept across Reset and Finish).
  void set_byte_limit(size_t limit) {
    byte_limit_ = limit;
    strings_.set_byte_limit(limit);
  }
  bool is_byte_array() const { return width_ == 0; }
  // Slots so far (values plus nulls), or dense values while appending.
  int64_t length() const { return width_ == 0 ? strings_.count() : length_; }

  // Room for `slots` more slots and, for byte arrays, about `bytes` more bytes (a hint: past the
  // byte limit it reserves nothing).
  void Reserve(int64_t slots, size_t bytes);
  // Fixed width: room for `n` more values; returns where the next value goes.
  uint8_t* ClaimFixed(size_t n);
  void CommitFixed(size_t n) { length_ += static_cast<int64_t>(n); }
  // Base of the fixed-width values (slot 0).
  const uint8_t* fixed_data() const { return values_->data(); }
  ByteArrayOutput& strings() { return strings_; }
  const ByteArrayOutput& strings() const { return strings_; }

  // Validity of the slots appended from here on: call one per slot group, before Spread.
  // Appends `n` slots that all hold values.
  void AppendValid(int64_t n);
  // Appends one validity bit per slot from `bits` (0 or 1 bytes).
  void AppendValidity(const uint8_t* valid, int64_t n);
  int64_t slots() const { return validity_length_; }
  int64_t null_count() const { return null_count_; }

  // The last `slots` slots received `dense` values at their front; moves each value to its slot
  // (per the validity appended for them) and makes null slots empty. For the null type, counts.
  void Spread(int64_t slots, int64_t dense);

  // The column (length = slots()); the builder is empty afterwards.
  columnar::ColumnPtr Finish(const columnar::TypePtr& type);

 private:
  void MaterialiseValidity();

  int width_ = -1;
  size_t byte_limit_ = size_t{1} << 40;
  columnar::BufferPtr values_;
  int64_t length_ = 0;  // fixed-width values present (dense + slots)
  ByteArrayOutput strings_;
  columnar::BufferPtr validity_;  // null until the first null
  int64_t validity_length_ = 0;
  int64_t null_count_ = 0;
};

}  // namespace sluice::formats::parquet
