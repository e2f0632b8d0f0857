// Hive partition paths: see hive_partition.h.
#include "formats/dataset/hive_partition.h"

#include <charconv>

#include "columnar/decimal.h"
#include "columnar/value_format.h"

namespace sluice::formats {

namespace {

bool NeedsEscape(unsigned char c) {
  if (c < 0x20 || c == 0x7f) return true;
  switch (c) {
    case '"': case '#': case '%': case '\'': case '*': case '/': case ':': case '=': case '?': case '\\':
    case '{': case '[': case ']': case '^':
      return true;
    default:
      return false;
  }
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

template <typename T>
std::string NumberText(T value) {
  char buffer[64];
  auto result = std::to_chars(buffer, buffer + sizeof(buffer), value);
  return std::string(buffer, result.ptr);
}

}  // namespace

std::string EscapeHivePathPart(std::string_view text) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    if (NeedsEscape(c)) {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    } else {
      out.push_back(ch);
    }
  }
  return out;
}

std::string UnescapeHivePathPart(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      int high = HexValue(text[i + 1]);
      int low = HexValue(text[i + 2]);
      if (high >= 0 && low >= 0) {
        out.push_back(static_cast<char>(high * 16 + low));
        i += 2;
        continue;
      }
    }
    out.push_back(text[i]);
  }
  return out;
}

std::string HivePartitionValue(const columnar::Column& column, int64_t row) {
  using columnar::TypeId;
  if (column.IsNull(row)) return std::string(kHiveDefaultPartition);
  char buffer[columnar::kMaxTemporalTextBytes];
  switch (column.type_id()) {
    case TypeId::kBoolean: return column.Values<uint8_t>()[row] ? "true" : "false";
    case TypeId::kInt8: return NumberText(column.Values<int8_t>()[row]);
    case TypeId::kInt16: return NumberText(column.Values<int16_t>()[row]);
    case TypeId::kInt32: return NumberText(column.Values<int32_t>()[row]);
    case TypeId::kInt64: return NumberText(column.Values<int64_t>()[row]);
    case TypeId::kFloat32: return NumberText(column.Values<float>()[row]);
    case TypeId::kFloat64: return NumberText(column.Values<double>()[row]);
    case TypeId::kDecimal:
      return columnar::DecimalToString(column.Values<columnar::Int128>()[row], column.type()->scale());
    case TypeId::kDate: return std::string(buffer, columnar::FormatDateTo(column.Values<int32_t>()[row], buffer));
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
      return std::string(buffer, columnar::FormatTimestampTo(column.Values<int64_t>()[row],
                                                             column.type_id() == TypeId::kTimestampTz, buffer));
    case TypeId::kString:
    case TypeId::kBinary: {
      std::string_view value = column.GetView(row);
      return value.empty() ? std::string(kHiveDefaultPartition) : std::string(value);
    }
    default: return column.ValueToString(row);
  }
}

}  // namespace sluice::formats
