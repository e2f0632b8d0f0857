// Source and target specs: see source_spec.h.
#include "jobs/data/source_spec.h"

namespace sluice::jobs {

std::string_view DataFormatName(DataFormat format) {
  switch (format) {
    case DataFormat::kCsv: return "csv";
    case DataFormat::kJson: return "json";
    case DataFormat::kParquet: return "parquet";
  }
  return "csv";
}

}  // namespace sluice::jobs
