// Converter: turns one column of a tokenized block into a typed Column, a column at a time
// (one type switch per column, then a tight loop per value writing straight into the column's
// buffers; no allocation per value). NULL handling: an unquoted field equal to one of the
// null strings is NULL; a quoted field is NULL only when empty and the column is not text.
// A value that does not parse, broken quoting, or invalid UTF-8 in a text column becomes a
// ConversionError for its row (the value is left NULL).
//
// Thread safety: a BlockConverter is immutable after construction and may be shared by the
// threads converting different blocks.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "columnar/column.h"
#include "formats/csv/options.h"
#include "formats/csv/tokenizer.h"
#include "formats/inference/text_value_parser.h"

namespace sluice::formats::csv {

// A column as the reader produces it.
struct ColumnSpec {
  std::string name;
  columnar::TypePtr type;
  // For date and timestamp columns: the layout their text is in.
  inference::DateLayout date_layout = inference::DateLayout::kIso;
};

struct ConversionError {
  int64_t row;  // in the tokenized block
  std::string message;
};

class BlockConverter {
 public:
  BlockConverter(const CsvDialect& dialect, std::vector<std::string> null_values);

  // Converts field `field_index` of every row of `block` (whose spans point into `data`) to
  // spec.type. InvalidArgument for a type CSV cannot hold (struct, list, map).
  Result<columnar::ColumnPtr> Convert(std::string_view data, const TokenizedBlock& block, size_t field_index,
                                      const ColumnSpec& spec, std::vector<ConversionError>* errors) const;

  // Whether an (unquoted) field text is one of the null strings.
  bool IsNullText(std::string_view text) const {
    if (text.empty()) return empty_is_null_;
    return other_null_values_ && IsOtherNullText(text);
  }

 private:
  bool IsOtherNullText(std::string_view text) const;
  CsvDialect dialect_;
  std::vector<std::string> null_values_;
  bool empty_is_null_ = false;
  bool other_null_values_ = false;
};

}  // namespace sluice::formats::csv
