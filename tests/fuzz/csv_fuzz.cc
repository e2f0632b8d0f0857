// libFuzzer target for the CSV reader: any bytes, read under options chosen by the first byte
// (error policy, escape character, header mode, fixed or sniffed delimiter, block size), must
// give batches that validate or a clean error, never a crash, a hang or unbounded memory.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "formats/csv/reader.h"

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
  for (int i = 0; i < 10000; ++i) {
    auto batch = (*reader)->Next();
    if (!batch.ok() || !*batch) break;
    if (!(*batch)->Validate().ok()) std::abort();
    for (const auto& column : (*batch)->columns()) {
      if (column->length() > 0) column->ValueToString(column->length() - 1);
    }
  }
  return 0;
}
