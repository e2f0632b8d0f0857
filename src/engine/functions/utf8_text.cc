// UTF-8 text handling: see utf8_text.h.
#include "engine/functions/utf8_text.h"

#include <clocale>
#include <cwctype>
#include <locale.h>

namespace sluice::engine {

namespace {

locale_t CaseLocale() {
  static locale_t locale = [] {
    locale_t l = newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(0));
    if (!l) l = newlocale(LC_CTYPE_MASK, "C", static_cast<locale_t>(0));
    return l;
  }();
  return locale;
}

// Decodes one code point at text[pos]; returns its length, or 0 for an invalid sequence.
size_t Decode(std::string_view text, size_t pos, char32_t* code_point) {
  auto byte = [&](size_t i) { return static_cast<unsigned char>(text[i]); };
  unsigned char lead = byte(pos);
  size_t length = Utf8SequenceLength(lead);
  if (length == 1) {
    *code_point = lead;
    return lead < 0x80 ? 1 : 0;
  }
  if (pos + length > text.size()) return 0;
  char32_t value = lead & (0x7f >> length);
  for (size_t i = 1; i < length; ++i) {
    if ((byte(pos + i) & 0xc0) != 0x80) return 0;
    value = (value << 6) | (byte(pos + i) & 0x3f);
  }
  *code_point = value;
  return length;
}

void Encode(char32_t c, std::string& out) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xc0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3f));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xe0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (c & 0x3f));
  } else {
    out += static_cast<char>(0xf0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3f));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (c & 0x3f));
  }
}

template <typename Map>
void AppendMapped(std::string_view text, std::string& out, Map map) {
  size_t pos = 0;
  while (pos < text.size()) {
    auto lead = static_cast<unsigned char>(text[pos]);
    if (lead < 0x80) {
      out += static_cast<char>(map(lead));
      ++pos;
      continue;
    }
    char32_t c;
    size_t length = Decode(text, pos, &c);
    if (length == 0) {  // invalid byte: copy it as it is
      out += text[pos++];
      continue;
    }
    Encode(map(c), out);
    pos += length;
  }
}

char32_t Lower(char32_t c) {
  if (c < 0x80) return (c >= 'A' && c <= 'Z') ? c + 32 : c;
  return static_cast<char32_t>(towlower_l(static_cast<wint_t>(c), CaseLocale()));
}

char32_t Upper(char32_t c) {
  if (c < 0x80) return (c >= 'a' && c <= 'z') ? c - 32 : c;
  return static_cast<char32_t>(towupper_l(static_cast<wint_t>(c), CaseLocale()));
}

}  // namespace

int64_t CodePointCount(std::string_view text) {
  int64_t count = 0;
  for (char c : text) count += (static_cast<unsigned char>(c) & 0xc0) != 0x80;
  return count;
}

size_t ByteOffsetOfCodePoint(std::string_view text, int64_t index) {
  size_t pos = 0;
  for (int64_t i = 0; i < index && pos < text.size(); ++i) {
    size_t length = Utf8SequenceLength(static_cast<unsigned char>(text[pos]));
    pos = pos + length > text.size() ? text.size() : pos + length;
  }
  return pos;
}

std::vector<std::string_view> CodePoints(std::string_view text) {
  std::vector<std::string_view> out;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t length = Utf8SequenceLength(static_cast<unsigned char>(text[pos]));
    if (pos + length > text.size()) length = text.size() - pos;
    out.push_back(text.substr(pos, length));
    pos += length;
  }
  return out;
}

void AppendLower(std::string_view text, std::string& out) { AppendMapped(text, out, Lower); }
void AppendUpper(std::string_view text, std::string& out) { AppendMapped(text, out, Upper); }

void AppendInitCap(std::string_view text, std::string& out) {
  bool word_start = true;
  AppendMapped(text, out, [&](char32_t c) {
    char32_t mapped = word_start ? Upper(c) : Lower(c);
    word_start = c == ' ';
    return mapped;
  });
}

}  // namespace sluice::engine
