// Converting decoded physical values into leaf columns: see value_conversion.h.
#include "formats/parquet/value_conversion.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include <fmt/format.h>
#include <simdjson.h>

#include "columnar/decimal.h"

namespace sluice::formats::parquet {

using columnar::Int128;

int OutputWidth(const LeafPlan& plan) {
  if (plan.conversion == Conversion::kNull) return -1;
  int width = plan.type->byte_width();
  return plan.type->is_binary_like() ? 0 : width;
}

namespace {

Status TooLarge(const ByteArrayOutput& out) {
  return ResourceExhausted(fmt::format("values of one batch pass the limit of {} bytes", out.byte_limit()));
}

template <typename T>
T Load(const uint8_t* p) {
  T v;
  std::memcpy(&v, p, sizeof(T));
  return v;
}

// Decodes physical fixed-width values into scratch and returns them.
Result<const uint8_t*> DecodeToScratch(const LeafPlan& plan, ValueDecoder& decoder, size_t count,
                                       ConversionScratch& scratch) {
  size_t width = PhysicalWidth(plan.physical, plan.type_length);
  if (scratch.bytes.size() < count * width) scratch.bytes.resize(count * width);
  RETURN_IF_ERROR(decoder.DecodeFixed(count, scratch.bytes.data()));
  return scratch.bytes.data();
}

template <typename From, typename To, typename Fn>
Status ConvertFixed(const LeafPlan& plan, ValueDecoder& decoder, size_t count, LeafBuilder& out,
                    ConversionScratch& scratch, Fn&& fn) {
  ASSIGN_OR_RETURN(const uint8_t* in, DecodeToScratch(plan, decoder, count, scratch));
  uint8_t* dest = out.ClaimFixed(count);
  for (size_t i = 0; i < count; ++i) {
    To v = fn(Load<From>(in + i * sizeof(From)));
    std::memcpy(dest + i * sizeof(To), &v, sizeof(To));
  }
  out.CommitFixed(count);
  return Status::Ok();
}

}  // namespace

bool BigEndianToInt128(const uint8_t* p, size_t n, Int128* out) {
  if (n == 0) {
    *out = 0;
    return true;
  }
  bool negative = (p[0] & 0x80) != 0;
  // Leading bytes beyond 16 must only extend the sign.
  while (n > 16) {
    if (p[0] != (negative ? 0xff : 0x00)) return false;
    ++p;
    --n;
  }
  if (((p[0] & 0x80) != 0) != negative) return false;
  unsigned __int128 value = negative ? ~static_cast<unsigned __int128>(0) : 0;
  for (size_t i = 0; i < n; ++i) value = (value << 8) | p[i];
  *out = static_cast<Int128>(value);
  return true;
}

namespace {

// Exact decimal text of a big-endian two's complement integer of any length, at `scale`.
std::string BigEndianToDecimalText(const uint8_t* p, size_t n, int scale) {
  std::vector<uint8_t> magnitude(p, p + n);
  bool negative = n > 0 && (p[0] & 0x80) != 0;
  if (negative) {  // two's complement negation
    for (auto& b : magnitude) b = static_cast<uint8_t>(~b);
    for (size_t i = magnitude.size(); i-- > 0;) {
      if (++magnitude[i] != 0) break;
    }
  }
  std::string digits;
  // Repeated division by 10 of the base-256 number.
  while (true) {
    bool zero = true;
    unsigned remainder = 0;
    for (auto& b : magnitude) {
      unsigned current = (remainder << 8) | b;
      b = static_cast<uint8_t>(current / 10);
      remainder = current % 10;
      zero = zero && b == 0;
    }
    digits.push_back(static_cast<char>('0' + remainder));
    if (zero) break;
  }
  while (static_cast<int>(digits.size()) <= scale) digits.push_back('0');
  std::reverse(digits.begin(), digits.end());
  if (scale > 0) digits.insert(digits.end() - scale, '.');
  return negative ? "-" + digits : digits;
}

float HalfToFloat(uint16_t h) {
  uint32_t sign = static_cast<uint32_t>(h & 0x8000) << 16;
  int exponent = (h >> 10) & 0x1f;
  uint32_t mantissa = h & 0x3ff;
  float magnitude;
  if (exponent == 0) {
    magnitude = std::ldexp(static_cast<float>(mantissa), -24);
  } else if (exponent == 31) {
    uint32_t bits = 0x7f800000u | (mantissa << 13);
    std::memcpy(&magnitude, &bits, sizeof(magnitude));
  } else {
    magnitude = std::ldexp(static_cast<float>(mantissa | 0x400), exponent - 25);
  }
  uint32_t bits;
  std::memcpy(&bits, &magnitude, sizeof(bits));
  bits |= sign;
  float out;
  std::memcpy(&out, &bits, sizeof(out));
  return out;
}

std::string TimeText(int64_t micros) {
  int64_t seconds = micros / 1000000, fraction = micros % 1000000;
  std::string text = fmt::format("{:02}:{:02}:{:02}", seconds / 3600, (seconds / 60) % 60, seconds % 60);
  if (fraction != 0) {
    std::string digits = fmt::format("{:06}", fraction);
    while (digits.back() == '0') digits.pop_back();
    text += "." + digits;
  }
  return text;
}

// Checks that the values appended since `first` are each valid UTF-8: the bytes as a whole
// are valid and no value starts inside a character.
Status CheckUtf8(ByteArrayOutput& strings, int64_t first) {
  const int64_t* offsets = strings.offsets();
  int64_t begin = offsets[first], end = offsets[strings.count()];
  const uint8_t* data = strings.data();
  if (!simdjson::validate_utf8(reinterpret_cast<const char*>(data + begin), static_cast<size_t>(end - begin))) {
    return DataLoss("string value is not valid UTF-8");
  }
  for (int64_t i = first; i < strings.count(); ++i) {
    if (offsets[i] != offsets[i + 1] && (data[offsets[i]] & 0xc0) == 0x80) {
      return DataLoss("string value is not valid UTF-8");
    }
  }
  return Status::Ok();
}

// Calls emit(pointer, length) for each of `count` byte-array-like values (BYTE_ARRAY or
// FIXED_LEN_BYTE_ARRAY), decoded through scratch.
template <typename Fn>
Status ForEachBytes(const LeafPlan& plan, ValueDecoder& decoder, size_t count, ConversionScratch& scratch, Fn&& emit) {
  if (plan.physical == PhysicalType::kByteArray) {
    scratch.arrays.SetCount(0);
    RETURN_IF_ERROR(decoder.DecodeByteArrays(count, scratch.arrays));
    const int64_t* offsets = scratch.arrays.offsets();
    const uint8_t* data = scratch.arrays.data();
    for (size_t i = 0; i < count; ++i) {
      RETURN_IF_ERROR(emit(data + offsets[i], static_cast<size_t>(offsets[i + 1] - offsets[i])));
    }
    return Status::Ok();
  }
  ASSIGN_OR_RETURN(const uint8_t* in, DecodeToScratch(plan, decoder, count, scratch));
  auto width = static_cast<size_t>(plan.type_length);
  for (size_t i = 0; i < count; ++i) RETURN_IF_ERROR(emit(in + i * width, width));
  return Status::Ok();
}

Status DecodeTemporal(const LeafPlan& plan, ValueDecoder& decoder, size_t count, LeafBuilder& out,
                      ConversionScratch& scratch) {
  switch (plan.conversion) {
    case Conversion::kMillisToMicros: {
      auto* values = reinterpret_cast<int64_t*>(out.ClaimFixed(count));
      RETURN_IF_ERROR(decoder.DecodeFixed(count, reinterpret_cast<uint8_t*>(values)));
      for (size_t i = 0; i < count; ++i) {
        if (__builtin_mul_overflow(values[i], int64_t{1000}, &values[i])) {
          return DataLoss("timestamp in milliseconds is out of range");
        }
      }
      out.CommitFixed(count);
      return Status::Ok();
    }
    case Conversion::kNanosToMicros: {
      auto* values = reinterpret_cast<int64_t*>(out.ClaimFixed(count));
      RETURN_IF_ERROR(decoder.DecodeFixed(count, reinterpret_cast<uint8_t*>(values)));
      for (size_t i = 0; i < count; ++i) {
        int64_t v = values[i];
        values[i] = v / 1000 - (v % 1000 < 0 ? 1 : 0);  // round toward negative infinity
      }
      out.CommitFixed(count);
      return Status::Ok();
    }
    case Conversion::kInt96ToMicros: {
      ASSIGN_OR_RETURN(const uint8_t* in, DecodeToScratch(plan, decoder, count, scratch));
      auto* values = reinterpret_cast<int64_t*>(out.ClaimFixed(count));
      constexpr int64_t kUnixEpochJulianDay = 2440588;
      for (size_t i = 0; i < count; ++i) {
        int64_t nanos = Load<int64_t>(in + i * 12);
        int64_t day = Load<int32_t>(in + i * 12 + 8);
        int64_t micros;
        if (__builtin_mul_overflow(day - kUnixEpochJulianDay, int64_t{86400000000}, &micros) ||
            __builtin_add_overflow(micros, nanos / 1000, &micros)) {
          return DataLoss("INT96 timestamp is out of range");
        }
        values[i] = micros;
      }
      out.CommitFixed(count);
      return Status::Ok();
    }
    case Conversion::kTimeToText: {
      ByteArrayOutput& strings = out.strings();
      int64_t scale = plan.time_unit == TimeUnit::kMillis ? 1000 : 1;
      ASSIGN_OR_RETURN(const uint8_t* in, DecodeToScratch(plan, decoder, count, scratch));
      for (size_t i = 0; i < count; ++i) {
        int64_t raw = plan.physical == PhysicalType::kInt32 ? Load<int32_t>(in + i * 4) : Load<int64_t>(in + i * 8);
        int64_t micros = plan.time_unit == TimeUnit::kNanos ? raw / 1000 : raw * scale;
        std::string text = TimeText(micros);
        if (!strings.Append(text.data(), text.size())) return TooLarge(strings);
      }
      return Status::Ok();
    }
    default: return Internal("not a temporal conversion");
  }
}

Status DecodeBytesLike(const LeafPlan& plan, ValueDecoder& decoder, size_t count, LeafBuilder& out,
                       ConversionScratch& scratch) {
  switch (plan.conversion) {
    case Conversion::kString:
    case Conversion::kBinary: {
      ByteArrayOutput& strings = out.strings();
      int64_t first = strings.count();
      RETURN_IF_ERROR(decoder.DecodeByteArrays(count, strings));
      if (plan.conversion == Conversion::kString) return CheckUtf8(strings, first);
      return Status::Ok();
    }
    case Conversion::kFixedToBinary: {
      ByteArrayOutput& strings = out.strings();
      strings.ReserveValues(count);
      if (!strings.ReserveBytes(count * static_cast<size_t>(plan.type_length))) return TooLarge(strings);
      return ForEachBytes(plan, decoder, count, scratch, [&](const uint8_t* p, size_t n) {
        strings.UnsafeAppend(p, n);
        return Status::Ok();
      });
    }
    case Conversion::kUuidToText: {
      ByteArrayOutput& strings = out.strings();
      return ForEachBytes(plan, decoder, count, scratch, [&](const uint8_t* p, size_t) {
        std::string text = fmt::format("{:02x}{:02x}{:02x}{:02x}-{:02x}{:02x}-{:02x}{:02x}-{:02x}{:02x}-"
                                       "{:02x}{:02x}{:02x}{:02x}{:02x}{:02x}",
                                       p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9], p[10], p[11], p[12],
                                       p[13], p[14], p[15]);
        if (!strings.Append(text.data(), text.size())) return TooLarge(strings);
        return Status::Ok();
      });
    }
    case Conversion::kBytesToDecimal: {
      auto* values = reinterpret_cast<Int128*>(out.ClaimFixed(count));
      size_t i = 0;
      RETURN_IF_ERROR(ForEachBytes(plan, decoder, count, scratch, [&](const uint8_t* p, size_t n) {
        Int128 v;
        if (!BigEndianToInt128(p, n, &v)) return DataLoss("decimal value does not fit 38 digits");
        std::memcpy(&values[i++], &v, sizeof(v));
        return Status::Ok();
      }));
      out.CommitFixed(count);
      return Status::Ok();
    }
    case Conversion::kBytesToDecimalText: {
      ByteArrayOutput& strings = out.strings();
      return ForEachBytes(plan, decoder, count, scratch, [&](const uint8_t* p, size_t n) {
        std::string text = BigEndianToDecimalText(p, n, plan.decimal_scale);
        if (!strings.Append(text.data(), text.size())) return TooLarge(strings);
        return Status::Ok();
      });
    }
    default: return Internal("not a byte array conversion");
  }
}

}  // namespace

