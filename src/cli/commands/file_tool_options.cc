// Shared flags and helpers of the file tools: see file_tool_options.h.
#include "cli/commands/file_tool_options.h"

#include <unistd.h>

#include <cstdio>

#include <fmt/format.h>

#include "cli/command.h"
#include "columnar/type.h"
#include "formats/csv/reader.h"
#include "formats/json/reader.h"

namespace sluice::cli {

namespace {

// A single character from a flag value: "x", "tab", "\t", "none" (NUL).
Result<char> ParseCharacter(const std::string& flag, const std::string& value) {
  if (value == "tab" || value == "\\t" || value == "\t") return '\t';
  if (value == "none") return '\0';
  if (value.size() != 1) return InvalidArgument(fmt::format("--{} takes one character, not '{}'", flag, value));
  return value[0];
}

class FdOutputStream final : public formats::OutputStream {
 public:
  explicit FdOutputStream(int fd) : fd_(fd), name_("stdout") {}
  const std::string& name() const override { return name_; }
  Status Write(std::string_view bytes) override {
    position_ += bytes.size();
    while (!bytes.empty()) {
      ssize_t n = ::write(fd_, bytes.data(), bytes.size());
      if (n < 0) {
        if (errno == EINTR) continue;
        return ErrnoError("writing to stdout", errno);
      }
      bytes.remove_prefix(static_cast<size_t>(n));
    }
    return Status::Ok();
  }
  uint64_t position() const override { return position_; }
  Status Close() override { return Status::Ok(); }

 private:
  int fd_;
  std::string name_;
  uint64_t position_ = 0;
};

}  // namespace

void ReadFlags::AddTo(CLI::App* command) {
  command->add_option("--input-format", input_format, "csv, json or parquet (default: by extension, then content)");
  command->add_option("--delimiter", delimiter, "CSV field delimiter (default: sniffed among , ; TAB |)");
  command->add_option("--quote", quote, "CSV quote character, or none (default: sniffed)");
  command->add_option("--escape", escape, "CSV escape character inside quotes (default: the quote, doubled)");
  command->add_option("--header", header, "CSV header row: auto, yes or no")->capture_default_str();
  command->add_flag("--glue-header-rule", glue_header_rule,
                    "CSV: a first row over all-text columns is data, as AWS Glue's classifier decides");
  command->add_option("--null", nulls, "Text read as NULL (repeatable; default: the empty field)");
  command->add_option("--columns", columns, "Only these columns, in this order")->delimiter(',');
  command->add_option("--types", types, "Column types as name=glue_type (e.g. id=int,price=decimal(10,2))")
      ->delimiter(',');
  command->add_option("--on-error", on_error, "Malformed rows: fail, or skip (and count)")->capture_default_str();
  command->add_option("--sample-rows", sample_rows, "Rows sampled for type inference; -1 reads the whole file first")
      ->capture_default_str();
  command->add_option("--threads", threads, "Threads for parsing and encoding (default: one per core)");
}

Result<formats::ReadOptions> ReadFlags::ToReadOptions() const {
  formats::ReadOptions options;
  if (!input_format.empty()) {
    options.format = formats::ParseFileFormat(input_format);
    if (!options.format) return InvalidArgument(fmt::format("--input-format: unknown format '{}'", input_format));
  }
  auto& csv = options.csv;
  auto& json = options.json;
  if (!delimiter.empty()) {
    ASSIGN_OR_RETURN(csv.delimiter, ParseCharacter("delimiter", delimiter));
  }
  if (!quote.empty()) {
    ASSIGN_OR_RETURN(csv.quote, ParseCharacter("quote", quote));
  }
  if (!escape.empty()) {
    ASSIGN_OR_RETURN(csv.escape, ParseCharacter("escape", escape));
  }
  if (header == "auto") csv.header = formats::csv::HeaderMode::kAuto;
  else if (header == "yes" || header == "true") csv.header = formats::csv::HeaderMode::kPresent;
  else if (header == "no" || header == "false") csv.header = formats::csv::HeaderMode::kAbsent;
  else return InvalidArgument(fmt::format("--header takes auto, yes or no, not '{}'", header));
  csv.header_when_all_text = !glue_header_rule;
  if (!nulls.empty()) csv.null_values = nulls;
  csv.include_columns = json.include_columns = columns;
  for (const auto& entry : types) {
    size_t equals = entry.find('=');
    if (equals == std::string::npos || equals == 0) {
      return InvalidArgument(fmt::format("--types takes name=type pairs, not '{}'", entry));
    }
    auto type = columnar::ParseGlueType(entry.substr(equals + 1));
    if (!type.ok()) return type.status().WithContext("--types");
    csv.column_types[entry.substr(0, equals)] = *type;
    json.column_types[entry.substr(0, equals)] = *type;
  }
  formats::ErrorPolicy policy;
  if (on_error == "fail") policy = formats::ErrorPolicy::kFail;
  else if (on_error == "skip") policy = formats::ErrorPolicy::kSkip;
  else return InvalidArgument(fmt::format("--on-error takes fail or skip, not '{}'", on_error));
  csv.on_error = json.on_error = policy;
  csv.sample_rows = json.sample_rows = sample_rows;
  csv.parallelism = json.parallelism = threads;
  options.parquet.parallelism = threads > 0 ? threads : HardwareConcurrency();
  if (!columns.empty()) options.parquet.columns = columns;
  RETURN_IF_ERROR(csv.Validate());
  RETURN_IF_ERROR(json.Validate());
  return options;
}

Result<formats::InputFilePtr> OpenInput(const std::string& path) {
  if (path.rfind("s3://", 0) == 0) {
    return InvalidArgument(fmt::format("{}: s3:// paths are not supported by the file tools yet", path));
  }
  return formats::OpenLocalFile(path);
}

std::unique_ptr<formats::OutputStream> StdoutStream() { return std::make_unique<FdOutputStream>(STDOUT_FILENO); }

void ReportReaderNotes(const formats::BatchReader& reader, const std::string& command) {
  int64_t skipped = 0, unknown = 0;
  const std::vector<std::string>* messages = nullptr;
  std::string unknown_name;
  if (auto* csv = dynamic_cast<const formats::csv::CsvReader*>(&reader)) {
    skipped = csv->skipped();
    messages = &csv->skipped_messages();
  } else if (auto* json = dynamic_cast<const formats::json::JsonReader*>(&reader)) {
    skipped = json->skipped();
    messages = &json->skipped_messages();
    unknown = json->unknown_fields();
    unknown_name = json->first_unknown_field();
  }
  if (skipped > 0) {
    std::fprintf(stderr, "sluice %s: skipped %lld malformed rows\n", command.c_str(), static_cast<long long>(skipped));
    for (size_t i = 0; i < messages->size() && i < 10; ++i) std::fprintf(stderr, "  %s\n", (*messages)[i].c_str());
  }
  if (unknown > 0) {
    std::fprintf(stderr,
                 "sluice %s: %lld values of fields missing from the inferred schema were left out (first: '%s'); "
                 "--sample-rows -1 infers over the whole file\n",
                 command.c_str(), static_cast<long long>(unknown), unknown_name.c_str());
  }
}

void Fail(const std::string& command, const Status& status) {
  std::fprintf(stderr, "sluice %s: %s\n", command.c_str(), status.message().c_str());
  SetExitCode(1);
}

}  // namespace sluice::cli
