// Tokenizer: splits a block of whole CSV rows into fields. Each field is a span of the block
// (quotes and escapes left in place; the converter removes them), rows are stored row-major
// with exactly `num_columns` spans each. Rows with another number of fields, and a quoted
// field still open at the end of the block, are left out and reported by byte offset.
// Blank lines are skipped (with one column, a blank line is one empty field). Lines end in
// "\n" or "\r\n".
//
// RFC 4180 quoting (and no quoting) runs 64 bytes at a time on character masks; a dialect
// with a separate escape character ("\"") takes a byte-at-a-time path.
//
// Thread safety: a TokenizedBlock is used by one thread at a time; Tokenize is reentrant.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "formats/csv/block_pipeline.h"
#include "formats/csv/options.h"

namespace sluice::formats::csv {

// [begin, end) of one field, as byte offsets in its block (blocks are under 4 GiB).
struct FieldSpan {
  uint32_t begin;
  uint32_t end;
};

class TokenizedBlock {
 public:
  int64_t rows() const { return rows_; }
  size_t num_columns() const { return num_columns_; }
  // Row r's spans are spans()[r * num_columns(), (r + 1) * num_columns()).
  const FieldSpan* spans() const { return spans_.get(); }
  FieldSpan* mutable_spans() { return spans_.get(); }
  // '\n' bytes in the block, quoted ones included: its number of physical lines.
  int64_t newlines() const { return newlines_; }
  const std::vector<RowError>& errors() const { return errors_; }

  // Drops the rows whose indexes are listed (ascending), keeping the order of the others.
  void RemoveRows(const std::vector<int64_t>& sorted_rows);

 private:
  friend Status Tokenize(std::string_view, const CsvDialect&, size_t, TokenizedBlock*);
  friend class Tokenizer;
  void Reset(size_t num_columns, size_t expected_rows);
  // Makes room for one more row.
  FieldSpan* RowSlot() {
    size_t needed = static_cast<size_t>(rows_ + 1) * num_columns_;
    if (needed > capacity_) Grow(needed);
    return spans_.get() + static_cast<size_t>(rows_) * num_columns_;
  }
  void Grow(size_t needed);

  std::unique_ptr<FieldSpan[]> spans_;
  size_t capacity_ = 0;
  size_t num_columns_ = 0;
  int64_t rows_ = 0;
  int64_t newlines_ = 0;
  std::vector<RowError> errors_;
};

// Tokenizes `block` (whole rows; the last may lack its newline) into `out`, replacing what it
// held. InvalidArgument when the block is 4 GiB or more.
Status Tokenize(std::string_view block, const CsvDialect& dialect, size_t num_columns, TokenizedBlock* out);

// Splits one row's worth of text (e.g. a header line) into field texts, quotes removed; for
// the sniffer and headers, not hot paths. Stops at the first row end.
std::vector<std::string> SplitRow(std::string_view text, const CsvDialect& dialect, size_t* consumed = nullptr);

// The text of a field span: quotes removed and escapes resolved. False when the quoting is
// malformed (text after the closing quote, a lone quote inside, no closing quote).
bool UnquoteField(std::string_view raw, const CsvDialect& dialect, std::string* out);

}  // namespace sluice::formats::csv
