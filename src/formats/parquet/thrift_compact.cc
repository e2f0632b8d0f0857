// Thrift compact protocol: see thrift_compact.h.
#include "formats/parquet/thrift_compact.h"

#include <cstring>

#include <fmt/format.h>

namespace sluice::formats::parquet {

namespace {

bool IsKnownType(uint8_t type) { return type <= static_cast<uint8_t>(ThriftType::kStruct); }

// The smallest encoding of one element of a type, to bound list sizes by the remaining bytes.
size_t MinimumBytes(ThriftType type) {
  switch (type) {
    case ThriftType::kDouble: return 8;
    default: return 1;
  }
}

}  // namespace

Status ThriftReader::status() const {
  if (ok()) return Status::Ok();
  return DataLoss(error_);
}

void ThriftReader::Fail(std::string_view what) {
  if (!ok()) return;
  error_ = fmt::format("malformed thrift at byte {}: {}", position(), what);
  pos_ = end_;
}

uint8_t ThriftReader::ReadRawByte() {
  if (pos_ >= end_) {
    Fail("unexpected end of data");
    return 0;
  }
  return *pos_++;
}

uint64_t ThriftReader::ReadVarint() {
  uint64_t value = 0;
  for (int shift = 0; shift < 70; shift += 7) {
    if (pos_ >= end_) {
      Fail("unexpected end of data in a varint");
      return 0;
    }
    uint8_t byte = *pos_++;
    if (shift == 63 && (byte & 0x7e) != 0) {
      Fail("varint overflows 64 bits");
      return 0;
    }
    value |= static_cast<uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) return value;
  }
  Fail("varint longer than 10 bytes");
  return 0;
}

void ThriftReader::BeginStruct() {
  if (depth_ >= kMaxDepth) {
    Fail("structs nested too deeply");
    return;
  }
  last_ids_[++depth_] = 0;
}

void ThriftReader::EndStruct() {
  if (depth_ > 0) --depth_;
}

bool ThriftReader::NextField(ThriftField* field) {
  if (!ok()) return false;
  uint8_t header = ReadRawByte();
  if (!ok()) return false;
  auto type = static_cast<uint8_t>(header & 0x0f);
  if (type == 0) {
    field->type = ThriftType::kStop;
    return false;
  }
  if (!IsKnownType(type)) {
    Fail(fmt::format("unknown field type {}", type));
    return false;
  }
  int delta = header >> 4;
  int16_t id;
  if (delta != 0) {
    id = static_cast<int16_t>(last_ids_[depth_] + delta);
  } else {
    int64_t raw = ReadZigZag();
    if (raw < INT16_MIN || raw > INT16_MAX) {
      Fail("field id out of range");
      return false;
    }
    id = static_cast<int16_t>(raw);
  }
  last_ids_[depth_] = id;
  field->type = static_cast<ThriftType>(type);
  field->id = id;
  if (field->type == ThriftType::kBoolTrue || field->type == ThriftType::kBoolFalse) {
    pending_bool_ = field->type == ThriftType::kBoolTrue;
  }
  return ok();
}

bool ThriftReader::CheckType(const ThriftField& field, ThriftType expected) {
  if (!ok()) return false;
  bool matches = field.type == expected;
  if (expected == ThriftType::kBoolTrue) matches = field.type == ThriftType::kBoolTrue || field.type == ThriftType::kBoolFalse;
  if (!matches) {
    Fail(fmt::format("field {} has wire type {}, expected {}", field.id, static_cast<int>(field.type),
                     static_cast<int>(expected)));
  }
  return matches;
}

bool ThriftReader::ReadBool(const ThriftField& field) {
  if (!CheckType(field, ThriftType::kBoolTrue)) return false;
  return pending_bool_;
}

int8_t ThriftReader::ReadByte(const ThriftField& field) {
  if (!CheckType(field, ThriftType::kByte)) return 0;
  return static_cast<int8_t>(ReadRawByte());
}

int16_t ThriftReader::ReadI16(const ThriftField& field) {
  if (!CheckType(field, ThriftType::kI16)) return 0;
  int64_t v = ReadZigZag();
  if (v < INT16_MIN || v > INT16_MAX) Fail("i16 out of range");
  return ok() ? static_cast<int16_t>(v) : 0;
}

