// Columns: see column.h.
#include "columnar/column.h"

#include <cmath>
#include <cstring>

#include <fmt/format.h>

#include "columnar/decimal.h"
#include "columnar/temporal.h"

namespace sluice::columnar {

namespace {

void AppendJsonString(std::string& out, std::string_view text) {
  out += '"';
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (c < 0x20) out += fmt::format("\\u{:04x}", c);
        else out += ch;
    }
  }
  out += '"';
}

std::string FormatDouble(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
  return fmt::format("{}", v);
}

std::string FormatFloat(float v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
  return fmt::format("{}", v);
}

void Render(const Column& column, int64_t i, bool json, std::string& out) {
  if (column.IsNull(i)) {
    out += json ? "null" : "NULL";
    return;
  }
  const DataType& type = *column.type();
  switch (type.id()) {
    case TypeId::kBoolean: out += column.Values<uint8_t>()[i] ? "true" : "false"; return;
    case TypeId::kInt8: out += fmt::format("{}", column.Values<int8_t>()[i]); return;
    case TypeId::kInt16: out += fmt::format("{}", column.Values<int16_t>()[i]); return;
    case TypeId::kInt32: out += fmt::format("{}", column.Values<int32_t>()[i]); return;
    case TypeId::kInt64: out += fmt::format("{}", column.Values<int64_t>()[i]); return;
    case TypeId::kFloat32: {
      float v = column.Values<float>()[i];
      if (json && !std::isfinite(v)) AppendJsonString(out, FormatFloat(v));
      else out += FormatFloat(v);
      return;
    }
    case TypeId::kFloat64: {
      double v = column.Values<double>()[i];
      if (json && !std::isfinite(v)) AppendJsonString(out, FormatDouble(v));
      else out += FormatDouble(v);
      return;
    }
    case TypeId::kDecimal: out += DecimalToString(column.Values<Int128>()[i], type.scale()); return;
    case TypeId::kString:
      if (json) AppendJsonString(out, column.GetView(i));
      else out += column.GetView(i);
      return;
    case TypeId::kBinary: {
      std::string_view bytes = column.GetView(i);
      std::string hex;
      for (unsigned char c : bytes) hex += fmt::format("{:02x}", c);
      if (json) AppendJsonString(out, hex);
      else out += "0x" + hex;
      return;
    }
    case TypeId::kDate: {
      std::string text = FormatDate(column.Values<int32_t>()[i]);
      if (json) AppendJsonString(out, text);
      else out += text;
      return;
    }
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz: {
      std::string text = FormatTimestamp(column.Values<int64_t>()[i], type.id() == TypeId::kTimestampTz);
      if (json) AppendJsonString(out, text);
      else out += text;
      return;
    }
    case TypeId::kNull: out += json ? "null" : "NULL"; return;
    case TypeId::kStruct: {
      out += '{';
      const auto& fields = type.fields();
      for (size_t f = 0; f < fields.size(); ++f) {
        if (f) out += json ? "," : ", ";
        if (json) {
          AppendJsonString(out, fields[f].name);
          out += ':';
        } else {
          out += fields[f].name + ": ";
        }
        Render(*column.child(f), i, json, out);
      }
      out += '}';
      return;
    }
    case TypeId::kList: {
      const int64_t* offsets = column.Offsets();
      out += '[';
      for (int64_t j = offsets[i]; j < offsets[i + 1]; ++j) {
        if (j > offsets[i]) out += json ? "," : ", ";
        Render(*column.child(0), j, json, out);
      }
      out += ']';
      return;
    }
    case TypeId::kMap: {
      const int64_t* offsets = column.Offsets();
      out += '{';
      for (int64_t j = offsets[i]; j < offsets[i + 1]; ++j) {
        if (j > offsets[i]) out += json ? "," : ", ";
        if (json) {
          // JSON object keys must be strings.
          std::string key;
          Render(*column.child(0), j, false, key);
          AppendJsonString(out, key);
          out += ':';
        } else {
          Render(*column.child(0), j, false, out);
          out += ": ";
        }
        Render(*column.child(1), j, json, out);
      }
      out += '}';
      return;
    }
  }
}

