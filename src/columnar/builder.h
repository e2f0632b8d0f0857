// Builders: how columns are made. Typed builders offer Reserve() plus unchecked appends for
// hot loops, and checked appends otherwise; the validity bitmap is only materialised once the
// first null arrives. Finish() hands over an immutable Column and resets the builder.
// MakeBuilder(type) gives a builder of any type behind the ColumnBuilder interface, for code
// that discovers values one at a time (JSON, nested Parquet).
//
// Thread safety: a builder is used by one thread at a time.
#pragma once

#include <cstdint>
#include <cstring>
#include <memory>
#include <string_view>
#include <vector>

#include "columnar/column.h"
#include "columnar/decimal.h"

namespace sluice::columnar {

// Tracks validity for a builder: absent until the first null.
class ValidityBuilder {
 public:
  void Reserve(int64_t total) {
    if (bits_) bits_->Reserve(BitmapBytes(total));
  }
  void AppendValid() {
    if (bits_) SetAt(length_, true);
    ++length_;
  }
  void AppendNull() {
    if (!bits_) Materialise();
    SetAt(length_, false);
    ++length_;
    ++null_count_;
  }
  // Appends `count` valid entries.
  void AppendValid(int64_t count);
  int64_t length() const { return length_; }
  int64_t null_count() const { return null_count_; }
  // The bitmap (null when there were no nulls); resets the builder.
  BufferPtr Finish();

 private:
  void Materialise();
  void SetAt(int64_t i, bool valid) {
    size_t needed = BitmapBytes(i + 1);
    if (bits_->size() < needed) bits_->Resize(needed);
    if (valid) SetBit(bits_->mutable_data(), i);
    else ClearBit(bits_->mutable_data(), i);
  }
  BufferPtr bits_;
  int64_t length_ = 0;
  int64_t null_count_ = 0;
};

// The interface shared by all builders.
class ColumnBuilder {
 public:
  explicit ColumnBuilder(TypePtr type) : type_(std::move(type)) {}
  virtual ~ColumnBuilder() = default;
  const TypePtr& type() const { return type_; }
  virtual int64_t length() const = 0;
  virtual void AppendNull() = 0;
  virtual void Reserve(int64_t additional) = 0;
  // The finished column; the builder is empty afterwards.
  virtual ColumnPtr Finish() = 0;

 protected:
  TypePtr type_;
};

// boolean (1 byte per value), integers, floats, decimal (Int128), date, timestamps.
template <typename T>
class FixedWidthBuilder final : public ColumnBuilder {
 public:
  explicit FixedWidthBuilder(TypePtr type) : ColumnBuilder(std::move(type)), values_(Buffer::Allocate(0)) {}

  int64_t length() const override { return validity_.length(); }
  void Reserve(int64_t additional) override {
    values_->Reserve(static_cast<size_t>(length() + additional) * sizeof(T));
    validity_.Reserve(length() + additional);
  }
  void Append(T value) {
    Grow(1);
    UnsafeAppend(value);
  }
  // REQUIRES: capacity reserved.
  void UnsafeAppend(T value) {
    std::memcpy(values_->mutable_data() + values_->size(), &value, sizeof(T));
    values_->Resize(values_->size() + sizeof(T));
    validity_.AppendValid();
  }
  void AppendNull() override {
    Grow(1);
    std::memset(values_->mutable_data() + values_->size(), 0, sizeof(T));
    values_->Resize(values_->size() + sizeof(T));
    validity_.AppendNull();
  }
  // Appends `count` values from memory, all valid.
  void AppendValues(const T* values, int64_t count) {
    Grow(count);
    std::memcpy(values_->mutable_data() + values_->size(), values, static_cast<size_t>(count) * sizeof(T));
    values_->Resize(values_->size() + static_cast<size_t>(count) * sizeof(T));
    validity_.AppendValid(count);
  }
  ColumnPtr Finish() override {
    int64_t length = validity_.length();
    int64_t nulls = validity_.null_count();
    auto validity = validity_.Finish();
    auto values = std::move(values_);
    values_ = Buffer::Allocate(0);
    return Column::Make(type_, length, std::move(validity), std::move(values), nullptr, {}, nulls);
  }

