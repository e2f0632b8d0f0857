// File data source: see file_source.h.
#include "engine/plan/file_source.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <optional>

#include <fmt/format.h>

#include "common/thread_pool.h"
#include "engine/expr/cast.h"
#include "engine/expr/datum.h"
#include "formats/dataset/hive_partition.h"

namespace sluice::engine {

using columnar::ColumnPtr;
using columnar::DataType;
using columnar::Field;
using columnar::SchemaPtr;

namespace {

namespace fs = std::filesystem;

bool Hidden(const fs::path& path) {
  std::string name = path.filename().string();
  return !name.empty() && (name[0] == '.' || name[0] == '_');
}

// The `key=value` folders between `root` and the file.
std::vector<std::pair<std::string, std::string>> PartitionOf(const fs::path& root, const fs::path& file) {
  std::vector<std::pair<std::string, std::string>> out;
  std::error_code error;
  fs::path relative = fs::relative(file.parent_path(), root, error);
  if (error) return out;
  for (const auto& part : relative) {
    std::string text = part.string();
    size_t eq = text.find('=');
    if (eq == std::string::npos || eq == 0) return {};
    out.emplace_back(formats::UnescapeHivePathPart(text.substr(0, eq)), formats::UnescapeHivePathPart(text.substr(eq + 1)));
  }
  return out;
}

SourceFile LocalFile(std::string path, std::vector<std::pair<std::string, std::string>> partition) {
  SourceFile file;
  file.name = path;
  file.partition = std::move(partition);
  file.open = [path = std::move(path)] { return formats::OpenLocalFile(path); };
  return file;
}

Result<std::vector<SourceFile>> ListFiles(const std::vector<std::string>& paths, bool hive) {
  std::vector<SourceFile> out;
  for (const auto& path : paths) {
    std::error_code error;
    auto status = fs::status(path, error);
    if (error || !fs::exists(status)) return InvalidArgument(fmt::format("{}: no such file or folder", path));
    if (!fs::is_directory(status)) {
      out.push_back(LocalFile(path, {}));
      continue;
    }
    std::vector<SourceFile> found;
    fs::recursive_directory_iterator it(path, fs::directory_options::skip_permission_denied, error), end;
    if (error) return IoError(fmt::format("{}: cannot list: {}", path, error.message()));
    for (; it != end; it.increment(error)) {
      if (error) return IoError(fmt::format("{}: cannot list: {}", path, error.message()));
      if (Hidden(it->path())) {
        if (it->is_directory()) it.disable_recursion_pending();
        continue;
      }
      if (!it->is_regular_file()) continue;
      found.push_back(LocalFile(it->path().string(), hive ? PartitionOf(path, it->path())
                                                          : std::vector<std::pair<std::string, std::string>>{}));
    }
    std::sort(found.begin(), found.end(), [](const SourceFile& a, const SourceFile& b) { return a.name < b.name; });
    for (auto& f : found) out.push_back(std::move(f));
  }
  if (out.empty()) return InvalidArgument("no files to read");
  return out;
}

class FileSource final : public DataSource {
 public:
  FileSource(std::vector<SourceFile> files, FileSourceOptions options, SchemaPtr file_schema,
             std::vector<std::string> partition_keys)
      : files_(std::move(files)), options_(std::move(options)), file_schema_(std::move(file_schema)),
        partition_keys_(std::move(partition_keys)) {
    std::vector<Field> fields = file_schema_->fields();
    for (const auto& key : partition_keys_) fields.push_back({key, DataType::String(), true});
    schema_ = columnar::MakeSchema(std::move(fields));
  }

  const SchemaPtr& schema() const override { return schema_; }
  size_t piece_count() const override { return files_.size(); }
  std::string ToString() const override {
    std::string name = files_.size() == 1 ? files_[0].name : fmt::format("{} files, first {}", files_.size(), files_[0].name);
    return fmt::format("{} ({})", name, options_.read.format ? formats::FileFormatName(*options_.read.format) : "auto");
  }

  Result<std::unique_ptr<formats::BatchReader>> OpenPiece(size_t piece, const std::vector<size_t>& columns,
                                                          const formats::PushdownPredicate& predicate) const override;

 private:
  std::vector<SourceFile> files_;
  FileSourceOptions options_;
  SchemaPtr file_schema_;
  std::vector<std::string> partition_keys_;
  SchemaPtr schema_;
};

// Reads a file's columns and adds the partition values; casts columns to the expected types.
class FileReader final : public formats::BatchReader {
 public:
  FileReader(std::unique_ptr<formats::BatchReader> inner, SchemaPtr schema, std::vector<int> sources,
             std::vector<std::string> constants)
      : inner_(std::move(inner)), schema_(std::move(schema)), sources_(std::move(sources)), constants_(std::move(constants)) {}
  const SchemaPtr& schema() const override { return schema_; }
  Result<columnar::BatchPtr> Next() override {
    if (!inner_) return columnar::BatchPtr();
    ASSIGN_OR_RETURN(columnar::BatchPtr batch, inner_->Next());
    if (!batch) return batch;
    std::vector<ColumnPtr> columns;
    const int64_t rows = batch->num_rows();
    for (size_t i = 0; i < sources_.size(); ++i) {
      const auto& type = schema_->field(i).type;
      if (sources_[i] < 0) {
        columns.push_back(BroadcastScalar(columnar::Scalar::String(constants_[i]), type, rows));
        continue;
      }
      ColumnPtr column = batch->column(static_cast<size_t>(sources_[i]));
      if (!column->type()->Equals(*type)) {
        auto cast = CastColumn(column, type);
        if (!cast.ok()) return cast.status().WithContext(fmt::format("column '{}'", schema_->field(i).name));
        column = *cast;
      }
      columns.push_back(std::move(column));
    }
    return columnar::RecordBatch::Make(schema_, rows, std::move(columns));
  }

