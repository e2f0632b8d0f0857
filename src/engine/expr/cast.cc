// CAST: see cast.h.
#include "engine/expr/cast.h"

#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <optional>
#include <utility>

#include <fmt/format.h>

#include "columnar/builder.h"
#include "columnar/decimal.h"
#include "columnar/temporal.h"
#include "common/clock.h"
#include "engine/expr/datum.h"
#include "engine/expr/physical_type.h"
#include "engine/expr/validity.h"

namespace sluice::engine {

using columnar::Buffer;
using columnar::Column;
using columnar::ColumnPtr;
using columnar::DataType;
using columnar::Int128;
using columnar::Scalar;
using columnar::TypeId;
using columnar::TypePtr;

namespace {

constexpr int64_t kMicrosPerDay = 86400000000LL;
constexpr int64_t kMicrosPerSecond = 1000000;

std::string_view Trim(std::string_view text) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; };
  while (!text.empty() && space(text.front())) text.remove_prefix(1);
  while (!text.empty() && space(text.back())) text.remove_suffix(1);
  return text;
}

std::string Quoted(const Column& column, int64_t row) {
  std::string text = column.ValueToString(row);
  if (column.type()->is_binary_like()) {
    if (text.size() > 64) text = text.substr(0, 61) + "...";
    return "'" + text + "'";
  }
  return text;
}

Status CastFailure(const Column& column, int64_t row, const TypePtr& to, std::string_view why = {}) {
  std::string message = fmt::format("cannot cast {} from {} to {}", Quoted(column, row),
                                    column.type()->ToGlueType(), to->ToGlueType());
  if (!why.empty()) message += fmt::format(" ({})", why);
  return InvalidArgument(std::move(message));
}

// Runs convert(in_value, &out_value) -> bool over every valid row of a fixed-width column.
template <typename In, typename Out, typename Convert>
Result<ColumnPtr> CastFixedToFixed(const ColumnPtr& input, const TypePtr& to, bool try_mode, Convert convert) {
  const Column& in = *input;
  const int64_t n = in.length();
  const In* src = in.Values<In>();
  auto values = Buffer::Allocate(static_cast<size_t>(n) * sizeof(Out));
  Out* out = values->mutable_as<Out>();
  ValidityWriter validity(CopyValidity(in), n);
  const bool has_nulls = in.null_count() > 0;
  for (int64_t i = 0; i < n; ++i) {
    if (has_nulls && !in.IsValid(i)) {
      out[i] = Out{};
      continue;
    }
    if (!convert(src[i], &out[i])) {
      if (!try_mode) return CastFailure(in, i, to);
      out[i] = Out{};
      validity.SetNull(i);
    }
  }
  int64_t nulls = 0;
  auto bits = validity.Finish(&nulls);
  return Column::Make(to, n, std::move(bits), std::move(values), nullptr, {}, nulls);
}

// Parses every valid string with parse(text, &out) -> bool.
template <typename Out, typename Parse>
Result<ColumnPtr> CastStringToFixed(const ColumnPtr& input, const TypePtr& to, bool try_mode, Parse parse) {
  const Column& in = *input;
  const int64_t n = in.length();
  auto values = Buffer::Allocate(static_cast<size_t>(n) * sizeof(Out));
  Out* out = values->mutable_as<Out>();
  ValidityWriter validity(CopyValidity(in), n);
  const bool has_nulls = in.null_count() > 0;
  for (int64_t i = 0; i < n; ++i) {
    out[i] = Out{};
    if (has_nulls && !in.IsValid(i)) continue;
    if (!parse(in.GetView(i), &out[i])) {
      if (!try_mode) return CastFailure(in, i, to);
      out[i] = Out{};
      validity.SetNull(i);
    }
  }
  int64_t nulls = 0;
  auto bits = validity.Finish(&nulls);
  return Column::Make(to, n, std::move(bits), std::move(values), nullptr, {}, nulls);
}

// Formats every valid value with format(row, out_string).
template <typename Format>
ColumnPtr CastToString(const Column& in, const TypePtr& to, Format format) {
  const int64_t n = in.length();
  columnar::StringBuilder builder(to);
  builder.Reserve(n);
  std::string text;
  for (int64_t i = 0; i < n; ++i) {
    if (in.IsNull(i)) {
      builder.AppendNull();
      continue;
    }
    text.clear();
    format(i, text);
    builder.Append(text);
  }
  return builder.Finish();
}

