// parquet_interop_tool: the Sluice side of the Parquet interoperability tests
// (test_parquet_interop.py), comparing Sluice with DuckDB and hyparquet value by value.
//
//   generate OUT.parquet EXPECTED.jsonl [--rows N] [--batch N] [--seed S] [--codec C] [--v2]
//            [--plain] [--row-group-rows N] [--page-bytes N]
//       writes generated data (parquet_fixtures.h) with those writer options, and the same
//       rows in canonical JSON lines
//   dump IN.parquet [--columns a,b,...] [--batch-rows N] [--parallelism N]
//       reads a file with Sluice and prints its rows in canonical JSON lines
//   schema IN.parquet
//       prints "name: glue type" per column, then "rows N" and "row_groups N"
//
// Canonical JSON (the same in canonical.mjs): one object per row keyed by column name; null;
// booleans; integers as decimal strings; floats as "NaN" or "f:" + the 16 hex digits of the
// value as a double; decimals as exact text with all scale digits; strings as themselves;
// binary as "x:" + hex; dates as "d:" + days since 1970-01-01; timestamps as "t:" +
// microseconds since the epoch; lists as arrays; structs as objects; maps as [key, value]
// pairs.
//
// Thread safety: a single-threaded command-line program.
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "columnar/decimal.h"
#include "formats/parquet/parquet_reader.h"
#include "formats/parquet/parquet_writer.h"
#include "unit/formats/parquet_fixtures.h"

