// UTF-8 text handling for the string functions: code point counting and positioning (Spark's
// string functions count characters, not bytes), Unicode case mapping through the C library's
// C.UTF-8 tables (ASCII takes a fast path).
//
// Invalid UTF-8 is never rejected here: a stray byte counts as one character.
//
// Thread safety: pure functions; the case-mapping locale is created once and only read.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>


namespace sluice::engine {

// Bytes in the UTF-8 sequence that starts with `lead` (1 for continuation or invalid bytes).
inline size_t Utf8SequenceLength(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead >> 5) == 0x6) return 2;
  if ((lead >> 4) == 0xe) return 3;
  if ((lead >> 3) == 0x1e) return 4;
  return 1;
}

// Number of characters (code points) in `text`.
int64_t CodePointCount(std::string_view text);
// The byte offset of character `index` (0-based); text.size() when past the end.
size_t ByteOffsetOfCodePoint(std::string_view text, int64_t index);
// Splits text into characters (each a view of 1-4 bytes).
std::vector<std::string_view> CodePoints(std::string_view text);
// Appends `text` lower- or upper-cased.
void AppendLower(std::string_view text, std::string& out);
void AppendUpper(std::string_view text, std::string& out);
// Appends text with the first letter of every word upper-cased and the rest lower-cased.
void AppendInitCap(std::string_view text, std::string& out);

}  // namespace sluice::engine