// Integer text: optional sign, digits, surrounding spaces.
template <typename Out>
bool ParseInteger(std::string_view text, Out* out) {
  text = Trim(text);
  if (!text.empty() && text[0] == '+') text.remove_prefix(1);
  if (text.empty()) return false;
  int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return false;
  if (!std::in_range<Out>(value)) return false;
  *out = static_cast<Out>(value);
  return true;
}

template <typename Out>
bool ParseFloating(std::string_view text, Out* out) {
  text = Trim(text);
  if (!text.empty() && text[0] == '+') text.remove_prefix(1);
  if (text.empty()) return false;
  // Spark's spellings of the special values; from_chars accepts inf/infinity/nan too.
  double value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (end != text.data() + text.size()) return false;
  if (error == std::errc::result_out_of_range) {
    value = text[0] == '-' ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
    // from_chars reports underflow as out of range too: tiny values become zero.
    bool has_negative_exponent = text.find("e-") != std::string_view::npos || text.find("E-") != std::string_view::npos;
    if (has_negative_exponent) value = text[0] == '-' ? -0.0 : 0.0;
  } else if (error != std::errc()) {
    return false;
  }
  *out = static_cast<Out>(value);
  return true;
}

bool ParseBoolean(std::string_view text, uint8_t* out) {
  text = Trim(text);
  if (text.size() > 5) return false;
  char lower[6] = {};
  for (size_t i = 0; i < text.size(); ++i) lower[i] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[i])));
  std::string_view t(lower, text.size());
  if (t == "true" || t == "t" || t == "yes" || t == "y" || t == "1") {
    *out = 1;
    return true;
  }
  if (t == "false" || t == "f" || t == "no" || t == "n" || t == "0") {
    *out = 0;
    return true;
  }
  return false;
}

bool ParseTimestampText(std::string_view text, int64_t* out) {
  text = Trim(text);
  if (auto parsed = columnar::ParseTimestamp(text)) {
    *out = *parsed;
    return true;
  }
  if (auto date = ParseDateLenient(text); date && text.find(':') == std::string_view::npos) {
    *out = int64_t{*date} * kMicrosPerDay;
    return true;
  }
  return false;
}

// Spark-like text of any value, for casts of nested values to string.
void AppendValueText(const Column& column, int64_t row, std::string& out) {
  if (column.IsNull(row)) {
    out += "null";
    return;
  }
  const DataType& type = *column.type();
  switch (type.id()) {
    case TypeId::kFloat32: AppendFloatingText(column.Values<float>()[row], true, out); return;
    case TypeId::kFloat64: AppendFloatingText(column.Values<double>()[row], false, out); return;
    case TypeId::kBinary:
    case TypeId::kString: out += column.GetView(row); return;
    case TypeId::kTimestampTz: out += columnar::FormatTimestamp(column.Values<int64_t>()[row], false); return;
    case TypeId::kStruct:
      out += '{';
      for (size_t f = 0; f < column.children().size(); ++f) {
        if (f) out += ", ";
        AppendValueText(*column.child(f), row, out);
      }
      out += '}';
      return;
    case TypeId::kList: {
      const int64_t* offsets = column.Offsets();
      out += '[';
      for (int64_t j = offsets[row]; j < offsets[row + 1]; ++j) {
        if (j > offsets[row]) out += ", ";
        AppendValueText(*column.child(0), j, out);
      }
      out += ']';
      return;
    }
    case TypeId::kMap: {
      const int64_t* offsets = column.Offsets();
      out += '{';
      for (int64_t j = offsets[row]; j < offsets[row + 1]; ++j) {
        if (j > offsets[row]) out += ", ";
        AppendValueText(*column.child(0), j, out);
        out += " -> ";
        AppendValueText(*column.child(1), j, out);
      }
      out += '}';
      return;
    }
    default: out += column.ValueToString(row); return;
  }
}

// The same buffers under another type of the same layout (timestamp <-> timestamp_tz).
ColumnPtr Relabel(const ColumnPtr& input, const TypePtr& to) {
  const Column& in = *input;
  return Column::Make(to, in.length(), in.validity(), in.values(), in.data(), in.children(), in.null_count(),
                      in.offset());
}

