// Row boundaries: see chunker.h.
#include "formats/csv/chunker.h"

#include <cstring>

#include "formats/csv/character_masks.h"

namespace sluice::formats::csv {

namespace {

// Whether quotes toggle a simple in/out state (RFC 4180 doubling, or no quoting), which the
// 64-byte masks handle; a distinct escape character needs the byte-at-a-time scan.
bool SimpleQuoting(const CsvDialect& dialect) {
  return dialect.quote == '\0' || dialect.escape == dialect.quote || dialect.escape == '\0';
}

// Scans with 64-byte masks; returns the last outside-quotes '\n' + 1 (0 if none) and whether
// the data ends inside quotes.
size_t ScanMasks(std::string_view data, char quote, bool* inside_at_end) {
  const char* p = data.data();
  size_t n = data.size();
  uint64_t carry = 0;  // all ones while inside quotes
  size_t last = 0;
  size_t base = 0;
  auto process = [&](const Chunk64& chunk) {
    uint64_t inside = PrefixXor(chunk.Mask(quote)) ^ carry;
    carry = static_cast<uint64_t>(static_cast<int64_t>(inside) >> 63);
    uint64_t newlines = chunk.Mask('\n') & ~inside;
    if (newlines) last = base + 64 - static_cast<size_t>(__builtin_clzll(newlines));
  };
  for (; base + 64 <= n; base += 64) process(Chunk64(p + base));
  if (base < n) {
    PaddedTail tail(p + base, n - base);
    process(Chunk64(tail.bytes));
  }
  *inside_at_end = carry != 0;
  return last;
}

size_t ScanBytes(std::string_view data, const CsvDialect& dialect, bool* inside_at_end) {
  bool inside = false;
  size_t last = 0;
  for (size_t i = 0; i < data.size(); ++i) {
    char c = data[i];
    if (inside) {
      if (c == dialect.escape && dialect.escape != dialect.quote) {
        ++i;
      } else if (c == dialect.quote) {
        inside = false;
      }
    } else if (c == dialect.quote) {
      inside = true;
    } else if (c == '\n') {
      last = i + 1;
    }
  }
  *inside_at_end = inside;
  return last;
}

}  // namespace

size_t FindLastRowEnd(std::string_view data, const CsvDialect& dialect) {
  bool inside = false;
  if (dialect.quote == '\0' || std::memchr(data.data(), dialect.quote, data.size()) == nullptr) {
    const void* newline = ::memrchr(data.data(), '\n', data.size());
    return newline ? static_cast<const char*>(newline) - data.data() + 1 : 0;
  }
  if (SimpleQuoting(dialect)) return ScanMasks(data, dialect.quote, &inside);
  return ScanBytes(data, dialect, &inside);
}

bool EndsInsideQuotes(std::string_view data, const CsvDialect& dialect) {
  bool inside = false;
  if (dialect.quote == '\0') return false;
  if (SimpleQuoting(dialect)) ScanMasks(data, dialect.quote, &inside);
  else ScanBytes(data, dialect, &inside);
  return inside;
}

}  // namespace sluice::formats::csv