int32_t ThriftReader::ReadI32(const ThriftField& field) {
  if (!CheckType(field, ThriftType::kI32)) return 0;
  return ReadI32Element(ThriftType::kI32);
}

int64_t ThriftReader::ReadI64(const ThriftField& field) {
  if (!CheckType(field, ThriftType::kI64)) return 0;
  return ReadZigZag();
}

double ThriftReader::ReadDouble(const ThriftField& field) {
  if (!CheckType(field, ThriftType::kDouble)) return 0;
  if (end_ - pos_ < 8) {
    Fail("unexpected end of data in a double");
    return 0;
  }
  double v;
  std::memcpy(&v, pos_, 8);
  pos_ += 8;
  return v;
}

std::string_view ThriftReader::ReadBinaryView(const ThriftField& field) {
  if (!CheckType(field, ThriftType::kBinary)) return {};
  uint64_t length = ReadVarint();
  if (!ok()) return {};
  if (length > static_cast<uint64_t>(end_ - pos_)) {
    Fail(fmt::format("binary of {} bytes runs past the end", length));
    return {};
  }
  std::string_view view(reinterpret_cast<const char*>(pos_), static_cast<size_t>(length));
  pos_ += length;
  return view;
}

std::string ThriftReader::ReadString(const ThriftField& field) { return std::string(ReadBinaryView(field)); }

uint32_t ThriftReader::ReadListHeader(const ThriftField& field, ThriftType* element_type) {
  *element_type = ThriftType::kStop;
  if (!ok()) return 0;
  if (field.type != ThriftType::kList && field.type != ThriftType::kSet) {
    CheckType(field, ThriftType::kList);
    return 0;
  }
  uint8_t header = ReadRawByte();
  uint64_t size = header >> 4;
  if (size == 15) size = ReadVarint();
  auto type = static_cast<uint8_t>(header & 0x0f);
  if (!ok()) return 0;
  if (!IsKnownType(type)) {
    Fail(fmt::format("unknown list element type {}", type));
    return 0;
  }
  // Booleans inside lists are written with type 1 or 2; both mean "bool".
  *element_type = static_cast<ThriftType>(type == 2 ? 1 : type);
  if (size > static_cast<uint64_t>(end_ - pos_) / MinimumBytes(*element_type)) {
    Fail(fmt::format("list of {} elements is longer than the data", size));
    return 0;
  }
  return static_cast<uint32_t>(size);
}

bool ThriftReader::ReadBoolElement() { return ReadRawByte() == 1; }

int32_t ThriftReader::ReadI32Element(ThriftType element_type) {
  if (element_type != ThriftType::kI32) {
    Fail("list element is not an i32");
    return 0;
  }
  int64_t v = ReadZigZag();
  if (v < INT32_MIN || v > INT32_MAX) Fail("i32 out of range");
  return ok() ? static_cast<int32_t>(v) : 0;
}

int64_t ThriftReader::ReadI64Element(ThriftType element_type) {
  if (element_type != ThriftType::kI64) {
    Fail("list element is not an i64");
    return 0;
  }
  return ReadZigZag();
}

std::string ThriftReader::ReadStringElement(ThriftType element_type) {
  ThriftField field{element_type, 0};
  return ReadString(field);
}

bool ThriftReader::ExpectStructElement(ThriftType element_type) {
  if (element_type != ThriftType::kStruct) {
    Fail("list element is not a struct");
    return false;
  }
  return ok();
}

void ThriftReader::Skip(ThriftType type) { SkipDepth(type, 0); }