Int128 RoundDivide(Int128 value, Int128 divisor) {
  Int128 quotient = value / divisor;
  Int128 remainder = value % divisor;
  Int128 twice = remainder < 0 ? -remainder * 2 : remainder * 2;
  if (twice >= divisor) quotient += value < 0 ? -1 : 1;
  return quotient;
}

bool RescaleDecimal(Int128 value, int from_scale, int to_scale, int to_precision, Int128* out) {
  if (to_scale >= from_scale) {
    int grow = to_scale - from_scale;
    if (!columnar::FitsPrecision(value, 38 - grow)) return false;
    value *= columnar::Pow10(grow);
  } else {
    value = RoundDivide(value, columnar::Pow10(from_scale - to_scale));
  }
  if (!columnar::FitsPrecision(value, to_precision)) return false;
  *out = value;
  return true;
}

template <typename Out>
bool FloatingToInteger(double value, Out* out) {
  if (!std::isfinite(value)) return false;
  double truncated = std::trunc(value);
  constexpr int bits = sizeof(Out) * 8 - 1;
  if (truncated < -std::ldexp(1.0, bits) || truncated >= std::ldexp(1.0, bits)) return false;
  *out = static_cast<Out>(truncated);
  return true;
}

Status NotCastable(const TypePtr& from, const TypePtr& to) {
  return InvalidArgument(fmt::format("cannot cast {} to {}", from->ToGlueType(), to->ToGlueType()));
}

Result<CastFunction> CastFromString(const TypePtr& from, const TypePtr& to) {
  switch (to->id()) {
    case TypeId::kBoolean:
      return CastFunction([to](const ColumnPtr& in, bool t) { return CastStringToFixed<uint8_t>(in, to, t, ParseBoolean); });
    case TypeId::kInt8:
    case TypeId::kInt16:
    case TypeId::kInt32:
    case TypeId::kInt64:
      return VisitInteger(to->id(), [&](auto tag) -> CastFunction {
        using Out = typename decltype(tag)::Type;
        return [to](const ColumnPtr& in, bool t) { return CastStringToFixed<Out>(in, to, t, ParseInteger<Out>); };
      });
    case TypeId::kFloat32:
      return CastFunction([to](const ColumnPtr& in, bool t) { return CastStringToFixed<float>(in, to, t, ParseFloating<float>); });
    case TypeId::kFloat64:
      return CastFunction([to](const ColumnPtr& in, bool t) { return CastStringToFixed<double>(in, to, t, ParseFloating<double>); });
    case TypeId::kDecimal:
      return CastFunction([to](const ColumnPtr& in, bool t) {
        return CastStringToFixed<Int128>(in, to, t, [&](std::string_view text, Int128* out) {
          auto parsed = columnar::ParseDecimal(Trim(text), to->precision(), to->scale());
          if (!parsed.ok()) return false;
          *out = *parsed;
          return true;
        });
      });
    case TypeId::kDate:
      return CastFunction([to](const ColumnPtr& in, bool t) {
        return CastStringToFixed<int32_t>(in, to, t, [](std::string_view text, int32_t* out) {
          auto parsed = ParseDateLenient(text);
          if (!parsed) return false;
          *out = *parsed;
          return true;
        });
      });
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
      return CastFunction([to](const ColumnPtr& in, bool t) { return CastStringToFixed<int64_t>(in, to, t, ParseTimestampText); });
    case TypeId::kString:
    case TypeId::kBinary: return CastFunction([to](const ColumnPtr& in, bool) -> Result<ColumnPtr> { return Relabel(in, to); });
    default: return NotCastable(from, to);
  }
}

