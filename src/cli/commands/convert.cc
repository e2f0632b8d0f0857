// `sluice convert IN OUT`: converts a data file between CSV, JSON lines and Parquet, optionally
// compressed, optionally into Hive-partitioned folders (--partition-by) and files of a target
// size. Streams batch by batch, so memory does not grow with the input. A single output file
// is written under a temporary name and renamed into place on success.
#include <cstdio>
#include <filesystem>

#include <fmt/format.h>

#include "cli/command.h"
#include "cli/commands/file_tool_options.h"
#include "common/clock.h"
#include "common/encoding.h"
#include "common/file.h"
#include "common/ids.h"
#include "formats/dataset/dataset_writer.h"
#include "formats/file_format.h"

namespace sluice::cli {
namespace {

struct ConvertFlags {
  std::string input;
  std::string output;
  std::string format;
  std::string compression;
  int compression_level = 0;
  std::vector<std::string> partition_by;
  std::string target_file_size;
  ReadFlags read;
};

// "128MB", "1g", "500000" → bytes.
Result<uint64_t> ParseSize(const std::string& text) {
  size_t digits = 0;
  while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits]))) ++digits;
  if (digits == 0) return InvalidArgument(fmt::format("--target-file-size: '{}' is not a size", text));
  // At most 1 TB whatever the unit: larger sizes are typos, and the shifts below cannot overflow.
  constexpr uint64_t kMaxBytes = uint64_t{1} << 40;
  if (digits > 13) return InvalidArgument(fmt::format("--target-file-size: '{}' is too large", text));
  uint64_t value = std::stoull(text.substr(0, digits));
  std::string unit = AsciiLower(text.substr(digits));
  int shift = -1;
  if (unit.empty() || unit == "b") shift = 0;
  if (unit == "k" || unit == "kb") shift = 10;
  if (unit == "m" || unit == "mb") shift = 20;
  if (unit == "g" || unit == "gb") shift = 30;
  if (shift < 0) return InvalidArgument(fmt::format("--target-file-size: unknown unit in '{}'", text));
  if (value > (kMaxBytes >> shift)) return InvalidArgument(fmt::format("--target-file-size: '{}' is too large", text));
  return value << shift;
}

Result<formats::WriteOptions> OutputOptions(const ConvertFlags& flags, bool folder) {
  formats::WriteOptions options;
  std::optional<formats::FileFormat> format;
  if (!flags.format.empty()) {
    format = formats::ParseFileFormat(flags.format);
    if (!format) return InvalidArgument(fmt::format("--format: unknown format '{}'", flags.format));
  } else {
    format = formats::FileFormatFromPath(flags.output);
    if (!format && folder) format = formats::FileFormat::kParquet;
    if (!format) {
      return InvalidArgument(fmt::format("cannot tell the output format from '{}': give --format csv, json or parquet",
                                         flags.output));
    }
  }
  options.format = *format;
  options.compression_level = flags.compression_level;
  options.parquet.compression_level = flags.compression_level;
  options.parquet.parallelism = flags.read.threads > 0 ? flags.read.threads : HardwareConcurrency();
  if (options.format == formats::FileFormat::kParquet) {
    if (!flags.compression.empty()) {
      auto codec = formats::ParseBlockCodec(flags.compression);
      if (!codec) {
        return InvalidArgument(fmt::format("--compression for Parquet takes snappy, zstd, gzip, lz4_raw or none, not '{}'",
                                           flags.compression));
      }
      options.parquet.compression = *codec;
    }
  } else if (!flags.compression.empty()) {
    auto compression = formats::ParseStreamCompression(flags.compression);
    if (!compression) {
      return InvalidArgument(fmt::format("--compression for CSV and JSON takes gzip, zstd, bzip2 or none, not '{}'",
                                         flags.compression));
    }
    options.compression = *compression;
  } else if (!folder) {
    options.compression = formats::StreamCompressionFromPath(flags.output);
  }
  return options;
}

// Every batch of `reader` into `writer`, then closes the writer.
template <typename Writer>
Status CopyBatches(formats::BatchReader& reader, Writer& writer) {
  while (true) {
    ASSIGN_OR_RETURN(auto batch, reader.Next());
    if (!batch) break;
    RETURN_IF_ERROR(writer.Write(*batch));
  }
  return writer.Close();
}

