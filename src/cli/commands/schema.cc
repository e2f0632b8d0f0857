// `sluice schema FILE`: prints the schema of a data file as Glue column types, inferred as the
// crawler infers it (CSV dialect, header and types from a sample; JSON types unified across
// records; Parquet from its footer). --output glue prints the Columns list of a Glue
// TableInput; --verbose adds how the file was read and why each column got its type.
#include <cstdio>

#include <boost/json.hpp>
#include <fmt/format.h>

#include "cli/command.h"
#include "cli/commands/file_tool_options.h"
#include "formats/file_format.h"

namespace sluice::cli {
namespace {

struct SchemaFlags {
  std::string input;
  std::string output = "table";
  bool verbose = false;
  ReadFlags read;
};

std::string Printable(char c) {
  if (c == '\t') return "TAB";
  if (c == '\0') return "none";
  return std::string("'") + c + "'";
}

Status RunSchema(const SchemaFlags& flags) {
  ASSIGN_OR_RETURN(formats::ReadOptions options, flags.read.ToReadOptions());
  ASSIGN_OR_RETURN(auto input, OpenInput(flags.input));
  ASSIGN_OR_RETURN(formats::InferredSchema inferred, formats::InferSchema(input, options));
  const auto& fields = inferred.schema->fields();
  if (flags.output == "glue" || flags.output == "json") {
    boost::json::array columns;
    for (size_t i = 0; i < fields.size(); ++i) {
      boost::json::object column{{"Name", fields[i].name}, {"Type", fields[i].type->ToGlueType()}};
      if (flags.output == "json" && i < inferred.column_reasons.size()) column["Comment"] = inferred.column_reasons[i];
      columns.push_back(std::move(column));
    }
    if (flags.output == "glue") {
      std::printf("%s\n", boost::json::serialize(columns).c_str());
      return Status::Ok();
    }
    boost::json::object out{{"File", flags.input},
                             {"Format", std::string(formats::FileFormatName(inferred.format))},
                             {"Compression", std::string(formats::StreamCompressionName(inferred.compression))},
                             {"Confidence", inferred.confidence},
                             {"SampledRows", inferred.sampled_rows},
                             {"Columns", std::move(columns)}};
    if (inferred.csv_dialect) {
      out["Delimiter"] = std::string(1, inferred.csv_dialect->delimiter);
      out["Quote"] = inferred.csv_dialect->quote ? std::string(1, inferred.csv_dialect->quote) : "";
      out["Header"] = inferred.csv_header;
    }
    boost::json::array notes;
    for (const auto& note : inferred.notes) notes.push_back(boost::json::value(note));
    out["Notes"] = std::move(notes);
    std::printf("%s\n", boost::json::serialize(out).c_str());
    return Status::Ok();
  }
  if (flags.output != "table") return InvalidArgument(fmt::format("--output takes table, glue or json, not '{}'", flags.output));
  if (flags.verbose) {
    std::string layout = std::string(formats::FileFormatName(inferred.format));
    if (inferred.compression != formats::StreamCompression::kNone) {
      layout += fmt::format(" ({})", formats::StreamCompressionName(inferred.compression));
    }
    if (inferred.csv_dialect) {
      layout += fmt::format(", delimiter {}, quote {}, header {}", Printable(inferred.csv_dialect->delimiter),
                            Printable(inferred.csv_dialect->quote), inferred.csv_header ? "yes" : "no");
    }
    std::printf("# %s: %s; %lld rows sampled, confidence %.2f\n", flags.input.c_str(), layout.c_str(),
                static_cast<long long>(inferred.sampled_rows), inferred.confidence);
    for (const auto& note : inferred.notes) std::printf("# %s\n", note.c_str());
  }
  size_t width = 0;
  for (const auto& field : fields) width = std::max(width, field.name.size());
  for (size_t i = 0; i < fields.size(); ++i) {
    std::string line = fmt::format("{:<{}}  {}", fields[i].name, width, fields[i].type->ToGlueType());
    if (flags.verbose && i < inferred.column_reasons.size()) line += "  -- " + inferred.column_reasons[i];
    std::printf("%s\n", line.c_str());
  }
  return Status::Ok();
}

const CommandRegistration kRegistration(31, [](CLI::App& app) {
  auto flags = std::make_shared<SchemaFlags>();
  CLI::App* command = app.add_subcommand("schema", "Print the inferred schema of a data file as Glue column types");
  command->add_option("FILE", flags->input, "Input file (.csv, .tsv, .json, .jsonl, .parquet; .gz/.zst/.bz2)")
      ->required();
  command->add_option("--output", flags->output, "table, glue (a Glue Columns list) or json")->capture_default_str();
  command->add_flag("-v,--verbose", flags->verbose, "Say how the file was read and why each column got its type");
  flags->read.AddTo(command);
  command->callback([flags] {
    Status status = RunSchema(*flags);
    if (!status.ok()) Fail("schema", status);
  });
});

}  // namespace
}  // namespace sluice::cli
