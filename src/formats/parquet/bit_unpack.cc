// Bit packing and unpacking: see bit_unpack.h.
#include "formats/parquet/bit_unpack.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <utility>

namespace sluice::formats::parquet {

namespace {

inline uint64_t Load64(const uint8_t* p) {
  uint64_t v;
  std::memcpy(&v, p, sizeof(v));
  return v;
}

// One value at bit offset `bit`, reading only bytes below `in_size`.
inline uint64_t ExtractSlow(const uint8_t* in, size_t in_size, size_t bit, int width) {
  uint64_t value = 0;
  int got = 0;
  size_t byte = bit >> 3;
  int shift = static_cast<int>(bit & 7);
  while (got < width && byte < in_size) {
    uint64_t part = static_cast<uint64_t>(in[byte]) >> shift;
    value |= part << got;
    got += 8 - shift;
    shift = 0;
    ++byte;
  }
  return width == 64 ? value : value & ((uint64_t{1} << width) - 1);
}

template <int W, int K>
inline uint64_t GroupValue(const uint8_t* base) {
  constexpr int bit = K * W;
  constexpr int byte = bit >> 3;
  constexpr int shift = bit & 7;
  constexpr uint64_t mask = W == 64 ? ~uint64_t{0} : (uint64_t{1} << W) - 1;
  uint64_t v = Load64(base + byte) >> shift;
  if constexpr (W + shift > 64) v |= static_cast<uint64_t>(base[byte + 8]) << (64 - shift);
  return v & mask;
}

template <typename T, int W, size_t... K>
inline void UnpackGroup(const uint8_t* base, T* out, std::index_sequence<K...>) {
  ((out[K] = static_cast<T>(GroupValue<W, static_cast<int>(K)>(base))), ...);
}

template <typename T, int W>
void UnpackWidth(const uint8_t* in, size_t in_size, size_t first, size_t count, T* out) {
  if constexpr (W == 0) {
    std::fill(out, out + count, T{0});
  } else {
    size_t i = first;
    const size_t end = first + count;
    for (; i < end && (i & 7) != 0; ++i) *out++ = static_cast<T>(ExtractSlow(in, in_size, i * W, W));
    // A whole group of 8 values is W bytes; the unrolled loads read up to 8 bytes past a value.
    while (i + 8 <= end && (i / 8) * W + W + 8 <= in_size) {
      UnpackGroup<T, W>(in + (i / 8) * W, out, std::make_index_sequence<8>{});
      out += 8;
      i += 8;
    }
    for (; i < end; ++i) *out++ = static_cast<T>(ExtractSlow(in, in_size, i * W, W));
  }
}

template <typename T>
using UnpackFn = void (*)(const uint8_t*, size_t, size_t, size_t, T*);

template <typename T, size_t... W>
constexpr std::array<UnpackFn<T>, sizeof...(W)> MakeTable(std::index_sequence<W...>) {
  return {&UnpackWidth<T, static_cast<int>(W)>...};
}

template <typename T>
const auto kUnpackTable = MakeTable<T>(std::make_index_sequence<8 * sizeof(T) + 1>{});

}  // namespace

template <typename T>
void UnpackBits(const uint8_t* in, size_t in_size, int bit_width, size_t first, size_t count, T* out) {
  kUnpackTable<T>[static_cast<size_t>(bit_width)](in, in_size, first, count, out);
}

template void UnpackBits<uint8_t>(const uint8_t*, size_t, int, size_t, size_t, uint8_t*);
template void UnpackBits<uint16_t>(const uint8_t*, size_t, int, size_t, size_t, uint16_t*);
template void UnpackBits<uint32_t>(const uint8_t*, size_t, int, size_t, size_t, uint32_t*);
template void UnpackBits<uint64_t>(const uint8_t*, size_t, int, size_t, size_t, uint64_t*);

namespace {

template <typename V>
void PackGeneric(const V* values, size_t count, int bit_width, uint8_t* out) {
  if (bit_width == 0) return;
  size_t bit = 0;
  for (size_t i = 0; i < count; ++i, bit += static_cast<size_t>(bit_width)) {
    uint64_t v = values[i];
    size_t byte = bit >> 3;
    int shift = static_cast<int>(bit & 7);
    int left = bit_width;
    // The first byte takes the low bits after `shift`.
    out[byte++] |= static_cast<uint8_t>(v << shift);
    int written = 8 - shift;
    left -= written;
    while (left > 0) {
      out[byte++] |= static_cast<uint8_t>(v >> written);
      written += 8;
      left -= 8;
    }
  }
}

}  // namespace

void PackBits(const uint64_t* values, size_t count, int bit_width, uint8_t* out) {
  PackGeneric(values, count, bit_width, out);
}

void PackBits32(const uint32_t* values, size_t count, int bit_width, uint8_t* out) {
  PackGeneric(values, count, bit_width, out);
}

}  // namespace sluice::formats::parquet