namespace sluice::formats::parquet {
namespace {

using columnar::Column;
using columnar::TypeId;

void JsonString(std::string_view text, std::string& out) {
  out += '"';
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    if (c == '"') out += "\\\"";
    else if (c == '\\') out += "\\\\";
    else if (c < 0x20) out += fmt::format("\\u{:04x}", c);
    else out += ch;
  }
  out += '"';
}

void Canonical(const Column& column, int64_t i, std::string& out) {
  if (column.IsNull(i)) {
    out += "null";
    return;
  }
  const columnar::DataType& type = *column.type();
  auto floating = [&](double v) {
    if (std::isnan(v)) {
      out += "\"NaN\"";
      return;
    }
    uint64_t bits;
    std::memcpy(&bits, &v, 8);
    out += fmt::format("\"f:{:016x}\"", bits);
  };
  switch (type.id()) {
    case TypeId::kNull: out += "null"; return;
    case TypeId::kBoolean: out += column.Values<uint8_t>()[i] ? "true" : "false"; return;
    case TypeId::kInt8: out += fmt::format("\"{}\"", column.Values<int8_t>()[i]); return;
    case TypeId::kInt16: out += fmt::format("\"{}\"", column.Values<int16_t>()[i]); return;
    case TypeId::kInt32: out += fmt::format("\"{}\"", column.Values<int32_t>()[i]); return;
    case TypeId::kInt64: out += fmt::format("\"{}\"", column.Values<int64_t>()[i]); return;
    case TypeId::kFloat32: floating(static_cast<double>(column.Values<float>()[i])); return;
    case TypeId::kFloat64: floating(column.Values<double>()[i]); return;
    case TypeId::kDecimal:
      JsonString(columnar::DecimalToString(column.Values<columnar::Int128>()[i], type.scale()), out);
      return;
    case TypeId::kString: JsonString(column.GetView(i), out); return;
    case TypeId::kBinary: {
      std::string hex = "x:";
      for (unsigned char c : column.GetView(i)) hex += fmt::format("{:02x}", c);
      JsonString(hex, out);
      return;
    }
    case TypeId::kDate: out += fmt::format("\"d:{}\"", column.Values<int32_t>()[i]); return;
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz: out += fmt::format("\"t:{}\"", column.Values<int64_t>()[i]); return;
    case TypeId::kStruct: {
      out += '{';
      for (size_t f = 0; f < type.fields().size(); ++f) {
        if (f) out += ',';
        JsonString(type.fields()[f].name, out);
        out += ':';
        Canonical(*column.child(f), i, out);
      }
      out += '}';
      return;
    }
    case TypeId::kList:
    case TypeId::kMap: {
      const int64_t* offsets = column.Offsets();
      out += '[';
      for (int64_t j = offsets[i]; j < offsets[i + 1]; ++j) {
        if (j > offsets[i]) out += ',';
        if (type.id() == TypeId::kMap) {
          out += '[';
          Canonical(*column.child(0), j, out);
          out += ',';
          Canonical(*column.child(1), j, out);
          out += ']';
        } else {
          Canonical(*column.child(0), j, out);
        }
      }
      out += ']';
      return;
    }
  }
}

void PrintRows(const columnar::RecordBatch& batch, FILE* out) {
  std::string line;
  for (int64_t r = 0; r < batch.num_rows(); ++r) {
    line.clear();
    line += '{';
    for (size_t c = 0; c < batch.num_columns(); ++c) {
      if (c) line += ',';
      JsonString(batch.schema()->field(c).name, line);
      line += ':';
      Canonical(*batch.column(c), r, line);
    }
    line += "}\n";
    std::fwrite(line.data(), 1, line.size(), out);
  }
}

// "--name value" options after the positional arguments.
std::string Option(const std::vector<std::string>& args, const std::string& name, const std::string& fallback) {
  for (size_t i = 0; i + 1 < args.size(); ++i) {
    if (args[i] == name) return args[i + 1];
  }
  return fallback;
}
bool Flag(const std::vector<std::string>& args, const std::string& name) {
  for (const auto& arg : args) {
    if (arg == name) return true;
  }
  return false;
}

int Fail(const Status& status) {
  std::fprintf(stderr, "error: %s\n", status.ToString().c_str());
  return 1;
}

int Generate(const std::vector<std::string>& args) {
  if (args.size() < 2) return Fail(InvalidArgument("generate OUT.parquet EXPECTED.jsonl [options]"));
  int64_t rows = std::stoll(Option(args, "--rows", "10000"));
  int64_t batch_rows = std::stoll(Option(args, "--batch", "4096"));
  ParquetWriteOptions options;
  auto codec = ParseBlockCodec(Option(args, "--codec", "snappy"));
  if (!codec) return Fail(InvalidArgument("unknown codec"));
  options.compression = *codec;
  options.page_v2 = Flag(args, "--v2");
  options.dictionary = !Flag(args, "--plain");
  options.row_group_rows = std::stoll(Option(args, "--row-group-rows", "5000"));
  options.data_page_bytes = std::stoull(Option(args, "--page-bytes", "65536"));
  auto stream = CreateLocalFile(args[0]);
  if (!stream.ok()) return Fail(stream.status());
  auto writer = OpenParquetWriter(std::move(*stream), testing::MixedSchema(), options);
  if (!writer.ok()) return Fail(writer.status());
  FILE* expected = std::fopen(args[1].c_str(), "w");
  if (!expected) return Fail(ErrnoError("opening " + args[1], errno));
  testing::MixedGenerator generator(std::stoull(Option(args, "--seed", "1")));
  for (int64_t done = 0; done < rows;) {
    int64_t n = std::min(batch_rows, rows - done);
    auto batch = generator.Batch(n, done);
    Status status = (*writer)->Write(*batch);
    if (!status.ok()) return Fail(status);
    PrintRows(*batch, expected);
    done += n;
  }
  std::fclose(expected);
  Status status = (*writer)->Close();
  return status.ok() ? 0 : Fail(status);
}

int Dump(const std::vector<std::string>& args) {
  if (args.empty()) return Fail(InvalidArgument("dump IN.parquet [options]"));
  auto file = OpenLocalFile(args[0]);
  if (!file.ok()) return Fail(file.status());
  ParquetReadOptions options;
  std::string columns = Option(args, "--columns", "");
  if (!columns.empty()) {
    std::vector<std::string> names;
    size_t start = 0;
    while (start <= columns.size()) {
      size_t comma = columns.find(',', start);
      if (comma == std::string::npos) comma = columns.size();
      names.push_back(columns.substr(start, comma - start));
      start = comma + 1;
    }
    options.columns = names;
  }
  options.batch_rows = std::stoll(Option(args, "--batch-rows", "65536"));
  options.parallelism = std::stoull(Option(args, "--parallelism", "1"));
  auto reader = OpenParquetReader(*file, options);
  if (!reader.ok()) return Fail(reader.status());
  while (true) {
    auto batch = (*reader)->Next();
    if (!batch.ok()) return Fail(batch.status());
    if (!*batch) break;
    PrintRows(**batch, stdout);
  }
  return 0;
}

int Schema(const std::vector<std::string>& args) {
  if (args.empty()) return Fail(InvalidArgument("schema IN.parquet"));
  auto file = OpenLocalFile(args[0]);
  if (!file.ok()) return Fail(file.status());
  auto info = ReadParquetFileInfo(*file);
  if (!info.ok()) return Fail(info.status());
  for (const auto& field : info->schema->fields()) std::printf("%s: %s\n", field.name.c_str(), field.type->ToGlueType().c_str());
  std::printf("rows %" PRId64 "\nrow_groups %d\n", info->num_rows, info->num_row_groups);
  return 0;
}

}  // namespace
}  // namespace sluice::formats::parquet

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: parquet_interop_tool generate|dump|schema ...\n");
    return 2;
  }
  std::string command = argv[1];
  std::vector<std::string> args(argv + 2, argv + argc);
  using namespace sluice::formats::parquet;
  if (command == "generate") return Generate(args);
  if (command == "dump") return Dump(args);
  if (command == "schema") return Schema(args);
  std::fprintf(stderr, "unknown command %s\n", command.c_str());
  return 2;
}
