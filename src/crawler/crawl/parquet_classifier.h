// The Parquet classifier: recognises a Parquet file by its magic, reads only its footer (never
// a data page) through formats' ParquetFile, and takes the columns from the footer's schema in
// Glue types (INT32 int, INT64 bigint, INT96 and timestamps timestamp, strings string, other
// byte arrays binary, DECIMAL decimal(p,s), LIST array<>, MAP map<>, groups struct<>). Page
// compression inside the file is not whole-file compression: compressionType stays "none".
//
// Thread safety: pure functions.
#pragma once

#include <optional>
#include <string>

#include "crawler/crawl/file_schema.h"
#include "formats/io.h"

namespace sluice::crawler {

// True when the first bytes of a file are Parquet's magic.
bool LooksLikeParquet(std::string_view head);

// The schema from the file's footer, or nullopt with `reason` (truncated or corrupt footer,
// encrypted footer).
std::optional<FileSchema> ClassifyParquet(const formats::InputFilePtr& file, std::string* reason);

}  // namespace sluice::crawler
