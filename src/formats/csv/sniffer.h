// Sniffer: works out how a CSV file is written from a sample of its start: the delimiter
// (among , ; TAB |), the quote (", ' or none), whether the first row is a header, and each
// column's type by the inference ladder (formats/inference). It explains its choices so that
// callers (the crawler, `sluice schema`) can log them.
//
// Works on any prefix of a file (the first N bytes of an object): an incomplete last row is
// ignored unless the sample is the whole file.
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "formats/csv/converter.h"
#include "formats/csv/options.h"
#include "formats/csv/tokenizer.h"
#include "formats/inference/column_inference.h"

namespace sluice::formats::csv {

struct CsvSniffResult {
  CsvDialect dialect;
  bool has_header = false;
  bool has_bom = false;
  // Bytes before the first data row: a UTF-8 byte order mark and the header row.
  size_t data_offset = 0;
  // Lines before the first data row (1 with a header), for line numbers in errors.
  int64_t header_lines = 0;
  // Every column of the file, in order, with its name and type.
  std::vector<ColumnSpec> columns;
  // Why each column got its type, e.g. "bigint: 950 integers in [1, 99812]".
  std::vector<std::string> column_reasons;
  // Why the dialect and header were chosen.
  std::vector<std::string> notes;
  // Share of sampled rows with the modal number of fields, 0..1.
  double confidence = 0;
  int64_t sampled_rows = 0;
};

// Sniffs `sample`; `whole_file` says the sample is the entire file (so its last row is
// complete even without a newline). Options fix what they set (delimiter, quote, escape,
// header, names, types). InvalidArgument when the sample holds no row at all.
Result<CsvSniffResult> SniffCsv(std::string_view sample, bool whole_file, const CsvReadOptions& options);

// Feeds rows [from, to) of a tokenized block (spans into `data`) to one inference per column,
// with the reader's NULL rules: an unquoted null string or an empty field is NULL.
void AddRowsToInference(std::string_view data, const TokenizedBlock& block, int64_t from, int64_t to,
                        const CsvDialect& dialect, const BlockConverter& nulls,
                        std::vector<inference::ColumnInference>* columns);

// The modal number of fields per row over the first rows of `sample`, and the share of rows
// that have it; for scoring dialects.
struct FieldCountProfile {
  size_t fields = 0;
  double consistency = 0;
  int64_t rows = 0;
};
FieldCountProfile ProfileFieldCounts(std::string_view sample, const CsvDialect& dialect, int64_t max_rows);

}  // namespace sluice::formats::csv
