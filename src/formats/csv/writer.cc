// CsvWriter: see writer.h.
#include "formats/csv/writer.h"

#include <charconv>
#include <cstring>

#include <fmt/format.h>

#include "columnar/decimal.h"
#include "columnar/value_format.h"

namespace sluice::formats::csv {

using columnar::Column;
using columnar::TypeId;

namespace {

// Appends `value`, quoted when it must be (or always, with quote_all).
void AppendText(std::string_view value, const CsvWriteOptions& options, bool force_quotes, std::string* out) {
  const CsvDialect& dialect = options.dialect;
  bool quote = force_quotes || options.quote_all;
  if (!quote) {
    for (char c : value) {
      if (c == dialect.delimiter || c == dialect.quote || c == '\n' || c == '\r') {
        quote = true;
        break;
      }
    }
  }
  if (!quote || dialect.quote == '\0') {
    out->append(value);
    return;
  }
  char escape = dialect.escape == '\0' ? dialect.quote : dialect.escape;
  out->push_back(dialect.quote);
  size_t start = 0;
  for (size_t i = 0; i < value.size(); ++i) {
    if (value[i] == dialect.quote || (value[i] == escape && escape != dialect.quote)) {
      out->append(value.substr(start, i - start));
      out->push_back(escape);
      start = i;
    }
  }
  out->append(value.substr(start));
  out->push_back(dialect.quote);
}

template <typename T>
void RenderNumbers(const Column& column, const CsvWriteOptions& options, std::string* text,
                   std::vector<uint32_t>* ends) {
  const T* values = column.Values<T>();
  char buffer[64];
  for (int64_t i = 0; i < column.length(); ++i) {
    if (column.IsNull(i)) {
      text->append(options.null_string);
    } else if constexpr (std::is_floating_point_v<T>) {
      text->append(buffer, columnar::FormatFloatingTo(values[i], buffer));
    } else {
      text->append(buffer, std::to_chars(buffer, buffer + sizeof(buffer), values[i]).ptr);
    }
    ends->push_back(static_cast<uint32_t>(text->size()));
  }
}

// Renders every value of a column as CSV field text.
Status RenderColumn(const Column& column, const CsvWriteOptions& options, std::string* text,
                    std::vector<uint32_t>* ends) {
  text->clear();
  ends->clear();
  ends->reserve(static_cast<size_t>(column.length()));
  char buffer[columnar::kMaxTemporalTextBytes];
  int64_t n = column.length();
  auto null_or = [&](int64_t i, auto&& render) {
    if (column.IsNull(i)) text->append(options.null_string);
    else render(i);
    ends->push_back(static_cast<uint32_t>(text->size()));
  };
  switch (column.type_id()) {
    case TypeId::kBoolean: {
      const uint8_t* values = column.Values<uint8_t>();
      for (int64_t i = 0; i < n; ++i) null_or(i, [&](int64_t j) { text->append(values[j] ? "true" : "false"); });
      break;
    }
    case TypeId::kInt8: RenderNumbers<int8_t>(column, options, text, ends); break;
    case TypeId::kInt16: RenderNumbers<int16_t>(column, options, text, ends); break;
    case TypeId::kInt32: RenderNumbers<int32_t>(column, options, text, ends); break;
    case TypeId::kInt64: RenderNumbers<int64_t>(column, options, text, ends); break;
    case TypeId::kFloat32: RenderNumbers<float>(column, options, text, ends); break;
    case TypeId::kFloat64: RenderNumbers<double>(column, options, text, ends); break;
    case TypeId::kDecimal: {
      const columnar::Int128* values = column.Values<columnar::Int128>();
      int scale = column.type()->scale();
      for (int64_t i = 0; i < n; ++i) {
        null_or(i, [&](int64_t j) { text->append(columnar::DecimalToString(values[j], scale)); });
      }
      break;
    }
    case TypeId::kDate: {
      const int32_t* values = column.Values<int32_t>();
      for (int64_t i = 0; i < n; ++i) {
        null_or(i, [&](int64_t j) { text->append(buffer, columnar::FormatDateTo(values[j], buffer)); });
      }
      break;
    }
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz: {
      const int64_t* values = column.Values<int64_t>();
      bool zone = column.type_id() == TypeId::kTimestampTz;
      for (int64_t i = 0; i < n; ++i) {
        null_or(i, [&](int64_t j) { text->append(buffer, columnar::FormatTimestampTo(values[j], zone, buffer)); });
      }
      break;
    }
    case TypeId::kString:
    case TypeId::kBinary: {
      bool empty_is_ambiguous = options.null_string.empty();
      for (int64_t i = 0; i < n; ++i) {
        null_or(i, [&](int64_t j) {
          std::string_view value = column.GetView(j);
          AppendText(value, options, (value.empty() && empty_is_ambiguous) || value == options.null_string, text);
        });
      }
      break;
    }
    case TypeId::kStruct:
    case TypeId::kList:
    case TypeId::kMap:
      for (int64_t i = 0; i < n; ++i) null_or(i, [&](int64_t j) { AppendText(column.ValueToJson(j), options, false, text); });
      break;
    case TypeId::kNull:
      for (int64_t i = 0; i < n; ++i) {
        text->append(options.null_string);
        ends->push_back(static_cast<uint32_t>(text->size()));
      }
      break;
  }
  if (text->size() >= (uint64_t{1} << 32)) return ResourceExhausted("a batch renders to more than 4 GiB of CSV");
  return Status::Ok();
}

}  // namespace

Result<std::unique_ptr<CsvWriter>> CsvWriter::Make(std::unique_ptr<OutputStream> out, columnar::SchemaPtr schema,
                                                   const CsvWriteOptions& options) {
  RETURN_IF_ERROR(options.Validate());
  std::unique_ptr<CsvWriter> writer(new CsvWriter());
  writer->out_ = std::move(out);
  writer->schema_ = std::move(schema);
  writer->options_ = options;
  writer->column_text_.resize(writer->schema_->num_fields());
  writer->column_ends_.resize(writer->schema_->num_fields());
  return writer;
}

Status CsvWriter::WriteHeader() {
  header_written_ = true;
  if (!options_.header) return Status::Ok();
  std::string line;
  for (size_t i = 0; i < schema_->num_fields(); ++i) {
    if (i > 0) line.push_back(options_.dialect.delimiter);
    AppendText(schema_->field(i).name, options_, false, &line);
  }
  line += options_.line_terminator;
  return out_->Write(line);
}

Status CsvWriter::Write(const columnar::RecordBatch& batch) {
  if (closed_) return FailedPrecondition(out_->name() + ": write after close");
  if (!header_written_) RETURN_IF_ERROR(WriteHeader());
  size_t columns = batch.num_columns();
  if (columns != schema_->num_fields()) {
    return InvalidArgument(fmt::format("batch has {} columns, the CSV writer {}", columns, schema_->num_fields()));
  }
  // Rendering a column at a time bounds the text per batch; cut very large batches.
  constexpr int64_t kRowsPerPass = 16384;
  for (int64_t start = 0; start < batch.num_rows(); start += kRowsPerPass) {
    int64_t length = std::min(kRowsPerPass, batch.num_rows() - start);
    size_t total = 0;
    for (size_t c = 0; c < columns; ++c) {
      columnar::ColumnPtr column = batch.column(c)->Slice(start, length);
      RETURN_IF_ERROR(RenderColumn(*column, options_, &column_text_[c], &column_ends_[c]));
      total += column_text_[c].size();
    }
    rows_.clear();
    rows_.reserve(total + static_cast<size_t>(length) * (columns + options_.line_terminator.size()));
    for (int64_t row = 0; row < length; ++row) {
      for (size_t c = 0; c < columns; ++c) {
        uint32_t begin = row == 0 ? 0 : column_ends_[c][static_cast<size_t>(row) - 1];
        uint32_t end = column_ends_[c][static_cast<size_t>(row)];
        if (c > 0) rows_.push_back(options_.dialect.delimiter);
        rows_.append(column_text_[c].data() + begin, end - begin);
      }
      rows_.append(options_.line_terminator);
    }
    RETURN_IF_ERROR(out_->Write(rows_));
    rows_written_ += length;
  }
  return Status::Ok();
}

Status CsvWriter::Close() {
  if (closed_) return Status::Ok();
  if (!header_written_) RETURN_IF_ERROR(WriteHeader());
  closed_ = true;
  return out_->Close();
}

}  // namespace sluice::formats::csv