void ThriftReader::SkipDepth(ThriftType type, int depth) {
  if (!ok()) return;
  if (depth > kMaxDepth) {
    Fail("values nested too deeply");
    return;
  }
  switch (type) {
    case ThriftType::kStop: Fail("unexpected stop"); return;
    case ThriftType::kBoolTrue:
    case ThriftType::kBoolFalse: return;  // the value is in the header (fields) or was read (lists)
    case ThriftType::kByte: ReadRawByte(); return;
    case ThriftType::kI16:
    case ThriftType::kI32:
    case ThriftType::kI64: ReadVarint(); return;
    case ThriftType::kDouble:
      if (end_ - pos_ < 8) Fail("unexpected end of data in a double");
      else pos_ += 8;
      return;
    case ThriftType::kBinary: ReadBinaryView(ThriftField{ThriftType::kBinary, 0}); return;
    case ThriftType::kList:
    case ThriftType::kSet: {
      ThriftType element_type;
      uint32_t size = ReadListHeader(ThriftField{ThriftType::kList, 0}, &element_type);
      for (uint32_t i = 0; i < size && ok(); ++i) {
        if (element_type == ThriftType::kBoolTrue) ReadRawByte();
        else SkipDepth(element_type, depth + 1);
      }
      return;
    }
    case ThriftType::kMap: {
      uint64_t size = ReadVarint();
      if (size == 0 || !ok()) return;
      uint8_t types = ReadRawByte();
      auto key_type = static_cast<uint8_t>(types >> 4), value_type = static_cast<uint8_t>(types & 0x0f);
      if (!IsKnownType(key_type) || !IsKnownType(value_type) || key_type == 0 || value_type == 0) {
        Fail("unknown map element type");
        return;
      }
      if (size > static_cast<uint64_t>(end_ - pos_)) {
        Fail("map longer than the data");
        return;
      }
      for (uint64_t i = 0; i < size && ok(); ++i) {
        for (uint8_t t : {key_type, value_type}) {
          if (t == 1 || t == 2) ReadRawByte();
          else SkipDepth(static_cast<ThriftType>(t), depth + 1);
        }
      }
      return;
    }
    case ThriftType::kStruct: {
      BeginStruct();
      ThriftField field;
      while (NextField(&field)) SkipDepth(field.type, depth + 1);
      EndStruct();
      return;
    }
  }
}

// --- Writer ---

void ThriftWriter::Varint(uint64_t value) {
  while (value >= 0x80) {
    out_->push_back(static_cast<char>((value & 0x7f) | 0x80));
    value >>= 7;
  }
  out_->push_back(static_cast<char>(value));
}

void ThriftWriter::FieldHeader(ThriftType type, int16_t id) {
  int delta = id - last_ids_[depth_];
  if (delta > 0 && delta <= 15) {
    out_->push_back(static_cast<char>((delta << 4) | static_cast<int>(type)));
  } else {
    out_->push_back(static_cast<char>(type));
    ZigZag(id);
  }
  last_ids_[depth_] = id;
}

void ThriftWriter::BeginStruct() { last_ids_[++depth_] = 0; }

void ThriftWriter::EndStruct() {
  out_->push_back(0);
  --depth_;
}

void ThriftWriter::WriteBool(int16_t id, bool value) {
  FieldHeader(value ? ThriftType::kBoolTrue : ThriftType::kBoolFalse, id);
}

void ThriftWriter::WriteByte(int16_t id, int8_t value) {
  FieldHeader(ThriftType::kByte, id);
  out_->push_back(static_cast<char>(value));
}

void ThriftWriter::WriteI16(int16_t id, int16_t value) {
  FieldHeader(ThriftType::kI16, id);
  ZigZag(value);
}

void ThriftWriter::WriteI32(int16_t id, int32_t value) {
  FieldHeader(ThriftType::kI32, id);
  ZigZag(value);
}

void ThriftWriter::WriteI64(int16_t id, int64_t value) {
  FieldHeader(ThriftType::kI64, id);
  ZigZag(value);
}

void ThriftWriter::WriteBinary(int16_t id, std::string_view value) {
  FieldHeader(ThriftType::kBinary, id);
  WriteBinaryElement(value);
}

void ThriftWriter::BeginStructField(int16_t id) {
  FieldHeader(ThriftType::kStruct, id);
  BeginStruct();
}

void ThriftWriter::BeginListField(int16_t id, ThriftType element_type, uint32_t size) {
  FieldHeader(ThriftType::kList, id);
  if (size < 15) {
    out_->push_back(static_cast<char>((size << 4) | static_cast<uint32_t>(element_type)));
  } else {
    out_->push_back(static_cast<char>(0xf0 | static_cast<int>(element_type)));
    Varint(size);
  }
}

void ThriftWriter::WriteI32Element(int32_t value) { ZigZag(value); }

void ThriftWriter::WriteI64Element(int64_t value) { ZigZag(value); }

void ThriftWriter::WriteBinaryElement(std::string_view value) {
  Varint(value.size());
  out_->append(value);
}

}  // namespace sluice::formats::parquet
