// Reading one object of a job source: see file_reading.h.
#include "jobs/data/file_reading.h"

#include <fmt/format.h>

#include "formats/file_format.h"

namespace sluice::jobs {

namespace {

formats::ReadOptions ReadOptionsOf(const ReadSpec& read) {
  formats::ReadOptions options;
  switch (read.format) {
    case DataFormat::kCsv: {
      options.format = formats::FileFormat::kCsv;
      options.csv.delimiter = read.csv.separator;
      options.csv.quote = read.csv.quote;
      if (read.csv.escaper) options.csv.escape = *read.csv.escaper;
      options.csv.header = read.csv.with_header || read.csv.skip_first ? formats::csv::HeaderMode::kPresent
                                                                       : formats::csv::HeaderMode::kAbsent;
      break;
    }
    case DataFormat::kJson:
      options.format = formats::FileFormat::kJson;
      break;
    case DataFormat::kParquet:
      options.format = formats::FileFormat::kParquet;
      break;
  }
  return options;
}

}  // namespace

Result<columnar::SchemaPtr> InferFileSchema(const formats::InputFilePtr& file, const ReadSpec& read) {
  formats::ReadOptions options = ReadOptionsOf(read);
  options.csv.parallelism = 1;
  options.json.parallelism = 1;
  ASSIGN_OR_RETURN(formats::InferredSchema inferred, formats::InferSchema(file, options));
  if (read.format != DataFormat::kCsv || read.csv.with_header) return inferred.schema;
  // col0, col1, ...: Glue's names for the columns of a CSV file without a header.
  std::vector<columnar::Field> fields = inferred.schema->fields();
  for (size_t i = 0; i < fields.size(); ++i) fields[i].name = fmt::format("col{}", i);
  return columnar::MakeSchema(std::move(fields));
}

Result<std::unique_ptr<formats::BatchReader>> OpenFileReader(const formats::InputFilePtr& file, const ReadSpec& read,
                                                             const columnar::SchemaPtr& schema,
                                                             const std::vector<std::string>& columns,
                                                             const formats::PushdownPredicate& predicate,
                                                             size_t parallelism) {
  formats::ReadOptions options = ReadOptionsOf(read);
  std::vector<std::string> names = columns;
  if (names.empty()) {
    for (const auto& field : schema->fields()) names.push_back(field.name);
  }
  options.Project(schema, names, predicate, parallelism);
  return formats::OpenReader(file, options);
}

}  // namespace sluice::jobs
