// JSON record boundaries: see record_scanner.h.
#include "formats/json/record_scanner.h"

#include <cstring>

namespace sluice::formats::json {

namespace {

bool Space(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

// Walks records at depth zero, calling on_record(begin, end) for each complete one (it returns
// false to stop early) and on_stray(offset, what) for text between records that is not one.
// Returns the offset just past the last complete record.
template <typename OnRecord, typename OnStray>
size_t Walk(std::string_view data, JsonFormat format, OnRecord on_record, OnStray on_stray,
            bool* closed = nullptr) {
  size_t last_end = 0;
  int64_t depth = 0;
  bool in_string = false, escape = false;
  bool in_record = false, scalar = false, array_closed = false;
  size_t record_begin = 0;
  const size_t n = data.size();
  for (size_t i = 0; i < n; ++i) {
    char c = data[i];
    if (in_string) {
      if (escape) escape = false;
      else if (c == '\\') escape = true;
      else if (c == '"') {
        in_string = false;
        if (depth == 0 && scalar) {  // a top-level string ends the record
          last_end = i + 1;
          in_record = scalar = false;
          if (!on_record(record_begin, i + 1)) return last_end;
        }
      }
      continue;
    }
    if (depth == 0 && in_record && scalar && (Space(c) || c == ',' || c == ']' || c == '[' || c == '{')) {
      last_end = i;
      in_record = scalar = false;
      if (!on_record(record_begin, i)) return last_end;
    }
    if (depth == 0 && !in_record) {
      if (Space(c)) continue;
      if (array_closed) {
        on_stray(i, "text after the end of the top-level array");
        return last_end;
      }
      if (format == JsonFormat::kArray && c == ',') continue;
      if (format == JsonFormat::kArray && c == ']') {
        array_closed = true;
        if (closed) *closed = true;
        last_end = i + 1;
        continue;
      }
      if (c == '}' || c == ']' || c == ',') {
        on_stray(i, std::string("unexpected '") + c + "' between records");
        last_end = i + 1;
        continue;
      }
      in_record = true;
      record_begin = i;
      scalar = c != '{' && c != '[';
      if (c == '"') {
        in_string = true;
        continue;
      }
      if (scalar) continue;
    }
    switch (c) {
      case '"': in_string = true; break;
      case '{':
      case '[': ++depth; break;
      case '}':
      case ']':
        if (--depth == 0) {
          last_end = i + 1;
          in_record = false;
          if (!on_record(record_begin, i + 1)) return last_end;
        } else if (depth < 0) {
          depth = 0;
        }
        break;
      default: break;
    }
  }
  if (in_record && scalar && depth == 0) {
    on_record(record_begin, n);
    last_end = n;
  }
  return last_end;
}

}  // namespace

DetectedFormat DetectFormat(std::string_view sample, JsonFormat requested) {
  DetectedFormat out;
  size_t i = 0;
  if (sample.substr(0, 3) == "\xEF\xBB\xBF") i = 3;
  while (i < sample.size() && Space(sample[i])) ++i;
  bool array = i < sample.size() && sample[i] == '[';
  if (requested == JsonFormat::kArray || (requested == JsonFormat::kAuto && array)) {
    out.format = JsonFormat::kArray;
    out.data_offset = array ? i + 1 : i;
    return out;
  }
  out.data_offset = i;
  if (requested != JsonFormat::kAuto) {
    out.format = requested;
    return out;
  }
  // The first record: on one line means JSON lines.
  size_t first_end = 0;
  bool found = false;
  Walk(sample.substr(i), JsonFormat::kConcatenated,
       [&](size_t, size_t end) {
         first_end = end;
         found = true;
         return false;
       },
       [](size_t, std::string_view) {});
  bool one_line = !found || std::memchr(sample.data() + i, '\n', first_end) == nullptr;
  out.format = one_line ? JsonFormat::kLines : JsonFormat::kConcatenated;
  return out;
}

size_t FindLastRecordEnd(std::string_view data, JsonFormat format) {
  if (format == JsonFormat::kLines || format == JsonFormat::kAuto) {
    const void* newline = ::memrchr(data.data(), '\n', data.size());
    return newline ? static_cast<const char*>(newline) - data.data() + 1 : 0;
  }
  return Walk(data, format, [](size_t, size_t) { return true; }, [](size_t, std::string_view) {});
}

void SplitRecords(std::string_view block, JsonFormat format, std::vector<RecordSpan>* records,
                  std::vector<RowError>* errors, bool* array_closed) {
  records->clear();
  if (format == JsonFormat::kLines || format == JsonFormat::kAuto) {
    size_t start = 0;
    while (start < block.size()) {
      const void* newline = std::memchr(block.data() + start, '\n', block.size() - start);
      size_t end = newline ? static_cast<const char*>(newline) - block.data() : block.size();
      size_t b = start, e = end;
      while (b < e && Space(block[b])) ++b;
      while (e > b && Space(block[e - 1])) --e;
      if (b < e) records->push_back({static_cast<uint32_t>(b), static_cast<uint32_t>(e)});
      start = end + 1;
    }
    return;
  }
  bool stray = false;
  size_t end = Walk(
      block, format,
      [&](size_t begin, size_t end) {
        records->push_back({static_cast<uint32_t>(begin), static_cast<uint32_t>(end)});
        return true;
      },
      [&](size_t offset, std::string_view what) {
        errors->push_back({static_cast<uint32_t>(offset), std::string(what)});
        stray = true;
      },
      array_closed);
  if (stray) return;
  while (end < block.size() && Space(block[end])) ++end;
  if (end < block.size()) {
    errors->push_back({static_cast<uint32_t>(end), "a record is not closed before the end of the file"});
  }
}

}  // namespace sluice::formats::json