bool ValueEquals(const Column& a, int64_t i, const Column& b, int64_t j) {
  if (a.IsNull(i) || b.IsNull(j)) return a.IsNull(i) && b.IsNull(j);
  const DataType& type = *a.type();
  switch (type.id()) {
    case TypeId::kBoolean:
    case TypeId::kInt8: return a.Values<uint8_t>()[i] == b.Values<uint8_t>()[j];
    case TypeId::kInt16: return a.Values<int16_t>()[i] == b.Values<int16_t>()[j];
    case TypeId::kInt32:
    case TypeId::kDate: return a.Values<int32_t>()[i] == b.Values<int32_t>()[j];
    case TypeId::kInt64:
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz: return a.Values<int64_t>()[i] == b.Values<int64_t>()[j];
    case TypeId::kFloat32: {
      float x = a.Values<float>()[i], y = b.Values<float>()[j];
      return (std::isnan(x) && std::isnan(y)) || std::memcmp(&x, &y, sizeof(x)) == 0;
    }
    case TypeId::kFloat64: {
      double x = a.Values<double>()[i], y = b.Values<double>()[j];
      return (std::isnan(x) && std::isnan(y)) || std::memcmp(&x, &y, sizeof(x)) == 0;
    }
    case TypeId::kDecimal: return a.Values<Int128>()[i] == b.Values<Int128>()[j];
    case TypeId::kString:
    case TypeId::kBinary: return a.GetView(i) == b.GetView(j);
    case TypeId::kNull: return true;
    case TypeId::kStruct:
      for (size_t f = 0; f < a.children().size(); ++f) {
        if (!ValueEquals(*a.child(f), i, *b.child(f), j)) return false;
      }
      return true;
    case TypeId::kList:
    case TypeId::kMap: {
      const int64_t* ao = a.Offsets();
      const int64_t* bo = b.Offsets();
      if (ao[i + 1] - ao[i] != bo[j + 1] - bo[j]) return false;
      for (int64_t k = 0; k < ao[i + 1] - ao[i]; ++k) {
        for (size_t c = 0; c < a.children().size(); ++c) {
          if (!ValueEquals(*a.child(c), ao[i] + k, *b.child(c), bo[j] + k)) return false;
        }
      }
      return true;
    }
  }
  return false;
}

}  // namespace

ColumnPtr Column::Make(TypePtr type, int64_t length, BufferPtr validity, BufferPtr values, BufferPtr data,
                       std::vector<ColumnPtr> children, int64_t null_count, int64_t offset) {
  std::shared_ptr<Column> column(new Column());
  column->type_ = std::move(type);
  column->length_ = length;
  column->offset_ = offset;
  column->validity_ = std::move(validity);
  column->values_ = std::move(values);
  column->data_ = std::move(data);
  column->children_ = std::move(children);
  if (null_count < 0) {
    null_count = column->validity_ ? length - CountSetBits(column->validity_->data(), offset, length) : 0;
  }
  column->null_count_ = null_count;
  if (null_count == 0) column->validity_.reset();
  return column;
}

ColumnPtr Column::MakeNull(TypePtr type, int64_t length) {
  auto validity = Buffer::AllocateZeroed(BitmapBytes(length));
  BufferPtr values;
  BufferPtr data;
  std::vector<ColumnPtr> children;
  const DataType& t = *type;
  if (t.has_offsets()) {
    values = Buffer::AllocateZeroed(static_cast<size_t>(length + 1) * sizeof(int64_t));
    if (t.is_binary_like()) data = Buffer::Allocate(0);
    if (t.id() == TypeId::kList) children.push_back(MakeNull(t.element(), 0));
    if (t.id() == TypeId::kMap) {
      children.push_back(MakeNull(t.key(), 0));
      children.push_back(MakeNull(t.value(), 0));
    }
  } else if (t.id() == TypeId::kStruct) {
    for (const auto& field : t.fields()) children.push_back(MakeNull(field.type, length));
  } else if (t.byte_width() > 0) {
    values = Buffer::AllocateZeroed(static_cast<size_t>(length) * static_cast<size_t>(t.byte_width()));
  }
  return Make(std::move(type), length, std::move(validity), std::move(values), std::move(data), std::move(children),
              length);
}

ColumnPtr Column::Slice(int64_t offset, int64_t length) const {
  std::shared_ptr<Column> column(new Column(*this));
  column->length_ = length;
  if (type_->id() == TypeId::kStruct) {
    // Struct children are sliced alongside; their own offsets carry the shift.
    for (auto& child : column->children_) child = child->Slice(offset, length);
    column->offset_ = offset_ + offset;
  } else {
    column->offset_ = offset_ + offset;
  }
  column->null_count_ = validity_ ? length - CountSetBits(validity_->data(), column->offset_, length) : 0;
  if (column->null_count_ == 0) column->validity_.reset();
  return column;
}

std::string Column::ValueToString(int64_t i) const {
  std::string out;
  Render(*this, i, false, out);
  return out;
}

std::string Column::ValueToJson(int64_t i) const {
  std::string out;
  Render(*this, i, true, out);
  return out;
}

bool Column::Equals(const Column& other) const {
  if (!type_->Equals(*other.type_) || length_ != other.length_ || null_count_ != other.null_count_) return false;
  for (int64_t i = 0; i < length_; ++i) {
    if (!ValueEquals(*this, i, other, i)) return false;
  }
  return true;
}

int64_t Column::MemoryBytes() const {
  int64_t bytes = 0;
  for (const auto* buffer : {&validity_, &values_, &data_}) {
    if (*buffer) bytes += static_cast<int64_t>((*buffer)->size());
  }
  for (const auto& child : children_) bytes += child->MemoryBytes();
  return bytes;
}

}  // namespace sluice::columnar