 private:
  std::unique_ptr<formats::BatchReader> inner_;  // null: the file is skipped
  SchemaPtr schema_;
  std::vector<int> sources_;  // per output column: its position in the inner batch, or -1
  std::vector<std::string> constants_;
};

Result<std::unique_ptr<formats::BatchReader>> FileSource::OpenPiece(size_t piece, const std::vector<size_t>& columns,
                                                                    const formats::PushdownPredicate& predicate) const {
  const SourceFile& file = files_[piece];
  std::vector<Field> fields;
  std::vector<int> sources;
  std::vector<std::string> constants;
  std::vector<std::string> file_columns;
  const size_t file_fields = file_schema_->num_fields();
  for (size_t c : columns) {
    fields.push_back(schema_->field(c));
    if (c < file_fields) {
      sources.push_back(static_cast<int>(file_columns.size()));
      constants.emplace_back();
      file_columns.push_back(schema_->field(c).name);
    } else {
      const std::string& key = partition_keys_[c - file_fields];
      std::string value;
      for (const auto& [k, v] : file.partition) {
        if (k == key) value = v;
      }
      sources.push_back(-1);
      constants.push_back(value);
    }
  }
  SchemaPtr schema = columnar::MakeSchema(std::move(fields));
  // Partition pruning: a predicate on a partition column may rule the whole file out.
  formats::PushdownPredicate file_predicate;
  for (const auto& p : predicate) {
    auto key = std::find(partition_keys_.begin(), partition_keys_.end(), p.column);
    if (key == partition_keys_.end()) {
      file_predicate.push_back(p);
      continue;
    }
    std::optional<columnar::Scalar> value;
    for (const auto& [k, v] : file.partition) {
      if (k == p.column) value = columnar::Scalar::String(v);
    }
    bool is_null = !value || value->string_value() == formats::kHiveDefaultPartition;
    if (!formats::MayMatch(p, is_null ? std::nullopt : value, is_null ? std::nullopt : value, is_null ? 1 : 0, 1)) {
      return std::unique_ptr<formats::BatchReader>(new FileReader(nullptr, schema, sources, constants));
    }
  }
  ASSIGN_OR_RETURN(formats::InputFilePtr input, file.open());
  formats::ReadOptions read = options_.read;
  read.Project(file_schema_, file_columns, file_predicate, options_.reader_parallelism);
  if (file_columns.empty()) {
    // Only partition columns (or a row count): read the narrowest thing there is.
    read.csv.include_columns = {file_schema_->field(0).name};
    read.json.include_columns = {file_schema_->field(0).name};
    read.parquet.columns = std::vector<std::string>{};
  }
  auto reader = formats::OpenReader(input, read);
  if (!reader.ok()) return reader.status();
  return std::unique_ptr<formats::BatchReader>(new FileReader(std::move(*reader), schema, sources, constants));
}

}  // namespace

Result<DataSourcePtr> MakeFileSource(const std::vector<std::string>& paths, FileSourceOptions options) {
  ASSIGN_OR_RETURN(std::vector<SourceFile> files, ListFiles(paths, options.hive_partitioning));
  return MakeFileSource(std::move(files), std::move(options));
}

Result<DataSourcePtr> MakeFileSource(std::vector<SourceFile> files, FileSourceOptions options) {
  if (files.empty()) return InvalidArgument("no files to read");
  // The first file decides the format (unless given) and the schema (unless given).
  ASSIGN_OR_RETURN(formats::InputFilePtr first, files[0].open());
  if (!options.read.format) {
    ASSIGN_OR_RETURN(formats::FileFormat format, formats::DetectFileFormat(first));
    options.read.format = format;
  }
  SchemaPtr schema;
  if (*options.read.format == formats::FileFormat::kCsv && options.read.csv.schema) schema = options.read.csv.schema;
  if (*options.read.format == formats::FileFormat::kJson && options.read.json.schema) schema = options.read.json.schema;
  if (!schema) {
    ASSIGN_OR_RETURN(formats::InferredSchema inferred, formats::InferSchema(first, options.read));
    schema = inferred.schema;
    if (inferred.format == formats::FileFormat::kCsv && inferred.csv_dialect) {
      // Read every file with the dialect found in the first.
      options.read.csv.delimiter = inferred.csv_dialect->delimiter;
      options.read.csv.quote = inferred.csv_dialect->quote;
      options.read.csv.escape = inferred.csv_dialect->escape;
      options.read.csv.header = inferred.csv_header ? formats::csv::HeaderMode::kPresent : formats::csv::HeaderMode::kAbsent;
    }
  }
  // Partition keys: those of the first partitioned file, in folder order, unless a file column
  // already has the name.
  std::vector<std::string> keys;
  for (const auto& file : files) {
    if (file.partition.empty()) continue;
    for (const auto& [key, value] : file.partition) {
      if (!schema->FieldIndex(key) && std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(key);
    }
    break;
  }
  return DataSourcePtr(std::make_shared<FileSource>(std::move(files), std::move(options), schema, std::move(keys)));
}

}  // namespace sluice::engine
