// libFuzzer target for the CSV reader: any bytes, read under options chosen by the first byte
// (error policy, escape character, header mode, fixed or sniffed delimiter, block size), must
// give batches that validate or a clean error, never a crash, a hang or unbounded memory.
#include <cstddef>
#include <cstdint>
#include <string>

#include "formats/csv/reader.h"
#include "read_all_batches.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sluice::formats;
  if (size < 1) return 0;
  uint8_t flags = data[0];
  std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  csv::CsvReadOptions options;
  options.on_error = (flags & 1) ? ErrorPolicy::kSkip : ErrorPolicy::kFail;
  if (flags & 2) options.escape = '\\';
  options.header = (flags & 4) ? csv::HeaderMode::kAuto : ((flags & 8) ? csv::HeaderMode::kPresent : csv::HeaderMode::kAbsent);
  if (flags & 16) options.delimiter = ';';
  if (flags & 32) options.null_values = {"", "NULL"};
  options.block_bytes = 4096;
  options.sample_bytes = 1024 + (flags >> 6) * 512;
  options.max_row_bytes = 1 << 16;
  options.parallelism = 1;
  auto reader = csv::CsvReader::Open(InputFileFromString(std::move(text), "fuzz.csv"), options);
  if (!reader.ok()) return 0;
  sluice::fuzz::ReadAllBatches(**reader, [](const sluice::columnar::Column& column, int64_t row) {
    column.ValueToString(row);
  });
  return 0;
}