Status DecodeDense(const LeafPlan& plan, ValueDecoder& decoder, size_t count, LeafBuilder& out,
                   ConversionScratch& scratch) {
  if (count == 0) return Status::Ok();
  switch (plan.conversion) {
    case Conversion::kNone: {
      uint8_t* dest = out.ClaimFixed(count);
      if (plan.physical == PhysicalType::kBoolean) RETURN_IF_ERROR(decoder.DecodeBooleans(count, dest));
      else RETURN_IF_ERROR(decoder.DecodeFixed(count, dest));
      out.CommitFixed(count);
      return Status::Ok();
    }
    case Conversion::kInt32ToInt8:
      return ConvertFixed<int32_t, int8_t>(plan, decoder, count, out, scratch, [](int32_t v) { return static_cast<int8_t>(v); });
    case Conversion::kInt32ToInt16:
      return ConvertFixed<int32_t, int16_t>(plan, decoder, count, out, scratch, [](int32_t v) { return static_cast<int16_t>(v); });
    case Conversion::kUint8ToInt16:
      return ConvertFixed<int32_t, int16_t>(plan, decoder, count, out, scratch, [](int32_t v) { return static_cast<int16_t>(v & 0xff); });
    case Conversion::kUint16ToInt32:
      return ConvertFixed<int32_t, int32_t>(plan, decoder, count, out, scratch, [](int32_t v) { return v & 0xffff; });
    case Conversion::kUint32ToInt64:
      return ConvertFixed<int32_t, int64_t>(plan, decoder, count, out, scratch,
                                            [](int32_t v) { return static_cast<int64_t>(static_cast<uint32_t>(v)); });
    case Conversion::kUint64ToDecimal:
      return ConvertFixed<int64_t, Int128>(plan, decoder, count, out, scratch,
                                           [](int64_t v) { return static_cast<Int128>(static_cast<uint64_t>(v)); });
    case Conversion::kInt32ToDecimal:
      return ConvertFixed<int32_t, Int128>(plan, decoder, count, out, scratch, [](int32_t v) { return static_cast<Int128>(v); });
    case Conversion::kInt64ToDecimal:
      return ConvertFixed<int64_t, Int128>(plan, decoder, count, out, scratch, [](int64_t v) { return static_cast<Int128>(v); });
    case Conversion::kFloat16ToFloat32:
      return ConvertFixed<uint16_t, float>(plan, decoder, count, out, scratch, HalfToFloat);
    case Conversion::kMillisToMicros:
    case Conversion::kNanosToMicros:
    case Conversion::kInt96ToMicros:
    case Conversion::kTimeToText: return DecodeTemporal(plan, decoder, count, out, scratch);
    case Conversion::kString:
    case Conversion::kBinary:
    case Conversion::kFixedToBinary:
    case Conversion::kUuidToText:
    case Conversion::kBytesToDecimal:
    case Conversion::kBytesToDecimalText: return DecodeBytesLike(plan, decoder, count, out, scratch);
    case Conversion::kNull: return Status::Ok();
  }
  return Internal("unknown conversion");
}

