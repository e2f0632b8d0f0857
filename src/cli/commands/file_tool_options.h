// What the file tools (`sluice convert`, `schema`, `cat`) share: the flags that say how to read
// an input file (format, CSV dialect, NULLs, types, error policy) turned into
// formats::ReadOptions, opening inputs, stdout as an OutputStream, and the end-of-read report
// of skipped rows. Each subcommand file registers its own command and uses these.
//
// Thread safety: used by the main thread only.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "common/status.h"
#include "formats/batch_stream.h"
#include "formats/file_format.h"
#include "formats/io.h"

namespace sluice::cli {

struct ReadFlags {
  std::string input_format;  // csv, json, parquet; empty: by name, then content
  std::string delimiter;     // one character, or "tab" / "\t"
  std::string quote;         // one character, or "none"
  std::string escape;        // one character; default: the quote (doubling)
  std::string header = "auto";
  bool glue_header_rule = false;
  std::vector<std::string> nulls;
  std::vector<std::string> columns;
  std::vector<std::string> types;  // name=glue type
  std::string on_error = "fail";
  int64_t sample_rows = 20480;
  size_t threads = 0;

  // Adds the flags to a subcommand.
  void AddTo(CLI::App* command);
  // InvalidArgument naming the bad flag.
  Result<formats::ReadOptions> ToReadOptions() const;
};

// Opens a local file for reading (s3:// paths are not supported yet: InvalidArgument).
Result<formats::InputFilePtr> OpenInput(const std::string& path);

// Standard output as an OutputStream (Close flushes; it never closes the descriptor).
std::unique_ptr<formats::OutputStream> StdoutStream();

// Prints, on stderr, how many rows a CSV or JSON reader skipped (the first messages too) and
// which fields it did not know; nothing for other readers.
void ReportReaderNotes(const formats::BatchReader& reader, const std::string& command);

// Prints "sluice <command>: <message>" on stderr and sets exit code 1.
void Fail(const std::string& command, const Status& status);

}  // namespace sluice::cli
