// The Thrift compact protocol, which encodes Parquet's footer (FileMetaData) and page headers:
// a bounds-checked reader over a byte span and an appending writer. Only what Parquet uses is
// here (structs, unions, lists, binaries, integers, booleans, doubles; maps and sets are
// skipped on read and never written).
//
// The reader is sticky on failure: after the first malformed byte every read returns a zero
// value and NextField() returns false, so decoding loops end; check ok() (or status()) once at
// the end. Every count is checked against the bytes that remain and nesting is limited, so no
// input can make it allocate without bound, recurse deeply or loop for long.
//
// Thread safety: a reader or writer is used by one thread at a time.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace sluice::formats::parquet {

// Wire types of the compact protocol (never renumber: they are on disk).
enum class ThriftType : uint8_t {
  kStop = 0,
  kBoolTrue = 1,
  kBoolFalse = 2,
  kByte = 3,
  kI16 = 4,
  kI32 = 5,
  kI64 = 6,
  kDouble = 7,
  kBinary = 8,
  kList = 9,
  kSet = 10,
  kMap = 11,
  kStruct = 12,
};

struct ThriftField {
  ThriftType type = ThriftType::kStop;
  int16_t id = 0;
};

class ThriftReader {
 public:
  ThriftReader(const uint8_t* data, size_t size) : begin_(data), pos_(data), end_(data + size) {}

  bool ok() const { return error_.empty(); }
  // OK, or DataLoss naming the offset (relative to the start of the span) of the first problem.
  Status status() const;
  // Bytes consumed so far.
  size_t position() const { return static_cast<size_t>(pos_ - begin_); }

  // Structs: call BeginStruct, then NextField until it returns false, reading or skipping each
  // field's value, then EndStruct.
  void BeginStruct();
  bool NextField(ThriftField* field);
  void EndStruct();

  // Field values. Each checks the field's wire type and fails on a mismatch.
  bool ReadBool(const ThriftField& field);
  int8_t ReadByte(const ThriftField& field);
  int16_t ReadI16(const ThriftField& field);
  int32_t ReadI32(const ThriftField& field);
  int64_t ReadI64(const ThriftField& field);
  double ReadDouble(const ThriftField& field);
  std::string ReadString(const ThriftField& field);
  // A view into the span (valid as long as the bytes are).
  std::string_view ReadBinaryView(const ThriftField& field);

  // Lists: returns the element count (checked against the remaining bytes) and sets the element
  // type; then read that many elements with the element readers below.
  uint32_t ReadListHeader(const ThriftField& field, ThriftType* element_type);
  bool ReadBoolElement();
  int32_t ReadI32Element(ThriftType element_type);
  int64_t ReadI64Element(ThriftType element_type);
  std::string ReadStringElement(ThriftType element_type);
  // REQUIRES: element_type is kStruct; then BeginStruct/NextField/EndStruct as for a field.
  bool ExpectStructElement(ThriftType element_type);

  // Skips a value of the given wire type (nested values included).
  void Skip(ThriftType type);
  // Records a semantic error (a required field missing, a value out of range).
  void Fail(std::string_view what);

 private:
  static constexpr int kMaxDepth = 32;
  uint64_t ReadVarint();
  int64_t ReadZigZag() {
    uint64_t v = ReadVarint();
    return static_cast<int64_t>((v >> 1) ^ (~(v & 1) + 1));
  }
  uint8_t ReadRawByte();
  bool CheckType(const ThriftField& field, ThriftType expected);
  void SkipDepth(ThriftType type, int depth);

  const uint8_t* begin_;
  const uint8_t* pos_;
  const uint8_t* end_;
  std::string error_;
  // Last field id of each open struct (ids are delta-encoded).
  int16_t last_ids_[kMaxDepth + 1] = {};
  int depth_ = 0;
  // A boolean field carries its value in the field header.
  bool pending_bool_ = false;
};

class ThriftWriter {
 public:
  explicit ThriftWriter(std::string* out) : out_(out) {}

  void BeginStruct();
  // Writes the stop byte and closes the struct.
  void EndStruct();

  void WriteBool(int16_t id, bool value);
  void WriteByte(int16_t id, int8_t value);
  void WriteI16(int16_t id, int16_t value);
  void WriteI32(int16_t id, int32_t value);
  void WriteI64(int16_t id, int64_t value);
  void WriteBinary(int16_t id, std::string_view value);
  // Opens a struct-valued field; follow with its fields and EndStruct().
  void BeginStructField(int16_t id);
  // A list-valued field header; follow with `size` elements.
  void BeginListField(int16_t id, ThriftType element_type, uint32_t size);
  void WriteI32Element(int32_t value);
  void WriteI64Element(int64_t value);
  void WriteBinaryElement(std::string_view value);
  // A struct element of a list: BeginStructElement, fields, EndStruct.
  void BeginStructElement() { BeginStruct(); }

 private:
  static constexpr int kMaxDepth = 32;
  void FieldHeader(ThriftType type, int16_t id);
  void Varint(uint64_t value);
  void ZigZag(int64_t value) { Varint((static_cast<uint64_t>(value) << 1) ^ static_cast<uint64_t>(value >> 63)); }

  std::string* out_;
  int16_t last_ids_[kMaxDepth + 1] = {};
  int depth_ = 0;
};

}  // namespace sluice::formats::parquet
