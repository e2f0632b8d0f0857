// CSV column conversion: see converter.h.
#include "formats/csv/converter.h"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <limits>

#include <fmt/format.h>

#include "columnar/decimal.h"
#include "common/encoding.h"

namespace sluice::formats::csv {

using columnar::Buffer;
using columnar::BufferPtr;
using columnar::Column;
using columnar::ColumnPtr;
using columnar::TypeId;

namespace {

// The validity bitmap of a column being converted, allocated at the first NULL.
class NullTracker {
 public:
  explicit NullTracker(int64_t rows) : rows_(rows) {}
  void SetNull(int64_t row) {
    if (!bits_) {
      bits_ = Buffer::Allocate(columnar::BitmapBytes(rows_));
      std::memset(bits_->mutable_data(), 0xff, bits_->size());
    }
    columnar::ClearBit(bits_->mutable_data(), row);
    ++count_;
  }
  int64_t count() const { return count_; }
  BufferPtr Finish() { return std::move(bits_); }

 private:
  int64_t rows_;
  BufferPtr bits_;
  int64_t count_ = 0;
};

enum class FieldClass { kValue, kNull, kBadQuoting };

struct Input {
  const char* data;
  const FieldSpan* spans;
  size_t stride;
  size_t field;
  int64_t rows;
  FieldSpan span(int64_t row) const { return spans[static_cast<size_t>(row) * stride + field]; }
};

std::string Shorten(std::string_view text) {
  if (text.size() <= 40) return std::string(text);
  return std::string(text.substr(0, 37)) + "...";
}

bool ParseFloat(std::string_view text, float* out) {
  const char* p = text.data();
  const char* end = p + text.size();
  if (p != end && *p == '+') ++p;
  if (p == end) return false;
  auto [next, error] = std::from_chars(p, end, *out, std::chars_format::general);
  return error == std::errc() && next == end;
}

template <typename T>
bool ParseNarrowInteger(std::string_view text, T* out) {
  int64_t value;
  if (!inference::ParseInt64Text(text, &value)) return false;
  if (value < std::numeric_limits<T>::min() || value > std::numeric_limits<T>::max()) return false;
  *out = static_cast<T>(value);
  return true;
}

// Whether any byte of [p, p + n) is outside ASCII.
bool HasNonAscii(const uint8_t* p, size_t n) {
  uint64_t any = 0;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t word;
    std::memcpy(&word, p + i, 8);
    any |= word;
  }
  for (; i < n; ++i) any |= p[i];
  return (any & 0x8080808080808080ULL) != 0;
}

}  // namespace

BlockConverter::BlockConverter(const CsvDialect& dialect, std::vector<std::string> null_values)
    : dialect_(dialect), null_values_(std::move(null_values)) {
  for (const auto& value : null_values_) {
    if (value.empty()) empty_is_null_ = true;
    else other_null_values_ = true;
  }
}

bool BlockConverter::IsOtherNullText(std::string_view text) const {
  return std::find(null_values_.begin(), null_values_.end(), text) != null_values_.end();
}

