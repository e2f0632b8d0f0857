// JSON option checks: see options.h.
#include "formats/json/options.h"

namespace sluice::formats::json {

std::string_view JsonFormatName(JsonFormat format) {
  switch (format) {
    case JsonFormat::kAuto: return "auto";
    case JsonFormat::kLines: return "lines";
    case JsonFormat::kArray: return "array";
    case JsonFormat::kConcatenated: return "concatenated";
  }
  return "unknown";
}

Status JsonReadOptions::Validate() const {
  if (sample_rows == 0 || sample_rows < -1) return InvalidArgument("sample_rows must be positive, or -1 for all");
  if (sample_bytes < 1024) return InvalidArgument("sample_bytes must be at least 1024");
  if (block_bytes < 4096 || block_bytes > (size_t{1} << 30)) {
    return InvalidArgument("block_bytes must be between 4 KiB and 1 GiB");
  }
  if (max_record_bytes < 1024 || max_record_bytes > (size_t{1} << 31)) {
    return InvalidArgument("max_record_bytes must be between 1 KiB and 2 GiB");
  }
  if (batch_rows < 1) return InvalidArgument("batch_rows must be positive");
  if (map_threshold < 1) return InvalidArgument("map_threshold must be positive");
  if (max_columns < 1) return InvalidArgument("max_columns must be positive");
  if (schema && !column_types.empty()) return InvalidArgument("give either a schema or column types, not both");
  return Status::Ok();
}

}  // namespace sluice::formats::json