Status RunConvert(const ConvertFlags& flags) {
  int64_t started = MonotonicMicros();
  if (flags.input == flags.output) return InvalidArgument("the output would overwrite the input");
  ASSIGN_OR_RETURN(formats::ReadOptions read_options, flags.read.ToReadOptions());
  ASSIGN_OR_RETURN(auto input, OpenInput(flags.input));
  ASSIGN_OR_RETURN(auto reader, formats::OpenReader(input, read_options));

  bool folder = !flags.partition_by.empty() || !flags.target_file_size.empty();
  ASSIGN_OR_RETURN(formats::WriteOptions write_options, OutputOptions(flags, folder));
  int64_t rows = 0;
  std::string summary;
  if (folder) {
    formats::DatasetWriteOptions options;
    options.file = write_options;
    options.partition_by = flags.partition_by;
    if (!flags.target_file_size.empty()) {
      ASSIGN_OR_RETURN(options.target_file_bytes, ParseSize(flags.target_file_size));
    }
    if (PathExists(flags.output) && !std::filesystem::is_directory(flags.output)) {
      return InvalidArgument(fmt::format("{} is a file; a partitioned output is a folder", flags.output));
    }
    ASSIGN_OR_RETURN(auto writer, formats::DatasetWriter::Make(reader->schema(), options,
                                                               formats::LocalFolderOpener(flags.output)));
    RETURN_IF_ERROR(CopyBatches(*reader, *writer));
    rows = writer->rows_written();
    summary = fmt::format("{} files in {}/", writer->files().size(), flags.output);
  } else {
    // Written under a temporary name, renamed into place once complete.
    std::string temporary = fmt::format("{}.tmp-{}", flags.output, RandomHex(6));
    auto write = [&]() -> Status {
      ASSIGN_OR_RETURN(auto stream, formats::CreateLocalFile(temporary));
      ASSIGN_OR_RETURN(auto writer, formats::OpenWriter(std::move(stream), reader->schema(), write_options));
      RETURN_IF_ERROR(CopyBatches(*reader, *writer));
      rows = writer->rows_written();
      if (std::rename(temporary.c_str(), flags.output.c_str()) != 0) {
        return ErrnoError(fmt::format("renaming {} to {}", temporary, flags.output), errno);
      }
      return SyncDirectory(DirectoryOf(flags.output));
    };
    Status status = write();
    if (!status.ok()) {
      RemoveFile(temporary).IgnoreError();
      return status;
    }
    summary = flags.output;
  }
  ReportReaderNotes(*reader, "convert");
  std::string codec = write_options.format == formats::FileFormat::kParquet
                          ? std::string(formats::BlockCodecName(write_options.parquet.compression))
                          : std::string(formats::StreamCompressionName(write_options.compression));
  std::fprintf(stderr, "sluice convert: %lld rows to %s (%s, %s) in %.2f s\n", static_cast<long long>(rows),
               summary.c_str(), std::string(formats::FileFormatName(write_options.format)).c_str(), codec.c_str(),
               static_cast<double>(MonotonicMicros() - started) / 1e6);
  return Status::Ok();
}

const CommandRegistration kRegistration(30, [](CLI::App& app) {
  auto flags = std::make_shared<ConvertFlags>();
  CLI::App* command = app.add_subcommand(
      "convert", "Convert a data file between CSV, JSON lines and Parquet (optionally compressed or partitioned)");
  command->add_option("IN", flags->input, "Input file (.csv, .tsv, .json, .jsonl, .parquet; .gz/.zst/.bz2)")
      ->required();
  command->add_option("OUT", flags->output, "Output file, or folder with --partition-by / --target-file-size")
      ->required();
  command->add_option("--format", flags->format, "Output format: csv, json or parquet (default: by OUT's extension)");
  command->add_option("--compression", flags->compression,
                      "Parquet: snappy (default), zstd, gzip, lz4_raw, none; CSV/JSON: gzip, zstd, bzip2, none "
                      "(default: by OUT's extension)");
  command->add_option("--compression-level", flags->compression_level, "Codec level (0: the codec's default)");
  command->add_option("--partition-by", flags->partition_by, "Write Hive-style key=value/ folders by these columns")
      ->delimiter(',');
  command->add_option("--target-file-size", flags->target_file_size,
                      "Start a new file past this size (e.g. 128MB); OUT is then a folder");
  flags->read.AddTo(command);
  command->callback([flags] {
    Status status = RunConvert(*flags);
    if (!status.ok()) Fail("convert", status);
  });
});

}  // namespace
}  // namespace sluice::cli
