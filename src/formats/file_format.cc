// Format detection and reader/writer dispatch: see file_format.h.
#include "formats/file_format.h"

#include <algorithm>

#include <fmt/format.h>

#include "common/encoding.h"
#include "common/thread_pool.h"
#include "formats/compression/compressing_output_stream.h"
#include "formats/compression/input_stream.h"
#include "formats/csv/reader.h"
#include "formats/csv/sniffer.h"
#include "formats/csv/writer.h"
#include "formats/json/reader.h"
#include "formats/json/schema_inference.h"
#include "formats/json/writer.h"

namespace sluice::formats {

namespace {

constexpr std::string_view kParquetMagic = "PAR1";

// JSON when the first character after a byte order mark and whitespace opens an object or array.
bool LooksLikeJson(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  size_t first = text.find_first_not_of(" \t\r\n");
  return first != std::string_view::npos && (text[first] == '{' || text[first] == '[');
}

InferredSchema FromCsvSniff(const csv::CsvSniffResult& sniff, const std::vector<csv::ColumnSpec>& columns) {
  InferredSchema out;
  out.format = FileFormat::kCsv;
  std::vector<columnar::Field> fields;
  for (const auto& column : columns) fields.push_back({column.name, column.type, true});
  out.schema = columnar::MakeSchema(std::move(fields));
  for (const auto& column : columns) {
    auto it = std::find_if(sniff.columns.begin(), sniff.columns.end(),
                           [&](const csv::ColumnSpec& spec) { return spec.name == column.name; });
    out.column_reasons.push_back(it == sniff.columns.end()
                                     ? std::string()
                                     : sniff.column_reasons[static_cast<size_t>(it - sniff.columns.begin())]);
  }
  out.notes = sniff.notes;
  out.confidence = sniff.confidence;
  out.sampled_rows = sniff.sampled_rows;
  out.csv_dialect = sniff.dialect;
  out.csv_header = sniff.has_header;
  return out;
}

InferredSchema FromJsonSample(const json::JsonSampleSchema& sample) {
  InferredSchema out;
  out.format = FileFormat::kJson;
  out.schema = sample.schema;
  out.column_reasons = sample.reasons;
  out.notes.push_back(fmt::format("layout: {}", json::JsonFormatName(sample.format)));
  out.sampled_rows = sample.records;
  out.json_format = sample.format;
  return out;
}

}  // namespace

std::string_view FileFormatName(FileFormat format) {
  switch (format) {
    case FileFormat::kCsv: return "csv";
    case FileFormat::kJson: return "json";
    case FileFormat::kParquet: return "parquet";
  }
  return "unknown";
}

std::optional<FileFormat> ParseFileFormat(std::string_view name) {
  std::string lower = AsciiLower(name);
  if (lower == "csv" || lower == "tsv") return FileFormat::kCsv;
  if (lower == "json" || lower == "jsonl" || lower == "ndjson") return FileFormat::kJson;
  if (lower == "parquet") return FileFormat::kParquet;
  return std::nullopt;
}

std::optional<FileFormat> FileFormatFromPath(std::string_view path) {
  std::string_view stem = StripCompressionExtension(path);
  size_t slash = stem.find_last_of('/');
  size_t dot = stem.find_last_of('.');
  if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash)) return std::nullopt;
  std::string extension = AsciiLower(stem.substr(dot + 1));
  if (extension == "csv" || extension == "tsv" || extension == "txt") return FileFormat::kCsv;
  if (extension == "json" || extension == "jsonl" || extension == "ndjson") return FileFormat::kJson;
  if (extension == "parquet" || extension == "pq") return FileFormat::kParquet;
  return std::nullopt;
}

std::string_view FileFormatExtension(FileFormat format) {
  switch (format) {
    case FileFormat::kCsv: return ".csv";
    case FileFormat::kJson: return ".json";
    case FileFormat::kParquet: return ".parquet";
  }
  return "";
}

