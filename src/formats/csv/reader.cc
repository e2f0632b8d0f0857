// CsvReader: see reader.h.
#include "formats/csv/reader.h"

#include <algorithm>

#include <fmt/format.h>

#include "formats/compression/input_stream.h"
#include "formats/csv/chunker.h"
#include "formats/csv/tokenizer.h"

namespace sluice::formats::csv {

using columnar::BatchPtr;
using columnar::ColumnPtr;

struct CsvReader::Shared {
  Shared(const CsvDialect& dialect, std::vector<std::string> null_values)
      : dialect(dialect), converter(dialect, std::move(null_values)) {}
  CsvDialect dialect;
  BlockConverter converter;
  size_t num_fields = 0;              // fields per row in the file
  std::vector<size_t> field_indexes;  // the file field of each output column
  std::vector<ColumnSpec> specs;      // each output column
  columnar::SchemaPtr schema;
  ErrorPolicy policy = ErrorPolicy::kFail;
};

struct CsvReader::ParsedBlock {
  TextBlock block;
  Status status;
  BatchPtr batch;
  int64_t newlines = 0;
  std::vector<RowError> errors;  // ascending offsets
};

namespace {

Status ConvertColumns(const CsvReader::Shared& shared, std::string_view data, const TokenizedBlock& tokens,
                      std::vector<ColumnPtr>* columns, std::vector<ConversionError>* errors) {
  columns->clear();
  for (size_t i = 0; i < shared.specs.size(); ++i) {
    ASSIGN_OR_RETURN(ColumnPtr column,
                     shared.converter.Convert(data, tokens, shared.field_indexes[i], shared.specs[i], errors));
    columns->push_back(std::move(column));
  }
  return Status::Ok();
}

// Tokenizes and converts one block (on a pool thread, or inline).
void ParseBlock(const CsvReader::Shared& shared, CsvReader::ParsedBlock& pending) {
  thread_local TokenizedBlock tokens;
  std::string_view data = pending.block.data;
  Status status = Tokenize(data, shared.dialect, shared.num_fields, &tokens);
  std::vector<ColumnPtr> columns;
  std::vector<ConversionError> conversion_errors;
  if (status.ok()) status = ConvertColumns(shared, data, tokens, &columns, &conversion_errors);
  if (!status.ok()) {
    pending.status = status;
    return;
  }
  pending.errors = tokens.errors();
  pending.newlines = tokens.newlines();
  if (!conversion_errors.empty()) {
    std::vector<int64_t> bad_rows;
    for (auto& error : conversion_errors) {
      uint32_t offset = tokens.spans()[static_cast<size_t>(error.row) * shared.num_fields].begin;
      pending.errors.push_back({offset, std::move(error.message)});
      bad_rows.push_back(error.row);
    }
    std::stable_sort(pending.errors.begin(), pending.errors.end(),
                     [](const RowError& a, const RowError& b) { return a.offset < b.offset; });
    if (shared.policy == ErrorPolicy::kSkip) {
      std::sort(bad_rows.begin(), bad_rows.end());
      bad_rows.erase(std::unique(bad_rows.begin(), bad_rows.end()), bad_rows.end());
      tokens.RemoveRows(bad_rows);
      std::vector<ConversionError> ignored;
      pending.status = ConvertColumns(shared, data, tokens, &columns, &ignored);
      if (!pending.status.ok()) return;
    }
  }
  pending.batch = columnar::RecordBatch::Make(shared.schema, tokens.rows(), std::move(columns));
}

}  // namespace

Result<std::unique_ptr<CsvReader>> CsvReader::Open(InputFilePtr file, const CsvReadOptions& options) {
  RETURN_IF_ERROR(options.Validate());
  std::unique_ptr<CsvReader> reader(new CsvReader());
  reader->file_ = file;
  reader->options_ = options;

  ASSIGN_OR_RETURN(reader->compression_, DetectStreamCompression(*file));
  ASSIGN_OR_RETURN(FileSample file_sample, ReadFileSample(file, reader->compression_, options.sample_bytes));
  std::string_view sample = file_sample.bytes;
  bool whole_file = file_sample.whole_file;
  if (sample.empty()) return InvalidArgument(fmt::format("{}: the file is empty", file->name()));
  auto sniffed = SniffCsv(sample, whole_file, options);
  if (!sniffed.ok()) return sniffed.status().WithContext(file->name());
  reader->sniff_ = std::move(*sniffed);
  const CsvSniffResult& sniff = reader->sniff_;

  auto shared = std::make_shared<Shared>(sniff.dialect, options.null_values);
  shared->num_fields = sniff.columns.size();
  shared->policy = options.on_error;
  if (options.include_columns.empty()) {
    for (size_t i = 0; i < sniff.columns.size(); ++i) shared->field_indexes.push_back(i);
  } else {
    for (const auto& name : options.include_columns) {
      auto it = std::find_if(sniff.columns.begin(), sniff.columns.end(),
                             [&](const ColumnSpec& spec) { return spec.name == name; });
      if (it == sniff.columns.end()) {
        return InvalidArgument(fmt::format("{}: no column named '{}'", file->name(), name));
      }
      shared->field_indexes.push_back(static_cast<size_t>(it - sniff.columns.begin()));
    }
  }
  reader->shared_ = shared;
  if (options.sample_rows < 0 && !options.schema && !whole_file) RETURN_IF_ERROR(reader->InferWholeFile());
  std::vector<columnar::Field> fields;
  for (size_t index : shared->field_indexes) {
    shared->specs.push_back(reader->sniff_.columns[index]);
    fields.push_back({reader->sniff_.columns[index].name, reader->sniff_.columns[index].type, true});
  }
  shared->schema = columnar::MakeSchema(std::move(fields));
  reader->schema_ = shared->schema;

  size_t parallelism = options.parallelism > 0 ? options.parallelism : HardwareConcurrency();
  if (whole_file && sample.size() <= options.block_bytes) parallelism = 1;
  ASSIGN_OR_RETURN(auto source, reader->MakeSource());
  reader->stream_ = std::make_unique<BlockBatchStream<ParsedBlock>>(
      file, std::move(source), reader->mapped_, parallelism, options.batch_rows,
      RowErrorLog(file->name(), options.on_error, sniff.header_lines + 1),
      [shared](ParsedBlock& out) { ParseBlock(*shared, out); });
  return reader;
}

CsvReader::~CsvReader() = default;

BlockSourceOptions CsvReader::SourceOptions() const {
  BlockSourceOptions options;
  options.last_row_end = [dialect = sniff_.dialect](std::string_view data) { return FindLastRowEnd(data, dialect); };
  options.block_bytes = options_.block_bytes;
  options.max_row_bytes = options_.max_row_bytes;
  return options;
}

Result<std::unique_ptr<BlockSource>> CsvReader::MakeSource() {
  std::optional<std::string_view> view = file_->View();
  if (compression_ == StreamCompression::kNone && view) {
    mapped_ = true;
    return MakeMappedBlockSource(file_, *view, sniff_.data_offset, SourceOptions());
  }
  ASSIGN_OR_RETURN(auto stream, OpenInputStream(file_, compression_));
  return MakeStreamBlockSource(std::move(stream), sniff_.data_offset, SourceOptions());
}

Status CsvReader::InferWholeFile() {
  ASSIGN_OR_RETURN(auto source, MakeSource());
  std::vector<inference::ColumnInference> columns(sniff_.columns.size(),
                                                  inference::ColumnInference(options_.inference));
  TokenizedBlock tokens;
  while (true) {
    ASSIGN_OR_RETURN(TextBlock block, source->Next());
    if (block.data.empty()) break;
    RETURN_IF_ERROR(Tokenize(block.data, sniff_.dialect, sniff_.columns.size(), &tokens));
    AddRowsToInference(block.data, tokens, 0, tokens.rows(), sniff_.dialect, shared_->converter, &columns);
  }
  for (size_t c = 0; c < columns.size(); ++c) {
    if (options_.column_types.count(sniff_.columns[c].name)) continue;
    inference::InferredColumn inferred = columns[c].Finish();
    sniff_.columns[c].type = inferred.type->id() == columnar::TypeId::kNull ? columnar::DataType::String() : inferred.type;
    sniff_.columns[c].date_layout = inferred.date_layout;
    sniff_.column_reasons[c] = inferred.reason + " (whole file)";
  }
  return Status::Ok();
}

Result<BatchPtr> CsvReader::Next() { return stream_->Next(); }

}  // namespace sluice::formats::csv
