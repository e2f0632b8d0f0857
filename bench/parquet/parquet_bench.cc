// parquet_bench: Sluice's side of the Parquet benchmarks (bench/parquet/run). Each task prints
// one line "seconds N rows R" with the time of the measured phase only; peak memory is the
// whole process's, measured by the runner.
//
//   parquet_bench write IN.parquet OUT.parquet [--threads N] [--codec snappy]
//       reads IN into memory (not timed), then times writing it to OUT
//   parquet_bench scan IN.parquet [--threads N]
//       times reading every column of every row (counting non-null values per column)
//   parquet_bench filter IN.parquet COLUMN LOW HIGH [--threads N]
//       times counting the rows with LOW <= COLUMN <= HIGH (an integer column), with the range
//       pushed down so row groups outside it are skipped, and only that column read
//
// Thread safety: a single-threaded command-line program (the reader and writer use N threads).
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "common/allocator.h"
#include "columnar/scalar.h"
#include "formats/compression/block_codec.h"
#include "formats/io.h"
#include "formats/parquet/parquet_reader.h"
#include "formats/parquet/parquet_writer.h"

namespace sluice::formats::parquet {
namespace {

double Now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

std::string Option(const std::vector<std::string>& args, const std::string& name, const std::string& fallback) {
  for (size_t i = 0; i + 1 < args.size(); ++i) {
    if (args[i] == name) return args[i + 1];
  }
  return fallback;
}

int Fail(const Status& status) {
  std::fprintf(stderr, "error: %s\n", status.ToString().c_str());
  return 1;
}

Result<std::unique_ptr<BatchReader>> Open(const std::string& path, ParquetReadOptions options) {
  ASSIGN_OR_RETURN(InputFilePtr file, OpenLocalFile(path));
  return OpenParquetReader(std::move(file), std::move(options));
}

int Write(const std::vector<std::string>& args) {
  size_t threads = std::stoul(Option(args, "--threads", "2"));
  ParquetReadOptions read;
  read.parallelism = threads;
  auto reader = Open(args.at(0), read);
  if (!reader.ok()) return Fail(reader.status());
  std::vector<columnar::BatchPtr> batches;
  int64_t rows = 0;
  while (true) {
    auto batch = (*reader)->Next();
    if (!batch.ok()) return Fail(batch.status());
    if (!*batch) break;
    rows += (*batch)->num_rows();
    batches.push_back(std::move(*batch));
  }
  ParquetWriteOptions options;
  auto codec = ParseBlockCodec(Option(args, "--codec", "snappy"));
  if (!codec) return Fail(InvalidArgument("unknown codec"));
  options.compression = *codec;
  options.parallelism = threads;
  double start = Now();
  auto out = CreateLocalFile(args.at(1));
  if (!out.ok()) return Fail(out.status());
  auto writer = OpenParquetWriter(std::move(*out), (*reader)->schema(), options);
  if (!writer.ok()) return Fail(writer.status());
  for (const auto& batch : batches) {
    Status status = (*writer)->Write(*batch);
    if (!status.ok()) return Fail(status);
  }
  Status status = (*writer)->Close();
  if (!status.ok()) return Fail(status);
  std::printf("seconds %.4f rows %lld\n", Now() - start, static_cast<long long>(rows));
  return 0;
}

int Scan(const std::vector<std::string>& args) {
  ParquetReadOptions read;
  read.parallelism = std::stoul(Option(args, "--threads", "2"));
  double start = Now();
  auto reader = Open(args.at(0), read);
  if (!reader.ok()) return Fail(reader.status());
  int64_t rows = 0, values = 0;
  while (true) {
    auto batch = (*reader)->Next();
    if (!batch.ok()) return Fail(batch.status());
    if (!*batch) break;
    rows += (*batch)->num_rows();
    for (const auto& column : (*batch)->columns()) values += column->length() - column->null_count();
  }
  std::printf("seconds %.4f rows %lld values %lld\n", Now() - start, static_cast<long long>(rows),
              static_cast<long long>(values));
  return 0;
}

int Filter(const std::vector<std::string>& args) {
  const std::string& column = args.at(1);
  int64_t low = std::stoll(args.at(2)), high = std::stoll(args.at(3));
  ParquetReadOptions read;
  read.parallelism = std::stoul(Option(args, "--threads", "2"));
  read.columns = std::vector<std::string>{column};
  read.predicate = {{column, PredicateOp::kGe, {columnar::Scalar::Int64(low)}},
                    {column, PredicateOp::kLe, {columnar::Scalar::Int64(high)}}};
  double start = Now();
  auto reader = Open(args.at(0), read);
  if (!reader.ok()) return Fail(reader.status());
  int64_t matches = 0;
  while (true) {
    auto batch = (*reader)->Next();
    if (!batch.ok()) return Fail(batch.status());
    if (!*batch) break;
    const columnar::Column& values = *(*batch)->column(0);
    if (values.type_id() != columnar::TypeId::kInt64) return Fail(InvalidArgument(column + " is not a bigint"));
    const int64_t* v = values.Values<int64_t>();
    for (int64_t i = 0; i < values.length(); ++i) matches += values.IsValid(i) && v[i] >= low && v[i] <= high;
  }
  std::printf("seconds %.4f rows %lld\n", Now() - start, static_cast<long long>(matches));
  return 0;
}

}  // namespace
}  // namespace sluice::formats::parquet

int main(int argc, char** argv) {
  sluice::TuneAllocatorForBatches();  // as the sluice binary does
  std::vector<std::string> args(argv + std::min(argc, 2), argv + argc);
  std::string task = argc > 1 ? argv[1] : "";
  using namespace sluice::formats::parquet;
  try {
    if (task == "write" && args.size() >= 2) return Write(args);
    if (task == "scan" && !args.empty()) return Scan(args);
    if (task == "filter" && args.size() >= 4) return Filter(args);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
  std::fprintf(stderr, "usage: parquet_bench write IN OUT | scan IN | filter IN COLUMN LOW HIGH [--threads N]\n");
  return 2;
}