Result<FileFormat> DetectFileFormat(const InputFilePtr& file) {
  if (auto by_name = FileFormatFromPath(file->name())) return *by_name;
  char head[4] = {0, 0, 0, 0}, tail[4] = {0, 0, 0, 0};
  ASSIGN_OR_RETURN(size_t head_bytes, file->ReadAt(0, 4, head));
  if (file->size() >= 8) {
    ASSIGN_OR_RETURN(size_t tail_bytes, file->ReadAt(file->size() - 4, 4, tail));
    if (head_bytes == 4 && tail_bytes == 4 && std::string_view(head, 4) == kParquetMagic &&
        std::string_view(tail, 4) == kParquetMagic) {
      return FileFormat::kParquet;
    }
  }
  ASSIGN_OR_RETURN(StreamCompression compression, DetectStreamCompression(*file));
  ASSIGN_OR_RETURN(FileSample sample, ReadFileSample(file, compression, 4096));
  return LooksLikeJson(sample.bytes) ? FileFormat::kJson : FileFormat::kCsv;
}

namespace {
// The format the options name, else the one DetectFileFormat finds.
Result<FileFormat> ResolveFormat(const InputFilePtr& file, const ReadOptions& options) {
  if (options.format) return *options.format;
  return DetectFileFormat(file);
}
}  // namespace

void ReadOptions::Project(const columnar::SchemaPtr& schema, const std::vector<std::string>& columns,
                          const PushdownPredicate& predicate, size_t parallelism) {
  csv.schema = schema;
  csv.include_columns = columns;
  csv.parallelism = parallelism;
  json.schema = schema;
  json.include_columns = columns;
  json.parallelism = parallelism;
  parquet.columns = columns;
  parquet.predicate = predicate;
  parquet.parallelism = parallelism ? parallelism : HardwareConcurrency();
}

Result<std::unique_ptr<BatchReader>> OpenReader(const InputFilePtr& file, const ReadOptions& options) {
  ASSIGN_OR_RETURN(FileFormat format, ResolveFormat(file, options));
  switch (format) {
    case FileFormat::kCsv: {
      ASSIGN_OR_RETURN(auto reader, csv::CsvReader::Open(file, options.csv));
      return std::unique_ptr<BatchReader>(std::move(reader));
    }
    case FileFormat::kJson: {
      ASSIGN_OR_RETURN(auto reader, json::JsonReader::Open(file, options.json));
      return std::unique_ptr<BatchReader>(std::move(reader));
    }
    case FileFormat::kParquet: return parquet::OpenParquetReader(file, options.parquet);
  }
  return InvalidArgument("unknown file format");
}

Result<std::unique_ptr<BatchWriter>> OpenWriter(std::unique_ptr<OutputStream> out, columnar::SchemaPtr schema,
                                                const WriteOptions& options) {
  if (options.format == FileFormat::kParquet) {
    if (options.compression != StreamCompression::kNone) {
      return InvalidArgument("Parquet compresses its pages: choose a Parquet codec, not a file compression");
    }
    return parquet::OpenParquetWriter(std::move(out), std::move(schema), options.parquet);
  }
  ASSIGN_OR_RETURN(out, CompressOutputStream(std::move(out), options.compression, options.compression_level));
  switch (options.format) {
    case FileFormat::kCsv: {
      ASSIGN_OR_RETURN(auto writer, csv::CsvWriter::Make(std::move(out), std::move(schema), options.csv));
      return std::unique_ptr<BatchWriter>(std::move(writer));
    }
    case FileFormat::kJson: {
      ASSIGN_OR_RETURN(auto writer, json::JsonWriter::Make(std::move(out), std::move(schema), options.json));
      return std::unique_ptr<BatchWriter>(std::move(writer));
    }
    case FileFormat::kParquet: break;
  }
  return InvalidArgument("unknown file format");
}