namespace {

// Classifies a field of a non-text column and finds its text (quotes removed).
inline FieldClass ClassifyValue(const BlockConverter& converter, char quote, const char* data, FieldSpan span,
                                std::string_view* text) {
  std::string_view raw(data + span.begin, span.end - span.begin);
  if (raw.empty()) return converter.IsNullText(raw) ? FieldClass::kNull : (*text = raw, FieldClass::kValue);
  if (raw[0] == quote && quote != '\0') {
    if (raw.size() < 2 || raw.back() != quote) return FieldClass::kBadQuoting;
    raw = raw.substr(1, raw.size() - 2);
    if (raw.empty()) return FieldClass::kNull;
    *text = raw;
    return FieldClass::kValue;
  }
  if (converter.IsNullText(raw)) return FieldClass::kNull;
  *text = raw;
  return FieldClass::kValue;
}

template <typename T, typename Parse>
ColumnPtr ConvertFixedWidth(const BlockConverter& converter, const CsvDialect& dialect, const Input& in,
                            const ColumnSpec& spec, Parse parse, std::vector<ConversionError>* errors) {
  auto values = Buffer::Allocate(static_cast<size_t>(in.rows) * sizeof(T));
  T* out = values->mutable_as<T>();
  NullTracker nulls(in.rows);
  for (int64_t row = 0; row < in.rows; ++row) {
    std::string_view text;
    FieldClass kind = ClassifyValue(converter, dialect.quote, in.data, in.span(row), &text);
    if (kind == FieldClass::kValue && parse(text, &out[row])) [[likely]] {
      continue;
    }
    out[row] = T{};
    nulls.SetNull(row);
    if (kind == FieldClass::kBadQuoting) {
      errors->push_back({row, fmt::format("column '{}': malformed quoting", spec.name)});
    } else if (kind == FieldClass::kValue) {
      errors->push_back({row, fmt::format("column '{}': '{}' is not a valid {}", spec.name, Shorten(text),
                                          spec.type->ToGlueType())});
    }
  }
  int64_t null_count = nulls.count();
  return Column::Make(spec.type, in.rows, nulls.Finish(), std::move(values), nullptr, {}, null_count);
}

// Copies the text inside a quoted field into `out`, resolving escapes; returns the bytes
// written, or -1 when the quoting is malformed.
int64_t Unescape(std::string_view inner, const CsvDialect& dialect, char* out) {
  const char escape = dialect.escape == '\0' ? dialect.quote : dialect.escape;
  char* start = out;
  for (size_t i = 0; i < inner.size(); ++i) {
    char c = inner[i];
    if (c == escape && escape != dialect.quote) {
      if (i + 1 >= inner.size()) return -1;
      char next = inner[i + 1];
      if (next == dialect.quote || next == escape) {
        *out++ = next;
        ++i;
      } else {
        *out++ = c;
      }
    } else if (c == dialect.quote) {
      if (escape != dialect.quote || i + 1 >= inner.size() || inner[i + 1] != dialect.quote) return -1;
      *out++ = c;
      ++i;
    } else {
      *out++ = c;
    }
  }
  return out - start;
}

ColumnPtr ConvertText(const BlockConverter& converter, const CsvDialect& dialect, const Input& in,
                      const ColumnSpec& spec, std::vector<ConversionError>* errors) {
  size_t total = 0;
  for (int64_t row = 0; row < in.rows; ++row) {
    FieldSpan span = in.span(row);
    total += span.end - span.begin;
  }
  auto offsets_buffer = Buffer::Allocate(static_cast<size_t>(in.rows + 1) * sizeof(int64_t));
  auto bytes_buffer = Buffer::Allocate(std::max<size_t>(total, 1));
  int64_t* offsets = offsets_buffer->mutable_as<int64_t>();
  char* bytes = reinterpret_cast<char*>(bytes_buffer->mutable_data());
  NullTracker nulls(in.rows);
  const char quote = dialect.quote;
  const char escape = dialect.escape == '\0' ? quote : dialect.escape;
  int64_t position = 0;
  offsets[0] = 0;
  for (int64_t row = 0; row < in.rows; ++row) {
    FieldSpan span = in.span(row);
    std::string_view raw(in.data + span.begin, span.end - span.begin);
    if (!raw.empty() && raw[0] == quote && quote != '\0') [[unlikely]] {
      int64_t written = -1;
      if (raw.size() >= 2 && raw.back() == quote) {
        std::string_view inner = raw.substr(1, raw.size() - 2);
        bool plain = std::memchr(inner.data(), quote, inner.size()) == nullptr &&
                     (escape == quote || std::memchr(inner.data(), escape, inner.size()) == nullptr);
        if (plain) {
          std::memcpy(bytes + position, inner.data(), inner.size());
          written = static_cast<int64_t>(inner.size());
        } else {
          written = Unescape(inner, dialect, bytes + position);
        }
      }
      if (written < 0) {
        nulls.SetNull(row);
        errors->push_back({row, fmt::format("column '{}': malformed quoting", spec.name)});
        written = 0;
      }
      position += written;
    } else if (converter.IsNullText(raw)) {
      nulls.SetNull(row);
    } else {
      std::memcpy(bytes + position, raw.data(), raw.size());
      position += static_cast<int64_t>(raw.size());
    }
    offsets[row + 1] = position;
  }
  bytes_buffer->Resize(static_cast<size_t>(position));
  if (spec.type->id() == TypeId::kString &&
      HasNonAscii(bytes_buffer->data(), static_cast<size_t>(position))) [[unlikely]] {
    for (int64_t row = 0; row < in.rows; ++row) {
      std::string_view value(bytes + offsets[row], static_cast<size_t>(offsets[row + 1] - offsets[row]));
      if (!IsValidUtf8(value)) {
        errors->push_back({row, fmt::format("column '{}': invalid UTF-8", spec.name)});
      }
    }
  }
  int64_t null_count = nulls.count();
  return Column::Make(spec.type, in.rows, nulls.Finish(), std::move(offsets_buffer), std::move(bytes_buffer), {},
                      null_count);
}

}  // namespace

