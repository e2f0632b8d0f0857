// The Parquet classifier: see parquet_classifier.h.
#include "crawler/crawl/parquet_classifier.h"

#include <fmt/format.h>

#include "common/encoding.h"
#include "crawler/crawl/schema_merge.h"
#include "formats/parquet/parquet_file.h"
#include "formats/parquet/parquet_types.h"

namespace sluice::crawler {

bool LooksLikeParquet(std::string_view head) { return head.starts_with(formats::parquet::kMagic); }

std::optional<FileSchema> ClassifyParquet(const formats::InputFilePtr& file, std::string* reason) {
  auto parquet = formats::parquet::ParquetFile::Open(file);
  if (!parquet.ok()) {
    *reason = parquet.status().message();
    return std::nullopt;
  }
  const auto& metadata = (*parquet)->metadata();
  FileSchema schema;
  schema.classification = "parquet";
  schema.classifier = "parquet";
  for (const auto& field : (*parquet)->schema().schema->fields()) {
    std::vector<catalog::Column> one = {{AsciiLower(field.name), AsciiLower(field.type->ToGlueType()), {}, {}}};
    MergeColumnsInto(one, &schema.columns);
  }
  if (schema.columns.empty()) {
    *reason = "the Parquet schema has no columns";
    return std::nullopt;
  }
  schema.sampled_records = metadata.num_rows;
  schema.sampled_bytes = static_cast<int64_t>(file->size());
  schema.explanation = fmt::format("Parquet footer: {} columns, {} rows in {} row groups", schema.columns.size(),
                                   metadata.num_rows, metadata.row_groups.size());
  return schema;
}

}  // namespace sluice::crawler