namespace {

template <size_t W>
void GatherFixed(const uint8_t* dictionary, const uint32_t* indices, size_t count, uint8_t* out) {
  for (size_t i = 0; i < count; ++i) std::memcpy(out + i * W, dictionary + static_cast<size_t>(indices[i]) * W, W);
}

}  // namespace

Status GatherDictionary(const LeafBuilder& dictionary, const uint32_t* indices, size_t count, LeafBuilder& out) {
  if (count == 0) return Status::Ok();
  if (dictionary.is_byte_array()) {
    const ByteArrayOutput& entries = dictionary.strings();
    const int64_t* offsets = entries.offsets();
    const uint8_t* data = entries.data();
    size_t bytes = 0;
    for (size_t i = 0; i < count; ++i) bytes += static_cast<size_t>(offsets[indices[i] + 1] - offsets[indices[i]]);
    ByteArrayOutput& strings = out.strings();
    strings.ReserveValues(count);
    if (!strings.ReserveBytes(bytes + ByteArrayOutput::kSmallValue)) return TooLarge(strings);
    // Short values are copied as whole blocks (dictionaries keep that much slack past their end).
    for (size_t i = 0; i < count; ++i) {
      int64_t begin = offsets[indices[i]];
      auto length = static_cast<size_t>(offsets[indices[i] + 1] - begin);
      if (length <= ByteArrayOutput::kSmallValue) strings.UnsafeAppendSmall(data + begin, length);
      else strings.UnsafeAppend(data + begin, length);
    }
    return Status::Ok();
  }
  auto width = static_cast<size_t>(dictionary.width());
  const uint8_t* base = dictionary.fixed_data();
  uint8_t* dest = out.ClaimFixed(count);
  switch (width) {
    case 1: GatherFixed<1>(base, indices, count, dest); break;
    case 2: GatherFixed<2>(base, indices, count, dest); break;
    case 4: GatherFixed<4>(base, indices, count, dest); break;
    case 8: GatherFixed<8>(base, indices, count, dest); break;
    case 16: GatherFixed<16>(base, indices, count, dest); break;
    default:
      for (size_t i = 0; i < count; ++i) std::memcpy(dest + i * width, base + indices[i] * width, width);
  }
  out.CommitFixed(count);
  return Status::Ok();
}

}  // namespace sluice::formats::parquet