Result<ColumnPtr> BlockConverter::Convert(std::string_view data, const TokenizedBlock& block, size_t field_index,
                                          const ColumnSpec& spec, std::vector<ConversionError>* errors) const {
  Input in{data.data(), block.spans(), block.num_columns(), field_index, block.rows()};
  const auto layout = spec.date_layout;
  switch (spec.type->id()) {
    case TypeId::kBoolean:
      return ConvertFixedWidth<uint8_t>(*this, dialect_, in, spec, [](std::string_view t, uint8_t* out) {
        bool value;
        if (!inference::ParseBooleanText(t, &value)) return false;
        *out = value ? 1 : 0;
        return true;
      }, errors);
    case TypeId::kInt8: return ConvertFixedWidth<int8_t>(*this, dialect_, in, spec, ParseNarrowInteger<int8_t>, errors);
    case TypeId::kInt16:
      return ConvertFixedWidth<int16_t>(*this, dialect_, in, spec, ParseNarrowInteger<int16_t>, errors);
    case TypeId::kInt32:
      return ConvertFixedWidth<int32_t>(*this, dialect_, in, spec, ParseNarrowInteger<int32_t>, errors);
    case TypeId::kInt64:
      return ConvertFixedWidth<int64_t>(*this, dialect_, in, spec, inference::ParseInt64Text, errors);
    case TypeId::kFloat32: return ConvertFixedWidth<float>(*this, dialect_, in, spec, ParseFloat, errors);
    case TypeId::kFloat64:
      return ConvertFixedWidth<double>(*this, dialect_, in, spec, inference::ParseDoubleText, errors);
    case TypeId::kDecimal: {
      int precision = spec.type->precision(), scale = spec.type->scale();
      return ConvertFixedWidth<columnar::Int128>(
          *this, dialect_, in, spec,
          [precision, scale](std::string_view t, columnar::Int128* out) {
            // Only plain decimal text; ParseDecimal itself would also accept surrounding spaces.
            inference::DecimalShape shape;
            if (!inference::ParseDecimalShape(t, &shape)) return false;
            auto value = columnar::ParseDecimal(t, precision, scale);
            if (!value.ok()) return false;
            *out = *value;
            return true;
          },
          errors);
    }
    case TypeId::kDate:
      return ConvertFixedWidth<int32_t>(*this, dialect_, in, spec, [layout](std::string_view t, int32_t* out) {
        return inference::ParseDateText(t, layout, out);
      }, errors);
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
      return ConvertFixedWidth<int64_t>(*this, dialect_, in, spec, [layout](std::string_view t, int64_t* out) {
        bool zone;
        return inference::ParseTimestampText(t, layout, out, &zone);
      }, errors);
    case TypeId::kString:
    case TypeId::kBinary: return ConvertText(*this, dialect_, in, spec, errors);
    case TypeId::kNull: return Column::MakeNull(spec.type, block.rows());
    case TypeId::kStruct:
    case TypeId::kList:
    case TypeId::kMap: break;
  }
  return InvalidArgument(fmt::format("column '{}': CSV cannot hold values of type {}", spec.name,
                                     spec.type->ToGlueType()));
}

}  // namespace sluice::formats::csv