Result<CastFunction> CastToStringFunction(const TypePtr& from, const TypePtr& to) {
  switch (from->id()) {
    case TypeId::kBoolean:
      return CastFunction([to](const ColumnPtr& in, bool) -> Result<ColumnPtr> {
        const uint8_t* v = in->Values<uint8_t>();
        return CastToString(*in, to, [&](int64_t i, std::string& out) { out += v[i] ? "true" : "false"; });
      });
    case TypeId::kInt8:
    case TypeId::kInt16:
    case TypeId::kInt32:
    case TypeId::kInt64:
      return VisitInteger(from->id(), [&](auto tag) -> CastFunction {
        using In = typename decltype(tag)::Type;
        return [to](const ColumnPtr& in, bool) -> Result<ColumnPtr> {
          const In* v = in->Values<In>();
          return CastToString(*in, to, [&](int64_t i, std::string& out) {
            char buffer[24];
            auto end = std::to_chars(buffer, buffer + sizeof(buffer), v[i]).ptr;
            out.append(buffer, end);
          });
        };
      });
    case TypeId::kFloat32:
      return CastFunction([to](const ColumnPtr& in, bool) -> Result<ColumnPtr> {
        const float* v = in->Values<float>();
        return CastToString(*in, to, [&](int64_t i, std::string& out) { AppendFloatingText(v[i], true, out); });
      });
    case TypeId::kFloat64:
      return CastFunction([to](const ColumnPtr& in, bool) -> Result<ColumnPtr> {
        const double* v = in->Values<double>();
        return CastToString(*in, to, [&](int64_t i, std::string& out) { AppendFloatingText(v[i], false, out); });
      });
    case TypeId::kDecimal:
      return CastFunction([to](const ColumnPtr& in, bool) -> Result<ColumnPtr> {
        const Int128* v = in->Values<Int128>();
        int scale = in->type()->scale();
        return CastToString(*in, to, [&](int64_t i, std::string& out) { out += columnar::DecimalToString(v[i], scale); });
      });
    case TypeId::kDate:
      return CastFunction([to](const ColumnPtr& in, bool) -> Result<ColumnPtr> {
        const int32_t* v = in->Values<int32_t>();
        return CastToString(*in, to, [&](int64_t i, std::string& out) { out += columnar::FormatDate(v[i]); });
      });
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
      return CastFunction([to](const ColumnPtr& in, bool) -> Result<ColumnPtr> {
        const int64_t* v = in->Values<int64_t>();
        return CastToString(*in, to, [&](int64_t i, std::string& out) { out += columnar::FormatTimestamp(v[i]); });
      });
    case TypeId::kString:
    case TypeId::kBinary: return CastFunction([to](const ColumnPtr& in, bool) -> Result<ColumnPtr> { return Relabel(in, to); });
    case TypeId::kStruct:
    case TypeId::kList:
    case TypeId::kMap:
      return CastFunction([to](const ColumnPtr& in, bool) -> Result<ColumnPtr> {
        return CastToString(*in, to, [&](int64_t i, std::string& out) { AppendValueText(*in, i, out); });
      });
    default: return NotCastable(from, to);
  }
}