 private:
  void Grow(int64_t count) {
    size_t needed = values_->size() + static_cast<size_t>(count) * sizeof(T);
    if (needed > values_->capacity()) values_->Reserve(needed);
  }
  BufferPtr values_;
  ValidityBuilder validity_;
};

using BooleanBuilder = FixedWidthBuilder<uint8_t>;
using Int8Builder = FixedWidthBuilder<int8_t>;
using Int16Builder = FixedWidthBuilder<int16_t>;
using Int32Builder = FixedWidthBuilder<int32_t>;
using Int64Builder = FixedWidthBuilder<int64_t>;
using Float32Builder = FixedWidthBuilder<float>;
using Float64Builder = FixedWidthBuilder<double>;
using DecimalBuilder = FixedWidthBuilder<Int128>;

// string and binary.
class StringBuilder final : public ColumnBuilder {
 public:
  explicit StringBuilder(TypePtr type);
  int64_t length() const override { return validity_.length(); }
  void Reserve(int64_t additional) override;
  // Reserves room for `bytes` more bytes of string data.
  void ReserveData(size_t bytes) { data_->Reserve(data_->size() + bytes); }
  void Append(std::string_view value) {
    GrowData(value.size());
    UnsafeAppend(value);
  }
  // REQUIRES: Reserve() and ReserveData() made room.
  void UnsafeAppend(std::string_view value) {
    std::memcpy(data_->mutable_data() + data_->size(), value.data(), value.size());
    data_->Resize(data_->size() + value.size());
    PushOffset();
    validity_.AppendValid();
  }
  void AppendNull() override {
    PushOffset();
    validity_.AppendNull();
  }
  size_t data_size() const { return data_->size(); }
  ColumnPtr Finish() override;

 private:
  void GrowData(size_t bytes) {
    if (data_->size() + bytes > data_->capacity()) data_->Reserve(data_->size() + bytes);
  }
  void PushOffset() {
    size_t needed = offsets_->size() + sizeof(int64_t);
    if (needed > offsets_->capacity()) offsets_->Reserve(needed);
    int64_t end = static_cast<int64_t>(data_->size());
    std::memcpy(offsets_->mutable_data() + offsets_->size(), &end, sizeof(end));
    offsets_->Resize(needed);
  }
  BufferPtr offsets_;
  BufferPtr data_;
  ValidityBuilder validity_;
};

// struct: one child builder per field. Append a row by appending to every child, then
// AppendValid(); a null row is AppendNull() (children get nulls too).
class StructBuilder final : public ColumnBuilder {
 public:
  explicit StructBuilder(TypePtr type);
  int64_t length() const override { return validity_.length(); }
  void Reserve(int64_t additional) override;
  ColumnBuilder* child(size_t i) { return children_[i].get(); }
  size_t num_children() const { return children_.size(); }
  void AppendValid() { validity_.AppendValid(); }
  void AppendNull() override;
  ColumnPtr Finish() override;

 private:
  std::vector<std::unique_ptr<ColumnBuilder>> children_;
  ValidityBuilder validity_;
};

// list and map: append the elements (map: keys to child 0 and values to child 1) to the
// child builders, then close the row with AppendValid() (or AppendNull()).
class ListBuilder final : public ColumnBuilder {
 public:
  explicit ListBuilder(TypePtr type);
  int64_t length() const override { return validity_.length(); }
  void Reserve(int64_t additional) override;
  ColumnBuilder* child(size_t i = 0) { return children_[i].get(); }
  void AppendValid();
  void AppendNull() override;
  ColumnPtr Finish() override;

 private:
  void PushOffset();
  std::vector<std::unique_ptr<ColumnBuilder>> children_;
  BufferPtr offsets_;
  ValidityBuilder validity_;
};

// Appends nulls only; its column is of type null.
class NullBuilder final : public ColumnBuilder {
 public:
  NullBuilder() : ColumnBuilder(DataType::Null()) {}
  int64_t length() const override { return length_; }
  void Reserve(int64_t) override {}
  void AppendNull() override { ++length_; }
  ColumnPtr Finish() override;

 private:
  int64_t length_ = 0;
};

// A builder for any type.
std::unique_ptr<ColumnBuilder> MakeBuilder(const TypePtr& type);

// Appends column[row] to `builder`. REQUIRES: the builder's type equals the column's. Slow
// path (a switch per value): kernels on flat types should use the typed builders directly.
void AppendValueFrom(ColumnBuilder& builder, const Column& column, int64_t row);

// Concatenates columns of one type into one column. REQUIRES: at least one column, all of the
// same type.
ColumnPtr ConcatenateColumns(const std::vector<ColumnPtr>& columns);

}  // namespace sluice::columnar
