// 64-byte-at-a-time character classification for the CSV chunker and tokenizer (SSE2, which
// every x86-64 has): one bit per byte saying "this byte is c", and the prefix-XOR that turns
// the bits of quote characters into "inside a quoted field" bits.
//
// Thread safety: pure functions.
#pragma once

#include <emmintrin.h>

#include <cstdint>
#include <algorithm>
#include <cstring>

namespace sluice::formats::csv {

// 64 bytes loaded once, compared against several characters.
class Chunk64 {
 public:
  explicit Chunk64(const char* p) {
    for (int i = 0; i < 4; ++i) lanes_[i] = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * i));
  }
  // Bit i is set when byte i equals c.
  uint64_t Mask(char c) const {
    __m128i needle = _mm_set1_epi8(c);
    uint64_t m0 = static_cast<uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(lanes_[0], needle)));
    uint64_t m1 = static_cast<uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(lanes_[1], needle)));
    uint64_t m2 = static_cast<uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(lanes_[2], needle)));
    uint64_t m3 = static_cast<uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(lanes_[3], needle)));
    return m0 | (m1 << 16) | (m2 << 32) | (m3 << 48);
  }

 private:
  __m128i lanes_[4];
};

// Bit i of the result is the XOR of bits 0..i of x: with x the quote positions, the bits
// from an opening quote up to (not including) its closing quote.
inline uint64_t PrefixXor(uint64_t x) {
  x ^= x << 1;
  x ^= x << 2;
  x ^= x << 4;
  x ^= x << 8;
  x ^= x << 16;
  x ^= x << 32;
  return x;
}

// Set bits of x, without relying on the POPCNT instruction (not in baseline x86-64).
inline int CountBits(uint64_t x) {
  int count = 0;
  for (; x; x &= x - 1) ++count;
  return count;
}

// Occurrences of c in [p, p + n): SSE2 compares summed with SAD, 16 bytes at a time.
inline size_t CountByte(const char* p, size_t n, char c) {
  const __m128i needle = _mm_set1_epi8(c);
  const __m128i zero = _mm_setzero_si128();
  size_t count = 0, i = 0;
  while (i + 16 <= n) {
    __m128i bytes = zero;  // per-lane match counts, at most 255 before they are summed
    size_t stop = std::min(n - (n - i) % 16, i + 255 * 16);
    for (; i < stop; i += 16) {
      __m128i chunk = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
      bytes = _mm_sub_epi8(bytes, _mm_cmpeq_epi8(chunk, needle));
    }
    __m128i sums = _mm_sad_epu8(bytes, zero);
    count += static_cast<size_t>(_mm_cvtsi128_si64(sums)) +
             static_cast<size_t>(_mm_cvtsi128_si64(_mm_unpackhi_epi64(sums, sums)));
  }
  for (; i < n; ++i) count += p[i] == c;
  return count;
}

// The last partial chunk of a buffer, copied into zeroed storage so it can be loaded whole.
// REQUIRES: the dialect's special characters are not NUL.
struct PaddedTail {
  PaddedTail(const char* p, size_t n) {
    std::memset(bytes, 0, sizeof(bytes));
    std::memcpy(bytes, p, n);
  }
  alignas(16) char bytes[64];
};

}  // namespace sluice::formats::csv
