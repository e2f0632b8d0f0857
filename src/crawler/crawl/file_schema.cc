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

std::string FileSchema::FormatDescription() const {
  std::string out = classification;
  if (compression != "none") out += " (" + compression + ")";
  if (classification == "csv") {
    std::string shown = delimiter == '\t' ? "tab" : delimiter == '\x01' ? "Ctrl-A" : fmt::format("'{}'", delimiter);
    out += fmt::format(", delimiter {}, {}", shown, has_header ? "header" : "no header");
    if (open_csv_serde) out += ", OpenCSVSerde";
  }
  if (!json_path.empty()) out += ", JsonPath " + json_path;
  if (!grok_pattern.empty()) out += ", Grok pattern of classifier " + classifier;
  return out;
}

}  // namespace sluice::crawler
