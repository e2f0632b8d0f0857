// Record scanner: where JSON records begin and end in a text, without parsing them (simdjson
// parses each record afterwards). JSON lines split at newlines (a JSON string cannot hold a
// raw newline); arrays and concatenated records are cut where the nesting depth returns to
// zero, outside strings.
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "formats/csv/block_pipeline.h"
#include "formats/json/options.h"

namespace sluice::formats::json {

struct RecordSpan {
  uint32_t begin;
  uint32_t end;
};

// The format of a sample (kAuto resolved) and where its first record starts (after a byte
// order mark, whitespace, and the '[' of an array).
struct DetectedFormat {
  JsonFormat format = JsonFormat::kLines;
  size_t data_offset = 0;
};
DetectedFormat DetectFormat(std::string_view sample, JsonFormat requested);

// The offset just past the last complete record in `data` (which starts between records), or 0.
size_t FindLastRecordEnd(std::string_view data, JsonFormat format);

// Splits a block of whole records. Array mode skips the commas between records and stops at
// the closing ']' (setting *array_closed when given); text that is not a record (stray
// brackets, anything after the array) becomes a RowError. REQUIRES: block under 4 GiB.
void SplitRecords(std::string_view block, JsonFormat format, std::vector<RecordSpan>* records,
                  std::vector<RowError>* errors, bool* array_closed);

}  // namespace sluice::formats::json
