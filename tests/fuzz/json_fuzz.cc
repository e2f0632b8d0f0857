// libFuzzer target for the JSON reader: any bytes, read as JSON lines, an array or
// concatenated records under options chosen by the first byte, must give batches that
// validate or a clean error, never a crash, a hang or unbounded memory.
#include <cstddef>
#include <cstdint>
#include <string>

#include "formats/json/reader.h"
#include "read_all_batches.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sluice::formats;
  if (size < 1) return 0;
  uint8_t flags = data[0];
  std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  json::JsonReadOptions options;
  options.on_error = (flags & 1) ? ErrorPolicy::kSkip : ErrorPolicy::kFail;
  static const json::JsonFormat kFormats[] = {json::JsonFormat::kAuto, json::JsonFormat::kLines,
                                              json::JsonFormat::kArray, json::JsonFormat::kConcatenated};
  options.format = kFormats[(flags >> 1) & 3];
  options.map_threshold = (flags & 8) ? 2 : 200;
  options.inference.min_integer_bits = (flags & 16) ? 32 : 64;
  options.block_bytes = 4096;
  options.sample_bytes = 1024 + (flags >> 6) * 512;
  options.max_record_bytes = 1 << 16;
  options.parallelism = 1;
  auto reader = json::JsonReader::Open(InputFileFromString(std::move(text), "fuzz.jsonl"), options);
  if (!reader.ok()) return 0;
  sluice::fuzz::ReadAllBatches(**reader, [](const sluice::columnar::Column& column, int64_t row) {
    column.ValueToJson(row);
  });
  return 0;
}