// Casts between numbers (integers, floats, decimals) and booleans.
Result<CastFunction> CastNumeric(const TypePtr& from, const TypePtr& to) {
  const TypeId f = from->id(), t = to->id();
  auto fixed = [&](auto in_tag, auto out_tag, auto convert) -> CastFunction {
    using In = typename decltype(in_tag)::Type;
    using Out = typename decltype(out_tag)::Type;
    return [to, convert](const ColumnPtr& in, bool try_mode) {
      return CastFixedToFixed<In, Out>(in, to, try_mode, convert);
    };
  };
  return VisitFixedWidth(f, [&](auto in_tag) -> Result<CastFunction> {
    using In = typename decltype(in_tag)::Type;
    return VisitFixedWidth(t, [&](auto out_tag) -> Result<CastFunction> {
      using Out = typename decltype(out_tag)::Type;
      // boolean source: 0 / 1
      if (f == TypeId::kBoolean) {
        if (t == TypeId::kDecimal) {
          Int128 one = columnar::Pow10(to->scale());
          if (!columnar::FitsPrecision(one, to->precision())) return NotCastable(from, to);
          return fixed(in_tag, out_tag, [one](In v, Out* out) { *out = v ? one : 0; return true; });
        }
        return fixed(in_tag, out_tag, [](In v, Out* out) { *out = static_cast<Out>(v ? 1 : 0); return true; });
      }
      if (t == TypeId::kBoolean) {
        return fixed(in_tag, out_tag, [](In v, Out* out) { *out = v != In{}; return true; });
      }
      if constexpr (std::is_same_v<In, Int128>) {
        int scale = from->scale();
        if constexpr (std::is_same_v<Out, Int128>) {
          int to_scale = to->scale(), to_precision = to->precision();
          return fixed(in_tag, out_tag, [scale, to_scale, to_precision](In v, Out* out) {
            return RescaleDecimal(v, scale, to_scale, to_precision, out);
          });
        } else if constexpr (std::is_floating_point_v<Out>) {
          return fixed(in_tag, out_tag, [scale](In v, Out* out) {
            *out = static_cast<Out>(columnar::DecimalToDouble(v, scale));
            return true;
          });
        } else {
          Int128 divisor = columnar::Pow10(scale);
          return fixed(in_tag, out_tag, [divisor](In v, Out* out) {
            Int128 whole = v / divisor;  // truncates toward zero, as Spark does
            if (whole < std::numeric_limits<Out>::min() || whole > std::numeric_limits<Out>::max()) return false;
            *out = static_cast<Out>(whole);
            return true;
          });
        }
      } else if constexpr (std::is_floating_point_v<In>) {
        if constexpr (std::is_same_v<Out, Int128>) {
          int scale = to->scale(), precision = to->precision();
          return fixed(in_tag, out_tag, [scale, precision](In v, Out* out) {
            if (!std::isfinite(v)) return false;
            long double scaled = std::round(static_cast<long double>(v) * std::pow(10.0L, scale));
            if (std::fabs(scaled) >= std::pow(10.0L, precision)) return false;
            *out = static_cast<Int128>(scaled);
            return true;
          });
        } else if constexpr (std::is_floating_point_v<Out>) {
          return fixed(in_tag, out_tag, [](In v, Out* out) { *out = static_cast<Out>(v); return true; });
        } else {
          return fixed(in_tag, out_tag, [](In v, Out* out) { return FloatingToInteger<Out>(v, out); });
        }
      } else {  // integer source
        if constexpr (std::is_same_v<Out, Int128>) {
          Int128 factor = columnar::Pow10(to->scale());
          int precision = to->precision();
          return fixed(in_tag, out_tag, [factor, precision](In v, Out* out) {
            Int128 scaled = static_cast<Int128>(v) * factor;
            if (!columnar::FitsPrecision(scaled, precision)) return false;
            *out = scaled;
            return true;
          });
        } else if constexpr (std::is_floating_point_v<Out>) {
          return fixed(in_tag, out_tag, [](In v, Out* out) { *out = static_cast<Out>(v); return true; });
        } else {
          return fixed(in_tag, out_tag, [](In v, Out* out) {
            if (!std::in_range<Out>(v)) return false;
            *out = static_cast<Out>(v);
            return true;
          });
        }
      }
    });
  });
}

Result<CastFunction> CastTemporal(const TypePtr& from, const TypePtr& to) {
  const TypeId f = from->id(), t = to->id();
  bool from_ts = f == TypeId::kTimestamp || f == TypeId::kTimestampTz;
  bool to_ts = t == TypeId::kTimestamp || t == TypeId::kTimestampTz;
  if (from_ts && to_ts) return CastFunction([to](const ColumnPtr& in, bool) -> Result<ColumnPtr> { return Relabel(in, to); });
  if (f == TypeId::kDate && to_ts) {
    return CastFunction([to](const ColumnPtr& in, bool t) {
      return CastFixedToFixed<int32_t, int64_t>(in, to, t, [](int32_t v, int64_t* out) {
        *out = int64_t{v} * kMicrosPerDay;
        return true;
      });
    });
  }
  if (from_ts && t == TypeId::kDate) {
    return CastFunction([to](const ColumnPtr& in, bool t) {
      return CastFixedToFixed<int64_t, int32_t>(in, to, t, [](int64_t v, int32_t* out) {
        int64_t days = v / kMicrosPerDay - (v % kMicrosPerDay < 0 ? 1 : 0);
        *out = static_cast<int32_t>(days);
        return true;
      });
    });
  }
  // Numbers <-> timestamps count seconds since the epoch, as in Spark.
  if (to_ts && (from->is_integer() || from->is_floating())) {
    return VisitFixedWidth(f, [&](auto tag) -> Result<CastFunction> {
      using In = typename decltype(tag)::Type;
      return CastFunction([to](const ColumnPtr& in, bool t) {
        return CastFixedToFixed<In, int64_t>(in, to, t, [](In v, int64_t* out) {
          if constexpr (std::is_floating_point_v<In>) {
            double micros = std::round(static_cast<double>(v) * 1e6);
            if (!std::isfinite(micros) || std::fabs(micros) >= 9.2e18) return false;
            *out = static_cast<int64_t>(micros);
            return true;
          } else {
            return !__builtin_mul_overflow(static_cast<int64_t>(v), kMicrosPerSecond, out);
          }
        });
      });
    });
  }
  if (from_ts && (to->is_integer() || to->is_floating())) {
    return VisitFixedWidth(t, [&](auto tag) -> Result<CastFunction> {
      using Out = typename decltype(tag)::Type;
      return CastFunction([to](const ColumnPtr& in, bool t) {
        return CastFixedToFixed<int64_t, Out>(in, to, t, [](int64_t v, Out* out) {
          if constexpr (std::is_floating_point_v<Out>) {
            *out = static_cast<Out>(static_cast<double>(v) / 1e6);
            return true;
          } else if constexpr (std::is_same_v<Out, Int128>) {
            return false;  // not reached: decimals are not integer targets
          } else {
            int64_t seconds = v / kMicrosPerSecond - (v % kMicrosPerSecond < 0 ? 1 : 0);
            if (!std::in_range<Out>(seconds)) return false;
            *out = static_cast<Out>(seconds);
            return true;
          }
        });
      });
    });
  }
  return NotCastable(from, to);
}

