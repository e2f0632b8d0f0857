// The type ladder for text columns: see column_inference.h.
#include "formats/inference/column_inference.h"

#include <algorithm>

#include <fmt/format.h>

namespace sluice::formats::inference {

using columnar::DataType;

ColumnInference::ColumnInference(const InferenceOptions& options) : options_(options) {
  candidates_ = 0;
  if (options.detect_booleans) candidates_ |= kBooleanBit;
  if (options.detect_numbers) candidates_ |= kIntegerBit | kDecimalBit | kDoubleBit;
  if (options.detect_dates) {
    uint32_t layouts = options.date_layouts & ((1u << kDateLayoutCount) - 1);
    candidates_ |= (layouts << 4) | (layouts << 9);
  }
}

void ColumnInference::Add(std::string_view value) {
  ++values_;
  if (candidates_ == 0) return;
  uint32_t before = candidates_;
  if (candidates_ & kBooleanBit) {
    bool b;
    if (!ParseBooleanText(value, &b)) candidates_ &= ~kBooleanBit;
  }
  bool is_integer = false;
  if (candidates_ & kIntegerBit) {
    int64_t v;
    if (ParseInt64Text(value, &v)) {
      is_integer = true;
      min_ = std::min(min_, v);
      max_ = std::max(max_, v);
    } else {
      candidates_ &= ~kIntegerBit;
    }
  }
  bool is_decimal = false;
  if (candidates_ & kDecimalBit) {
    DecimalShape shape;
    if (ParseDecimalShape(value, &shape)) {
      is_decimal = true;
      max_integer_digits_ = std::max(max_integer_digits_, shape.integer_digits);
      max_scale_ = std::max(max_scale_, shape.scale);
      if (max_integer_digits_ + max_scale_ > 38) {
        candidates_ &= ~kDecimalBit;
        is_decimal = false;
      }
    } else {
      candidates_ &= ~kDecimalBit;
    }
  }
  if ((candidates_ & kDoubleBit) && !is_integer && !is_decimal) {
    double d;
    if (!ParseDoubleText(value, &d)) candidates_ &= ~kDoubleBit;
  }
  if (candidates_ & (kDateBits | kTimestampBits)) {
    for (int layout = 0; layout < kDateLayoutCount; ++layout) {
      uint32_t date_bit = 1u << (4 + layout), timestamp_bit = 1u << (9 + layout);
      if (candidates_ & date_bit) {
        int32_t days;
        if (!ParseDateText(value, static_cast<DateLayout>(layout), &days)) candidates_ &= ~date_bit;
      }
      if (candidates_ & timestamp_bit) {
        int64_t micros;
        bool zone = false;
        if (ParseTimestampText(value, static_cast<DateLayout>(layout), &micros, &zone)) {
          any_zone_ = any_zone_ || zone;
        } else {
          candidates_ &= ~timestamp_bit;
        }
      }
    }
  }
  if (before != 0 && candidates_ == 0) first_string_ = std::string(value.substr(0, 60));
}

InferredColumn ColumnInference::Finish() const {
  InferredColumn out;
  out.values = values_;
  out.nulls = nulls_;
  if (values_ == 0) {
    out.type = DataType::Null();
    out.reason = fmt::format("no values: all {} null", nulls_);
    return out;
  }
  if (candidates_ & kBooleanBit) {
    out.type = DataType::Boolean();
    out.reason = fmt::format("boolean: all {} values are true or false", values_);
    return out;
  }
  if (candidates_ & kIntegerBit) {
    bool fits32 = min_ >= INT32_MIN && max_ <= INT32_MAX;
    out.type = fits32 && options_.min_integer_bits <= 32 ? DataType::Int32() : DataType::Int64();
    out.reason = fmt::format("{}: {} integers in [{}, {}]", out.type->ToGlueType(), values_, min_, max_);
    return out;
  }
  if ((candidates_ & kDecimalBit) && (max_scale_ == 0 || options_.fractions_as_decimal)) {
    int precision = std::max(1, max_integer_digits_ + max_scale_);
    out.type = DataType::Decimal(precision, max_scale_);
    out.reason = max_scale_ == 0 ? fmt::format("{}: integers of up to {} digits, beyond bigint",
                                               out.type->ToGlueType(), max_integer_digits_)
                                 : fmt::format("{}: {} decimal numbers with up to {} fraction digits",
                                               out.type->ToGlueType(), values_, max_scale_);
    return out;
  }
  if (candidates_ & (kDecimalBit | kDoubleBit)) {
    out.type = DataType::Float64();
    out.reason = fmt::format("double: {} numbers, some with a fraction or exponent", values_);
    return out;
  }
  for (int layout = 0; layout < kDateLayoutCount; ++layout) {
    if (candidates_ & (1u << (4 + layout))) {
      out.type = DataType::Date();
      out.date_layout = static_cast<DateLayout>(layout);
      out.reason = fmt::format("date: {} values in the layout {}", values_, DateLayoutPattern(out.date_layout));
      return out;
    }
  }
  for (int layout = 0; layout < kDateLayoutCount; ++layout) {
    if (candidates_ & (1u << (9 + layout))) {
      out.type = any_zone_ ? DataType::TimestampTz() : DataType::Timestamp();
      out.date_layout = static_cast<DateLayout>(layout);
      out.reason = fmt::format("timestamp: {} values with dates in the layout {}{}", values_,
                               DateLayoutPattern(out.date_layout), any_zone_ ? ", with a time zone" : "");
      return out;
    }
  }
  out.type = DataType::String();
  out.reason = first_string_.empty() ? std::string("string")
                                     : fmt::format("string: '{}' is not a boolean, number, date or timestamp",
                                                   first_string_);
  return out;
}

}  // namespace sluice::formats::inference
