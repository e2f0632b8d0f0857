// JsonWriter: writes record batches as JSON lines (one object per line) or as one top-level
// array. Each batch is rendered a column at a time and stitched into records. Values follow
// Column::ValueToJson: strings escaped, dates "yyyy-MM-dd", timestamps "yyyy-MM-dd
// HH:mm:ss[.ffffff]" (Z for UTC-adjusted), decimals as exact JSON numbers, NaN and infinities
// as the strings "NaN", "Infinity", "-Infinity", binary as hex, structs as objects, lists as
// arrays, maps as objects. NULL fields are written as null unless write_nulls is false.
//
// Thread safety: used by one thread at a time.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "formats/batch_stream.h"
#include "formats/io.h"
#include "formats/json/options.h"

namespace sluice::formats::json {

class JsonWriter final : public BatchWriter {
 public:
  // Takes over `out`.
  static Result<std::unique_ptr<JsonWriter>> Make(std::unique_ptr<OutputStream> out, columnar::SchemaPtr schema,
                                                  const JsonWriteOptions& options);
  Status Write(const columnar::RecordBatch& batch) override;
  Status Close() override;
  int64_t rows_written() const override { return rows_written_; }

 private:
  JsonWriter() = default;

  std::unique_ptr<OutputStream> out_;
  columnar::SchemaPtr schema_;
  JsonWriteOptions options_;
  std::vector<std::string> keys_;  // "\"name\":" per field
  bool closed_ = false;
  int64_t rows_written_ = 0;
  std::vector<std::string> column_text_;
  std::vector<std::vector<uint32_t>> column_ends_;
  std::string records_;
};

// Appends `text` as a JSON string literal (quotes added, escapes per RFC 8259).
void AppendJsonString(std::string_view text, std::string* out);

}  // namespace sluice::formats::json