Result<CastFunction> CastNested(const TypePtr& from, const TypePtr& to) {
  const TypeId f = from->id();
  if (f != to->id()) return NotCastable(from, to);
  if (f == TypeId::kStruct) {
    if (from->fields().size() != to->fields().size()) {
      return InvalidArgument(fmt::format("cannot cast {} to {}: they have different numbers of fields",
                                         from->ToGlueType(), to->ToGlueType()));
    }
    std::vector<CastFunction> children;
    for (size_t i = 0; i < from->fields().size(); ++i) {
      ASSIGN_OR_RETURN(auto child, ResolveCast(from->fields()[i].type, to->fields()[i].type));
      children.push_back(std::move(child));
    }
    return CastFunction([to, children](const ColumnPtr& in, bool try_mode) -> Result<ColumnPtr> {
      std::vector<ColumnPtr> out;
      for (size_t i = 0; i < children.size(); ++i) {
        ASSIGN_OR_RETURN(auto child, children[i](in->child(i), try_mode));
        out.push_back(std::move(child));
      }
      return Column::Make(to, in->length(), in->validity(), nullptr, nullptr, std::move(out), in->null_count(),
                          in->offset());
    });
  }
  // list and map: cast the children, keep the offsets
  std::vector<CastFunction> children;
  for (size_t i = 0; i < from->fields().size(); ++i) {
    ASSIGN_OR_RETURN(auto child, ResolveCast(from->fields()[i].type, to->fields()[i].type));
    children.push_back(std::move(child));
  }
  return CastFunction([to, children](const ColumnPtr& in, bool try_mode) -> Result<ColumnPtr> {
    std::vector<ColumnPtr> out;
    for (size_t i = 0; i < children.size(); ++i) {
      ASSIGN_OR_RETURN(auto child, children[i](in->child(i), try_mode));
      out.push_back(std::move(child));
    }
    return Column::Make(to, in->length(), in->validity(), in->values(), nullptr, std::move(out), in->null_count(),
                        in->offset());
  });
}

}  // namespace

void AppendFloatingText(double value, bool single_precision, std::string& out) {
  if (std::isnan(value)) {
    out += "NaN";
    return;
  }
  if (std::isinf(value)) {
    out += value > 0 ? "Infinity" : "-Infinity";
    return;
  }
  if (value == 0) {
    out += std::signbit(value) ? "-0.0" : "0.0";
    return;
  }
  char buffer[64];
  char* end = single_precision
                  ? std::to_chars(buffer, buffer + sizeof(buffer), static_cast<float>(value), std::chars_format::scientific).ptr
                  : std::to_chars(buffer, buffer + sizeof(buffer), value, std::chars_format::scientific).ptr;
  std::string_view text(buffer, static_cast<size_t>(end - buffer));
  bool negative = text[0] == '-';
  if (negative) text.remove_prefix(1);
  size_t e = text.find('e');
  std::string digits;
  for (char c : text.substr(0, e)) {
    if (c != '.') digits += c;
  }
  int exponent = std::atoi(std::string(text.substr(e + 1)).c_str());
  while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
  if (negative) out += '-';
  double magnitude = std::fabs(value);
  if (magnitude >= 1e-3 && magnitude < 1e7) {
    if (exponent >= 0) {
      size_t integer_digits = static_cast<size_t>(exponent) + 1;
      if (digits.size() <= integer_digits) {
        out += digits;
        out.append(integer_digits - digits.size(), '0');
        out += ".0";
      } else {
        out += digits.substr(0, integer_digits);
        out += '.';
        out += digits.substr(integer_digits);
      }
    } else {
      out += "0.";
      out.append(static_cast<size_t>(-exponent - 1), '0');
      out += digits;
    }
    return;
  }
  out += digits[0];
  out += '.';
  out += digits.size() > 1 ? digits.substr(1) : "0";
  out += 'E';
  out += std::to_string(exponent);
}

