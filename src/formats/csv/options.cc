// CSV option checks: see options.h.
#include "formats/csv/options.h"

#include <fmt/format.h>

namespace sluice::formats::csv {

namespace {
bool LineBreak(char c) { return c == '\n' || c == '\r'; }
}  // namespace

Status ValidateDialect(const CsvDialect& dialect) {
  if (dialect.delimiter == '\0' || LineBreak(dialect.delimiter)) {
    return InvalidArgument("the delimiter must be one character other than NUL or a line break");
  }
  if (LineBreak(dialect.quote) || LineBreak(dialect.escape)) {
    return InvalidArgument("the quote and escape characters cannot be line breaks");
  }
  if (dialect.quote != '\0' && dialect.quote == dialect.delimiter) {
    return InvalidArgument("the quote character must differ from the delimiter");
  }
  if (dialect.escape != '\0' && dialect.escape == dialect.delimiter) {
    return InvalidArgument("the escape character must differ from the delimiter");
  }
  return Status::Ok();
}

Status CsvReadOptions::Validate() const {
  CsvDialect dialect;
  dialect.delimiter = delimiter.value_or(',');
  dialect.quote = quote.value_or(dialect.delimiter == '"' ? '\'' : '"');
  dialect.escape = escape.value_or(dialect.quote);
  RETURN_IF_ERROR(ValidateDialect(dialect));
  if (sample_rows == 0 || sample_rows < -1) return InvalidArgument("sample_rows must be positive, or -1 for all");
  if (sample_bytes < 1024) return InvalidArgument("sample_bytes must be at least 1024");
  if (block_bytes < 4096 || block_bytes > (size_t{1} << 30)) {
    return InvalidArgument("block_bytes must be between 4 KiB and 1 GiB");
  }
  if (max_row_bytes < 1024 || max_row_bytes > (size_t{1} << 31)) {
    return InvalidArgument("max_row_bytes must be between 1 KiB and 2 GiB");
  }
  if (batch_rows < 1) return InvalidArgument("batch_rows must be positive");
  if (max_columns < 1) return InvalidArgument("max_columns must be positive");
  if (schema && !column_types.empty()) return InvalidArgument("give either a schema or column types, not both");
  return Status::Ok();
}

Status CsvWriteOptions::Validate() const {
  RETURN_IF_ERROR(ValidateDialect(dialect));
  if (line_terminator != "\n" && line_terminator != "\r\n") {
    return InvalidArgument("the line terminator must be \\n or \\r\\n");
  }
  if (null_string.find_first_of(std::string{dialect.delimiter, '\n', '\r'}) != std::string::npos) {
    return InvalidArgument("the null string cannot contain the delimiter or a line break");
  }
  return Status::Ok();
}

}  // namespace sluice::formats::csv
