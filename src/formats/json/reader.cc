// JsonReader: see reader.h.
#include "formats/json/reader.h"

#include <simdjson.h>

#include <algorithm>

#include <fmt/format.h>

#include "formats/compression/input_stream.h"
#include "formats/csv/character_masks.h"
#include "formats/json/record_converter.h"
#include "formats/json/record_scanner.h"
#include "formats/json/schema_inference.h"

namespace sluice::formats::json {

using columnar::BatchPtr;

struct JsonReader::Shared {
  JsonFormat format;
  columnar::SchemaPtr schema;
  ErrorPolicy policy = ErrorPolicy::kFail;
  bool count_unknown = true;  // false with a projection: other fields are expected
};

struct JsonReader::ParsedBlock {
  TextBlock block;
  Status status;
  BatchPtr batch;
  int64_t newlines = 0;
  std::vector<RowError> errors;  // ascending offsets
  int64_t unknown_fields = 0;
  std::string first_unknown_field;
  bool array_closed = false;  // the block holds the closing ']' of a top-level array
};

namespace {

constexpr size_t kPadding = simdjson::SIMDJSON_PADDING;

// Converts the records of a block, leaving out those listed in `skip` (ascending indexes).
void ConvertRecords(const JsonReader::Shared& shared, std::string_view data, const std::vector<RecordSpan>& records,
                    const std::vector<size_t>& skip, RecordConverter& converter, JsonReader::ParsedBlock* out,
                    std::vector<size_t>* bad) {
  std::string problem;
  size_t next_skip = 0;
  for (size_t i = 0; i < records.size(); ++i) {
    if (next_skip < skip.size() && skip[next_skip] == i) {
      ++next_skip;
      continue;
    }
    const RecordSpan& span = records[i];
    std::string_view record = data.substr(span.begin, span.end - span.begin);
    size_t readable_after = data.size() - span.end + kPadding;
    if (!converter.Append(record, readable_after, &problem) && bad) {
      out->errors.push_back({span.begin, problem});
      bad->push_back(i);
    }
  }
}

void ParseBlock(const JsonReader::Shared& shared, JsonReader::ParsedBlock& out) {
  thread_local std::vector<RecordSpan> records;
  std::string_view data = out.block.data;
  SplitRecords(data, shared.format, &records, &out.errors, &out.array_closed);
  out.newlines = static_cast<int64_t>(csv::CountByte(data.data(), data.size(), '\n'));
  RecordConverter converter(shared.schema);
  std::vector<size_t> bad;
  ConvertRecords(shared, data, records, {}, converter, &out, &bad);
  if (!bad.empty() && shared.policy == ErrorPolicy::kSkip) {
    converter.Finish();
    RecordConverter again(shared.schema);
    ConvertRecords(shared, data, records, bad, again, &out, nullptr);
    int64_t rows = again.rows();
    out.batch = columnar::RecordBatch::Make(shared.schema, rows, again.Finish());
  } else {
    int64_t rows = converter.rows();
    out.batch = columnar::RecordBatch::Make(shared.schema, rows, converter.Finish());
  }
  std::stable_sort(out.errors.begin(), out.errors.end(),
                   [](const RowError& a, const RowError& b) { return a.offset < b.offset; });
  if (shared.count_unknown) {
    out.unknown_fields = converter.unknown_fields();
    out.first_unknown_field = converter.first_unknown_field();
  }
}

}  // namespace

Result<std::unique_ptr<JsonReader>> JsonReader::Open(InputFilePtr file, const JsonReadOptions& options) {
  RETURN_IF_ERROR(options.Validate());
  std::unique_ptr<JsonReader> reader(new JsonReader());
  reader->file_ = file;
  reader->options_ = options;
  ASSIGN_OR_RETURN(reader->compression_, DetectStreamCompression(*file));
  ASSIGN_OR_RETURN(FileSample sample, ReadFileSample(file, reader->compression_, options.sample_bytes));
  auto inferred = InferJsonSampleSchema(sample.bytes, sample.whole_file, options);
  if (!inferred.ok()) return inferred.status().WithContext(file->name());
  reader->format_ = inferred->format;
  reader->data_offset_ = inferred->data_offset;
  reader->sampled_records_ = inferred->records;
  int64_t first_line = inferred->first_line;
  columnar::SchemaPtr schema = inferred->schema;
  std::vector<std::string> reasons = inferred->reasons;
  reader->schema_ = schema;
  reader->reasons_ = reasons;

  auto shared = std::make_shared<Shared>();
  shared->format = reader->format_;
  shared->policy = options.on_error;
  reader->shared_ = shared;
  if (options.sample_rows < 0 && !options.schema && !sample.whole_file) RETURN_IF_ERROR(reader->InferWholeFile());
  if (!options.include_columns.empty()) {
    std::vector<columnar::Field> fields;
    std::vector<std::string> projected_reasons;
    for (const auto& name : options.include_columns) {
      auto index = reader->schema_->FieldIndex(name);
      if (!index) return InvalidArgument(fmt::format("{}: no field named '{}'", file->name(), name));
      fields.push_back(reader->schema_->field(*index));
      projected_reasons.push_back(reader->reasons_[*index]);
    }
    reader->schema_ = columnar::MakeSchema(std::move(fields));
    reader->reasons_ = std::move(projected_reasons);
    shared->count_unknown = false;
  }
  shared->schema = reader->schema_;

  size_t parallelism = options.parallelism > 0 ? options.parallelism : HardwareConcurrency();
  if (sample.whole_file && sample.bytes.size() <= options.block_bytes) parallelism = 1;
  ASSIGN_OR_RETURN(auto source, reader->MakeSource());
  JsonReader* self = reader.get();
  reader->stream_ = std::make_unique<BlockBatchStream<ParsedBlock>>(
      file, std::move(source), reader->mapped_, parallelism, options.batch_rows,
      RowErrorLog(file->name(), options.on_error, first_line),
      [shared](ParsedBlock& out) { ParseBlock(*shared, out); },
      [self](ParsedBlock& parsed) {
        self->array_closed_ = self->array_closed_ || parsed.array_closed;
        if (parsed.unknown_fields > 0 && self->unknown_fields_ == 0) self->first_unknown_field_ = parsed.first_unknown_field;
        self->unknown_fields_ += parsed.unknown_fields;
        return Status::Ok();
      },
      [self]() {
        if (self->format_ == JsonFormat::kArray && !self->array_closed_) {
          return InvalidArgument(
              fmt::format("{}: the top-level array is not closed (a truncated file?)", self->file_->name()));
        }
        return Status::Ok();
      });
  return reader;
}

JsonReader::~JsonReader() = default;

BlockSourceOptions JsonReader::SourceOptions() const {
  BlockSourceOptions options;
  options.last_row_end = [format = format_](std::string_view data) { return FindLastRecordEnd(data, format); };
  options.block_bytes = options_.block_bytes;
  options.max_row_bytes = options_.max_record_bytes;
  options.padding = kPadding;
  return options;
}

Result<std::unique_ptr<BlockSource>> JsonReader::MakeSource() {
  std::optional<std::string_view> view = file_->View();
  if (compression_ == StreamCompression::kNone && view) {
    mapped_ = true;
    return MakeMappedBlockSource(file_, *view, data_offset_, SourceOptions());
  }
  ASSIGN_OR_RETURN(auto stream, OpenInputStream(file_, compression_));
  return MakeStreamBlockSource(std::move(stream), data_offset_, SourceOptions());
}

Status JsonReader::InferWholeFile() {
  ASSIGN_OR_RETURN(auto source, MakeSource());
  JsonSchemaInference inference(options_.inference, options_.map_threshold, options_.max_columns);
  std::vector<RecordSpan> records;
  std::vector<RowError> ignored;
  while (true) {
    ASSIGN_OR_RETURN(TextBlock block, source->Next());
    if (block.data.empty()) break;
    SplitRecords(block.data, format_, &records, &ignored, nullptr);
    for (const RecordSpan& span : records) {
      inference.AddRecord(block.data.substr(span.begin, span.end - span.begin), block.data.size() - span.end + kPadding)
          .IgnoreError();  // malformed records are reported by the reading pass
    }
  }
  if (inference.records() == 0) return InvalidArgument(fmt::format("{}: no valid JSON record", file_->name()));
  sampled_records_ = inference.records();
  columnar::SchemaPtr inferred = inference.Finish();
  std::vector<std::string> reasons = inference.Reasons();
  std::vector<columnar::Field> fields = inferred->fields();
  for (size_t i = 0; i < fields.size(); ++i) {
    auto given = options_.column_types.find(fields[i].name);
    if (given != options_.column_types.end()) {
      fields[i].type = given->second;
      reasons[i] = "given";
    } else {
      reasons[i] += " (whole file)";
    }
  }
  schema_ = columnar::MakeSchema(std::move(fields));
  reasons_ = std::move(reasons);
  return Status::Ok();
}

Result<BatchPtr> JsonReader::Next() { return stream_->Next(); }

}  // namespace sluice::formats::json
