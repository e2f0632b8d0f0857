// File schemas: see file_schema.h.
#include "crawler/crawl/file_schema.h"

#include <fmt/format.h>

namespace sluice::crawler {

std::string FileSchema::CompatibilityKey() const {
  std::string key = fmt::format("{}|{}", classification, compression);
  if (classifier == "csv" || classification == "csv") {
    key += fmt::format("|delimiter={}|header={}|serde={}", static_cast<int>(delimiter), has_header,
                       open_csv_serde ? "open" : "lazy");
  }
  if (!json_path.empty()) key += "|path=" + json_path;
  if (!grok_pattern.empty()) key += "|grok=" + grok_pattern;
  return key;
}

}  // namespace sluice::crawler