std::optional<int32_t> ParseDateLenient(std::string_view text) {
  text = Trim(text);
  // The date part ends at a 'T' or a space (a time may follow, and is ignored).
  size_t end = text.find_first_of("T ");
  std::string_view date = text.substr(0, end);
  if (end != std::string_view::npos) {
    std::string_view rest = text.substr(end + 1);
    if (rest.empty()) return std::nullopt;
    // The remainder must look like a time.
    if (!columnar::ParseTimestamp(std::string("1970-01-01T") + std::string(rest))) return std::nullopt;
  }
  int64_t parts[3] = {0, 1, 1};
  int count = 0;
  size_t pos = 0;
  bool negative_year = !date.empty() && date[0] == '-';
  if (negative_year) pos = 1;
  while (count < 3) {
    size_t start = pos;
    int64_t value = 0;
    while (pos < date.size() && date[pos] >= '0' && date[pos] <= '9' && pos - start < 6) {
      value = value * 10 + (date[pos] - '0');
      ++pos;
    }
    size_t digits = pos - start;
    if (digits == 0 || (count == 0 && digits < 4) || (count > 0 && digits > 2)) return std::nullopt;
    parts[count++] = value;
    if (pos == date.size()) break;
    if (date[pos] != '-') return std::nullopt;
    ++pos;
  }
  if (pos != date.size()) return std::nullopt;
  int64_t year = negative_year ? -parts[0] : parts[0];
  if (parts[1] < 1 || parts[1] > 12 || parts[2] < 1) return std::nullopt;
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (parts[2] > kDays[parts[1] - 1]) return std::nullopt;
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (parts[1] == 2 && parts[2] == 29 && !leap) return std::nullopt;
  return static_cast<int32_t>(DaysFromCivil(year, static_cast<unsigned>(parts[1]), static_cast<unsigned>(parts[2])));
}

Result<CastFunction> ResolveCast(const TypePtr& from, const TypePtr& to) {
  const TypeId f = from->id(), t = to->id();
  if (from->Equals(*to)) return CastFunction([](const ColumnPtr& in, bool) -> Result<ColumnPtr> { return in; });
  if (f == TypeId::kNull) {
    return CastFunction([to](const ColumnPtr& in, bool) -> Result<ColumnPtr> { return Column::MakeNull(to, in->length()); });
  }
  if (t == TypeId::kNull) return NotCastable(from, to);
  if (t == TypeId::kString) return CastToStringFunction(from, to);
  if (f == TypeId::kString) return CastFromString(from, to);
  if (f == TypeId::kBinary || t == TypeId::kBinary) return NotCastable(from, to);
  if (from->is_nested() || to->is_nested()) return CastNested(from, to);
  bool from_number = from->is_numeric() || f == TypeId::kBoolean;
  bool to_number = to->is_numeric() || t == TypeId::kBoolean;
  if (from_number && to_number) return CastNumeric(from, to);
  return CastTemporal(from, to);
}

Result<ColumnPtr> CastColumn(const ColumnPtr& input, const TypePtr& to, bool try_mode) {
  ASSIGN_OR_RETURN(CastFunction cast, ResolveCast(input->type(), to));
  return cast(input, try_mode);
}

Result<Scalar> CastScalar(const Scalar& value, const TypePtr& to, bool try_mode) {
  if (value.is_null()) {
    if (value.type()->id() != TypeId::kNull) RETURN_IF_ERROR(ResolveCast(value.type(), to).status());
    return Scalar::Null(to);
  }
  ASSIGN_OR_RETURN(ColumnPtr column, CastColumn(BroadcastScalar(value, value.type(), 1), to, try_mode));
  return ScalarAt(*column, 0);
}

}  // namespace sluice::engine
