// `sluice cat FILE`: prints the rows of a data file (CSV, JSON lines, Parquet; compressed or
// not) as an aligned table, CSV or JSON lines, streaming batch by batch. --limit stops early.
#include <cstdio>

#include <fmt/format.h>

#include "cli/command.h"
#include "cli/commands/file_tool_options.h"
#include "formats/file_format.h"

namespace sluice::cli {
namespace {

struct CatFlags {
  std::string input;
  int64_t limit = -1;
  std::string format = "table";
  ReadFlags read;
};

// Columns wider than this are cut, with "…".
constexpr size_t kMaxCellWidth = 48;
// Rows looked at to size the columns before the first line is printed.
constexpr size_t kSizingRows = 1000;

size_t DisplayWidth(std::string_view text) {
  size_t width = 0;
  for (unsigned char c : text) width += (c & 0xC0) != 0x80;
  return width;
}

// The first `width` characters of text (whole UTF-8 sequences).
std::string_view Prefix(std::string_view text, size_t width) {
  size_t count = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80 && count++ == width) return text.substr(0, i);
  }
  return text;
}

// Prints rows as an aligned table: the column widths come from the header and the first rows.
class TablePrinter {
 public:
  explicit TablePrinter(const columnar::Schema& schema) {
    for (const auto& field : schema.fields()) {
      names_.push_back(field.name);
      right_.push_back(field.type->is_numeric());
    }
  }
  void Add(std::vector<std::string> row) {
    ++rows_;
    if (widths_.empty()) {
      pending_.push_back(std::move(row));
      if (pending_.size() >= kSizingRows) Flush();
    } else {
      PrintRow(row);
    }
  }
  void Finish() {
    Flush();
    std::printf("(%lld row%s)\n", static_cast<long long>(rows_), rows_ == 1 ? "" : "s");
  }

 private:
  void Flush() {
    if (!widths_.empty()) return;
    for (const auto& name : names_) widths_.push_back(std::min(kMaxCellWidth, DisplayWidth(name)));
    for (const auto& row : pending_) {
      for (size_t c = 0; c < row.size(); ++c) widths_[c] = std::max(widths_[c], std::min(kMaxCellWidth, DisplayWidth(row[c])));
    }
    PrintRow(names_, /*header=*/true);
    std::string rule;
    for (size_t c = 0; c < widths_.size(); ++c) {
      if (c) rule += "-+-";
      rule += std::string(widths_[c], '-');
    }
    std::printf("%s\n", rule.c_str());
    for (const auto& row : pending_) PrintRow(row);
    pending_.clear();
  }
  void PrintRow(const std::vector<std::string>& row, bool header = false) {
    std::string line;
    for (size_t c = 0; c < row.size(); ++c) {
      if (c) line += " | ";
      std::string cell(row[c]);
      if (DisplayWidth(cell) > widths_[c]) cell = std::string(Prefix(cell, widths_[c] - 1)) + "…";
      std::string pad(widths_[c] - DisplayWidth(cell), ' ');
      line += right_[c] && !header ? pad + cell : cell + pad;
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    std::printf("%s\n", line.c_str());
  }

  std::vector<std::string> names_;
  std::vector<bool> right_;
  std::vector<size_t> widths_;
  std::vector<std::vector<std::string>> pending_;
  int64_t rows_ = 0;
};

Status RunCat(const CatFlags& flags) {
  ASSIGN_OR_RETURN(formats::ReadOptions options, flags.read.ToReadOptions());
  ASSIGN_OR_RETURN(auto input, OpenInput(flags.input));
  ASSIGN_OR_RETURN(auto reader, formats::OpenReader(input, options));
  std::unique_ptr<TablePrinter> table;
  std::unique_ptr<formats::BatchWriter> writer;
  if (flags.format == "table") {
    table = std::make_unique<TablePrinter>(*reader->schema());
  } else {
    formats::WriteOptions write;
    auto format = formats::ParseFileFormat(flags.format);
    if (!format || *format == formats::FileFormat::kParquet) {
      return InvalidArgument(fmt::format("--format takes table, csv or json, not '{}'", flags.format));
    }
    write.format = *format;
    ASSIGN_OR_RETURN(writer, formats::OpenWriter(StdoutStream(), reader->schema(), write));
  }
  int64_t printed = 0;
  while (flags.limit < 0 || printed < flags.limit) {
    ASSIGN_OR_RETURN(auto batch, reader->Next());
    if (!batch) break;
    if (flags.limit >= 0 && batch->num_rows() > flags.limit - printed) batch = batch->Slice(0, flags.limit - printed);
    if (writer) {
      RETURN_IF_ERROR(writer->Write(*batch));
    } else {
      for (int64_t r = 0; r < batch->num_rows(); ++r) {
        std::vector<std::string> row;
        for (const auto& column : batch->columns()) row.push_back(column->ValueToString(r));
        table->Add(std::move(row));
      }
    }
    printed += batch->num_rows();
  }
  if (writer) RETURN_IF_ERROR(writer->Close());
  if (table) table->Finish();
  std::fflush(stdout);
  ReportReaderNotes(*reader, "cat");
  return Status::Ok();
}

const CommandRegistration kRegistration(32, [](CLI::App& app) {
  auto flags = std::make_shared<CatFlags>();
  CLI::App* command = app.add_subcommand("cat", "Print the rows of a data file");
  command->add_option("FILE", flags->input, "Input file (.csv, .tsv, .json, .jsonl, .parquet; .gz/.zst/.bz2)")
      ->required();
  command->add_option("--limit", flags->limit, "Print at most this many rows");
  command->add_option("--format", flags->format, "table, csv or json (JSON lines)")->capture_default_str();
  flags->read.AddTo(command);
  command->callback([flags] {
    Status status = RunCat(*flags);
    if (!status.ok()) Fail("cat", status);
  });
});

}  // namespace
}  // namespace sluice::cli
