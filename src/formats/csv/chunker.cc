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

// With RFC 4180 quoting the state at the end is the parity of the quote count; walking back
// from the end, quotes toggle it, and the first '\n' met outside quotes is the last row end.
size_t LastRowEndByParity(std::string_view data, char quote) {
  bool inside = CountByte(data.data(), data.size(), quote) % 2 == 1;
  for (size_t i = data.size(); i-- > 0;) {
    char c = data[i];
    if (c == quote) inside = !inside;
    else if (c == '\n' && !inside) return i + 1;
  }
  return 0;
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
  if (SimpleQuoting(dialect)) return LastRowEndByParity(data, dialect.quote);
  return ScanBytes(data, dialect, &inside);
}

bool EndsInsideQuotes(std::string_view data, const CsvDialect& dialect) {
  bool inside = false;
  if (dialect.quote == '\0') return false;
  if (SimpleQuoting(dialect)) return CountByte(data.data(), data.size(), dialect.quote) % 2 == 1;
  ScanBytes(data, dialect, &inside);
  return inside;
}

}  // namespace sluice::formats::csv
