// Identifiers: see ids.h. Randomness comes from a per-thread generator seeded from OpenSSL.
#include "common/ids.h"

#include <cstring>
#include <random>

#include "common/crypto.h"

namespace sluice {

namespace {
std::mt19937_64& Generator() {
  thread_local std::mt19937_64 generator([] {
    std::string seed = RandomBytes(8);
    uint64_t value;
    std::memcpy(&value, seed.data(), sizeof(value));
    return value;
  }());
  return generator;
}

constexpr char kLower[] = "0123456789abcdef";
constexpr char kUpper[] = "0123456789ABCDEF";
}  // namespace

std::string NewUuid() {
  uint64_t high = Generator()();
  uint64_t low = Generator()();
  high = (high & ~0xF000ULL) | 0x4000ULL;               // version 4
  low = (low & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL;  // RFC 4122 variant
  std::string out;
  out.reserve(36);
  for (int i = 15; i >= 0; --i) {
    out += kLower[(high >> (i * 4)) & 15];
    if (i == 8 || i == 4) out += '-';
  }
  out += '-';
  for (int i = 15; i >= 0; --i) {
    out += kLower[(low >> (i * 4)) & 15];
    if (i == 12) out += '-';
  }
  return out;
}

std::string RandomHex(size_t length) {
  std::string out(length, '0');
  uint64_t bits = 0;
  int available = 0;
  for (size_t i = 0; i < length; ++i) {
    if (available == 0) {
      bits = Generator()();
      available = 16;
    }
    out[i] = kLower[bits & 15];
    bits >>= 4;
    --available;
  }
  return out;
}

std::string NewRequestId() {
  uint64_t bits = Generator()();
  std::string out(16, '0');
  for (int i = 0; i < 16; ++i) out[i] = kUpper[(bits >> (i * 4)) & 15];
  return out;
}

}  // namespace sluice
