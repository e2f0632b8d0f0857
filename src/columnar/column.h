// Column: one column of values of one type, laid out as ../docs/formats/columnar.md describes
// (Arrow-like): an optional validity bitmap, a values or offsets buffer, a data buffer for
// string bytes, and child columns for nested types. A column is immutable once built, and
// slicing is zero-copy (an offset and a length over shared buffers).
//
// Offsets: `offset` applies to this column's own buffers (validity, values/offsets). List and
// map offsets point into their children by absolute position. Struct children are aligned
// with the struct's logical rows (child row i is struct row i): slicing a struct slices its
// children too.
//
// Thread safety: immutable; share freely through ColumnPtr.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "columnar/buffer.h"
#include "columnar/type.h"

namespace sluice::columnar {

class Column;
using ColumnPtr = std::shared_ptr<const Column>;

class Column {
 public:
  // Assembles a column from buffers. `offset` and `length` are in elements. `validity` may be
  // null when there are no nulls; `null_count` of -1 means "count it".
  // REQUIRES: the buffers are large enough for offset + length elements of `type`.
  static ColumnPtr Make(TypePtr type, int64_t length, BufferPtr validity, BufferPtr values, BufferPtr data,
                        std::vector<ColumnPtr> children, int64_t null_count = -1, int64_t offset = 0);
  // A column of `length` nulls of `type`.
  static ColumnPtr MakeNull(TypePtr type, int64_t length);

  const TypePtr& type() const { return type_; }
  TypeId type_id() const { return type_->id(); }
  int64_t length() const { return length_; }
  int64_t offset() const { return offset_; }
  int64_t null_count() const { return null_count_; }
  const BufferPtr& validity() const { return validity_; }
  const BufferPtr& values() const { return values_; }
  const BufferPtr& data() const { return data_; }
  const std::vector<ColumnPtr>& children() const { return children_; }
  const ColumnPtr& child(size_t i) const { return children_[i]; }

  bool IsValid(int64_t i) const { return !validity_ || GetBit(validity_->data(), offset_ + i); }
  bool IsNull(int64_t i) const { return !IsValid(i); }

  // Fixed-width values, already adjusted for the offset.
  template <typename T>
  const T* Values() const {
    return values_->as<T>() + offset_;
  }
  // Offsets of string/binary/list/map values (length+1 entries), adjusted for the offset.
  const int64_t* Offsets() const { return values_->as<int64_t>() + offset_; }
  // REQUIRES: string or binary.
  std::string_view GetView(int64_t i) const {
    const int64_t* offsets = Offsets();
    return std::string_view(reinterpret_cast<const char*>(data_->data()) + offsets[i],
                            static_cast<size_t>(offsets[i + 1] - offsets[i]));
  }

  // A zero-copy view of [offset, offset + length). REQUIRES: in range.
  ColumnPtr Slice(int64_t offset, int64_t length) const;

  // The value at i as text: SQL-like for printing ("NULL", 1.5, 2024-01-31, {a: 1}, [1, 2]).
  std::string ValueToString(int64_t i) const;
  // The value at i as JSON text (strings quoted and escaped, dates as ISO strings, NULL as null).
  std::string ValueToJson(int64_t i) const;
  // True when both columns have the same type and equal values (floats bitwise equal or both NaN).
  bool Equals(const Column& other) const;
  // Bytes held by the buffers this column references (shared buffers count fully).
  int64_t MemoryBytes() const;

 private:
  Column() = default;
  TypePtr type_;
  int64_t length_ = 0;
  int64_t offset_ = 0;
  int64_t null_count_ = 0;
  BufferPtr validity_;
  BufferPtr values_;
  BufferPtr data_;
  std::vector<ColumnPtr> children_;
};

}  // namespace sluice::columnar
