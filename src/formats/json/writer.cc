// JsonWriter: see writer.h.
#include "formats/json/writer.h"

#include <charconv>
#include <cmath>

#include <fmt/format.h>

#include "columnar/decimal.h"
#include "columnar/value_format.h"

namespace sluice::formats::json {

using columnar::Column;
using columnar::TypeId;

void AppendJsonString(std::string_view text, std::string* out) {
  static const char kHex[] = "0123456789abcdef";
  out->push_back('"');
  size_t start = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out->append(text.data() + start, i - start);
    start = i + 1;
    switch (c) {
      case '"': out->append("\\\""); break;
      case '\\': out->append("\\\\"); break;
      case '\n': out->append("\\n"); break;
      case '\r': out->append("\\r"); break;
      case '\t': out->append("\\t"); break;
      case '\b': out->append("\\b"); break;
      case '\f': out->append("\\f"); break;
      default: {
        char escape[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 15]};
        out->append(escape, 6);
      }
    }
  }
  out->append(text.data() + start, text.size() - start);
  out->push_back('"');
}

namespace {

template <typename T>
void AppendNumber(T value, std::string* out) {
  if constexpr (std::is_floating_point_v<T>) {
    if (!std::isfinite(value)) {
      out->append(std::isnan(value) ? "\"NaN\"" : value > 0 ? "\"Infinity\"" : "\"-Infinity\"");
      return;
    }
  }
  char buffer[64];
  if constexpr (std::is_floating_point_v<T>) {
    out->append(buffer, columnar::FormatFloatingTo(value, buffer));
  } else {
    out->append(buffer, std::to_chars(buffer, buffer + sizeof(buffer), value).ptr);
  }
}

// Renders every value of a column as JSON text; NULL renders as nothing (the stitcher decides).
void RenderColumn(const Column& column, std::string* text, std::vector<uint32_t>* ends) {
  text->clear();
  ends->clear();
  ends->reserve(static_cast<size_t>(column.length()));
  char buffer[columnar::kMaxTemporalTextBytes + 2];
  auto each = [&](auto&& render) {
    for (int64_t i = 0; i < column.length(); ++i) {
      if (!column.IsNull(i)) render(i);
      ends->push_back(static_cast<uint32_t>(text->size()));
    }
  };
  switch (column.type_id()) {
    case TypeId::kBoolean: {
      const uint8_t* values = column.Values<uint8_t>();
      each([&](int64_t i) { text->append(values[i] ? "true" : "false"); });
      return;
    }
    case TypeId::kInt8: each([&](int64_t i) { AppendNumber(column.Values<int8_t>()[i], text); }); return;
    case TypeId::kInt16: each([&](int64_t i) { AppendNumber(column.Values<int16_t>()[i], text); }); return;
    case TypeId::kInt32: each([&](int64_t i) { AppendNumber(column.Values<int32_t>()[i], text); }); return;
    case TypeId::kInt64: each([&](int64_t i) { AppendNumber(column.Values<int64_t>()[i], text); }); return;
    case TypeId::kFloat32: each([&](int64_t i) { AppendNumber(column.Values<float>()[i], text); }); return;
    case TypeId::kFloat64: each([&](int64_t i) { AppendNumber(column.Values<double>()[i], text); }); return;
    case TypeId::kDecimal: {
      int scale = column.type()->scale();
      each([&](int64_t i) { text->append(columnar::DecimalToString(column.Values<columnar::Int128>()[i], scale)); });
      return;
    }
    case TypeId::kString: each([&](int64_t i) { AppendJsonString(column.GetView(i), text); }); return;
    case TypeId::kDate:
      each([&](int64_t i) {
        buffer[0] = '"';
        char* end = columnar::FormatDateTo(column.Values<int32_t>()[i], buffer + 1);
        *end++ = '"';
        text->append(buffer, end);
      });
      return;
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz: {
      bool zone = column.type_id() == TypeId::kTimestampTz;
      each([&](int64_t i) {
        buffer[0] = '"';
        char* end = columnar::FormatTimestampTo(column.Values<int64_t>()[i], zone, buffer + 1);
        *end++ = '"';
        text->append(buffer, end);
      });
      return;
    }
    default:  // binary and nested types: the column's own JSON rendering
      each([&](int64_t i) { text->append(column.ValueToJson(i)); });
      return;
  }
}

}  // namespace

Result<std::unique_ptr<JsonWriter>> JsonWriter::Make(std::unique_ptr<OutputStream> out, columnar::SchemaPtr schema,
                                                     const JsonWriteOptions& options) {
  RETURN_IF_ERROR(options.Validate());
  std::unique_ptr<JsonWriter> writer(new JsonWriter());
  writer->out_ = std::move(out);
  writer->schema_ = std::move(schema);
  writer->options_ = options;
  for (const auto& field : writer->schema_->fields()) {
    std::string key;
    AppendJsonString(field.name, &key);
    key.push_back(':');
    writer->keys_.push_back(std::move(key));
  }
  writer->column_text_.resize(writer->schema_->num_fields());
  writer->column_ends_.resize(writer->schema_->num_fields());
  return writer;
}

Status JsonWriter::Write(const columnar::RecordBatch& batch) {
  if (closed_) return FailedPrecondition(out_->name() + ": write after close");
  size_t columns = batch.num_columns();
  if (columns != schema_->num_fields()) {
    return InvalidArgument(fmt::format("batch has {} columns, the JSON writer {}", columns, schema_->num_fields()));
  }
  constexpr int64_t kRowsPerPass = 16384;
  for (int64_t start = 0; start < batch.num_rows(); start += kRowsPerPass) {
    int64_t length = std::min(kRowsPerPass, batch.num_rows() - start);
    std::vector<columnar::ColumnPtr> slices;
    for (size_t c = 0; c < columns; ++c) {
      slices.push_back(batch.column(c)->Slice(start, length));
      RenderColumn(*slices.back(), &column_text_[c], &column_ends_[c]);
      if (column_text_[c].size() >= (uint64_t{1} << 32)) {
        return ResourceExhausted("a batch renders to more than 4 GiB of JSON");
      }
    }
    records_.clear();
    for (int64_t row = 0; row < length; ++row) {
      if (options_.array) records_.append(rows_written_ + row == 0 ? "[\n" : ",\n");
      records_.push_back('{');
      bool first = true;
      for (size_t c = 0; c < columns; ++c) {
        bool is_null = slices[c]->IsNull(row);
        if (is_null && !options_.write_nulls) continue;
        if (!first) records_.push_back(',');
        first = false;
        records_.append(keys_[c]);
        if (is_null) {
          records_.append("null");
          continue;
        }
        uint32_t begin = row == 0 ? 0 : column_ends_[c][static_cast<size_t>(row) - 1];
        uint32_t end = column_ends_[c][static_cast<size_t>(row)];
        records_.append(column_text_[c].data() + begin, end - begin);
      }
      records_.push_back('}');
      if (!options_.array) records_.push_back('\n');
    }
    RETURN_IF_ERROR(out_->Write(records_));
    rows_written_ += length;
  }
  return Status::Ok();
}

Status JsonWriter::Close() {
  if (closed_) return Status::Ok();
  closed_ = true;
  if (options_.array) RETURN_IF_ERROR(out_->Write(rows_written_ == 0 ? "[]\n" : "\n]\n"));
  return out_->Close();
}

}  // namespace sluice::formats::json
