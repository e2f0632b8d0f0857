// CsvWriter: writes record batches as CSV (RFC 4180: fields holding the delimiter, the quote
// or a line break are quoted, quotes inside doubled). Each batch is rendered a column at a
// time (one type switch per column) and then stitched into rows. NULL is written as
// options.null_string, an empty string as "" so the two stay apart. Dates are yyyy-MM-dd,
// timestamps "yyyy-MM-dd HH:mm:ss[.ffffff]" (Z for UTC-adjusted), floats in their shortest
// round-trip form, nested values as JSON text.
//
// Thread safety: used by one thread at a time.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "formats/batch_stream.h"
#include "formats/csv/options.h"
#include "formats/io.h"

namespace sluice::formats::csv {

class CsvWriter final : public BatchWriter {
 public:
  // Takes over `out`; writes the header (when asked) on the first Write or at Close.
  static Result<std::unique_ptr<CsvWriter>> Make(std::unique_ptr<OutputStream> out, columnar::SchemaPtr schema,
                                                 const CsvWriteOptions& options);
  Status Write(const columnar::RecordBatch& batch) override;
  Status Close() override;
  int64_t rows_written() const override { return rows_written_; }

 private:
  CsvWriter() = default;
  Status WriteHeader();

  std::unique_ptr<OutputStream> out_;
  columnar::SchemaPtr schema_;
  CsvWriteOptions options_;
  bool header_written_ = false;
  bool closed_ = false;
  int64_t rows_written_ = 0;
  // Reused between batches: one rendered column, and the stitched rows.
  std::vector<std::string> column_text_;
  std::vector<std::vector<uint32_t>> column_ends_;
  std::string rows_;
};

}  // namespace sluice::formats::csv
