// RLE/bit-packed hybrid encoding: see rle_encoder.h.
#include "formats/parquet/rle_encoder.h"

#include "formats/parquet/bit_unpack.h"

namespace sluice::formats::parquet {

namespace {

// A run of at least this many equal values is worth an RLE run.
constexpr size_t kMinRepeat = 8;

void PutVarint(uint64_t value, std::string* out) {
  while (value >= 0x80) {
    out->push_back(static_cast<char>((value & 0x7f) | 0x80));
    value >>= 7;
  }
  out->push_back(static_cast<char>(value));
}

template <typename T>
size_t RunLength(const T* values, size_t from, size_t count) {
  size_t end = from + 1;
  while (end < count && values[end] == values[from]) ++end;
  return end - from;
}

template <typename T>
void EmitLiteral(const T* values, size_t from, size_t groups, size_t count, int bit_width, std::string* out) {
  PutVarint((static_cast<uint64_t>(groups) << 1) | 1, out);
  uint32_t padded[8];
  size_t old = out->size();
  out->resize(old + groups * static_cast<size_t>(bit_width), '\0');
  auto* dest = reinterpret_cast<uint8_t*>(out->data() + old);
  for (size_t g = 0; g < groups; ++g) {
    for (size_t k = 0; k < 8; ++k) {
      size_t i = from + g * 8 + k;
      padded[k] = i < count ? values[i] : 0;
    }
    PackBits32(padded, 8, bit_width, dest + g * static_cast<size_t>(bit_width));
  }
}

template <typename T>
void Encode(const T* values, size_t count, int bit_width, std::string* out) {
  const int value_bytes = (bit_width + 7) / 8;
  size_t i = 0;
  while (i < count) {
    size_t run = RunLength(values, i, count);
    if (run >= kMinRepeat) {
      PutVarint(static_cast<uint64_t>(run) << 1, out);
      uint32_t v = values[i];
      for (int b = 0; b < value_bytes; ++b) out->push_back(static_cast<char>((v >> (8 * b)) & 0xff));
      i += run;
      continue;
    }
    // Literal groups of 8 until a long run starts at a group boundary (or the values end).
    size_t start = i;
    size_t groups = 0;
    while (i < count) {
      ++groups;
      i = start + groups * 8;
      if (i >= count || RunLength(values, i, count) >= kMinRepeat) break;
    }
    EmitLiteral(values, start, groups, count, bit_width, out);
    if (i > count) i = count;
  }
}

}  // namespace

void EncodeRle(const uint16_t* values, size_t count, int bit_width, std::string* out) {
  Encode(values, count, bit_width, out);
}

void EncodeRle(const uint32_t* values, size_t count, int bit_width, std::string* out) {
  Encode(values, count, bit_width, out);
}

}  // namespace sluice::formats::parquet