Result<InferredSchema> InferSchema(const InputFilePtr& file, const ReadOptions& options) {
  ASSIGN_OR_RETURN(FileFormat format, ResolveFormat(file, options));
  switch (format) {
    case FileFormat::kCsv: {
      csv::CsvReadOptions csv_options = options.csv;
      csv_options.parallelism = 1;
      ASSIGN_OR_RETURN(auto reader, csv::CsvReader::Open(file, csv_options));
      // The schema's columns are the projected ones, with any whole-file inference applied.
      std::vector<csv::ColumnSpec> columns;
      for (const auto& field : reader->schema()->fields()) columns.push_back({field.name, field.type});
      InferredSchema out = FromCsvSniff(reader->sniffed(), columns);
      out.compression = reader->compression();
      return out;
    }
    case FileFormat::kJson: {
      json::JsonReadOptions json_options = options.json;
      json_options.parallelism = 1;
      ASSIGN_OR_RETURN(auto reader, json::JsonReader::Open(file, json_options));
      InferredSchema out;
      out.format = FileFormat::kJson;
      out.compression = reader->compression();
      out.schema = reader->schema();
      out.column_reasons = reader->column_reasons();
      out.notes.push_back(fmt::format("layout: {}", json::JsonFormatName(reader->format())));
      out.sampled_rows = reader->sampled_records();
      out.json_format = reader->format();
      return out;
    }
    case FileFormat::kParquet: {
      ASSIGN_OR_RETURN(parquet::ParquetFileInfo info, parquet::ReadParquetFileInfo(file));
      InferredSchema out;
      out.format = FileFormat::kParquet;
      out.schema = info.schema;
      out.column_reasons.assign(info.schema->num_fields(), "from the Parquet footer");
      out.notes.push_back(fmt::format("{} rows in {} row groups{}", info.num_rows, info.num_row_groups,
                                      info.created_by.empty() ? "" : ", written by " + info.created_by));
      out.sampled_rows = info.num_rows;
      return out;
    }
  }
  return InvalidArgument("unknown file format");
}

Result<InferredSchema> InferSchemaFromSample(std::string_view sample, bool whole_file, std::string_view name,
                                             const ReadOptions& options) {
  StreamCompression compression = StreamCompressionFromPath(name);
  if (compression == StreamCompression::kNone) compression = StreamCompressionFromMagic(sample);
  std::string decompressed;
  if (compression != StreamCompression::kNone) {
    // Decompress as far as the sample goes; a cut-off stream just ends the sample.
    ASSIGN_OR_RETURN(auto stream, OpenInputStream(InputFileFromString(std::string(sample), std::string(name)),
                                                  compression));
    size_t limit = std::max<size_t>(options.csv.sample_bytes, options.json.sample_bytes);
    bool complete = false;
    decompressed.resize(limit);
    size_t filled = 0;
    while (filled < limit) {
      auto n = stream->Read(decompressed.data() + filled, limit - filled);
      if (!n.ok()) break;
      if (*n == 0) {
        complete = true;
        break;
      }
      filled += *n;
    }
    decompressed.resize(filled);
    whole_file = whole_file && complete;
    sample = decompressed;
  }
  std::optional<FileFormat> format = options.format ? options.format : FileFormatFromPath(name);
  if (!format) {
    if (sample.substr(0, 4) == kParquetMagic) format = FileFormat::kParquet;
    else format = LooksLikeJson(sample) ? FileFormat::kJson : FileFormat::kCsv;
  }
  InferredSchema out;
  switch (*format) {
    case FileFormat::kCsv: {
      auto sniff = csv::SniffCsv(sample, whole_file, options.csv);
      if (!sniff.ok()) return sniff.status().WithContext(name);
      out = FromCsvSniff(*sniff, sniff->columns);
      break;
    }
    case FileFormat::kJson: {
      auto inferred = json::InferJsonSampleSchema(sample, whole_file, options.json);
      if (!inferred.ok()) return inferred.status().WithContext(name);
      out = FromJsonSample(*inferred);
      break;
    }
    case FileFormat::kParquet:
      return InvalidArgument(fmt::format("{}: a Parquet schema is in the file's footer; read the whole file", name));
  }
  out.compression = compression;
  return out;
}

}  // namespace sluice::formats
