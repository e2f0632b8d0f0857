// libFuzzer target for the Parquet reader: the input is a whole file. It is opened (footer,
// schema), every row group is read in small batches, then read again with a row-group-skipping
// predicate and a projection. Any outcome but a crash, a sanitizer report, a hang or an
// allocation past the limits below is fine. Seeds: tests/fuzz/corpus/parquet/ (regenerate them
// with tests/fuzz/make_parquet_corpus.sh).
#include <cstddef>
#include <cstdint>
#include <string>

#include "columnar/scalar.h"
#include "formats/io.h"
#include "formats/parquet/parquet_file.h"
#include "formats/parquet/parquet_reader.h"

namespace {

using sluice::formats::InputFileFromString;
namespace parquet = sluice::formats::parquet;

void ReadAll(std::shared_ptr<const parquet::ParquetFile> file, parquet::ParquetReadOptions options) {
  options.batch_rows = 1000;
  options.max_page_bytes = 16 << 20;
  options.max_batch_bytes = 64 << 20;
  options.max_batch_entries = 1 << 20;
  auto reader = parquet::OpenParquetReader(std::move(file), std::move(options));
  if (!reader.ok()) return;
  while (true) {
    auto batch = (*reader)->Next();
    if (!batch.ok() || !*batch) return;
    (void)(*batch)->Validate();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto file = parquet::ParquetFile::Open(
      InputFileFromString(std::string(reinterpret_cast<const char*>(data), size), "fuzz.parquet"));
  if (!file.ok()) return 0;
  ReadAll(*file, {});
  const auto& schema = *(*file)->schema().schema;
  if (schema.num_fields() > 0) {
    parquet::ParquetReadOptions options;
    options.columns = std::vector<std::string>{schema.field(schema.num_fields() - 1).name};
    options.predicate = {{schema.field(0).name, sluice::formats::PredicateOp::kGt,
                          {sluice::columnar::Scalar::Int64(0)}}};
    ReadAll(*file, std::move(options));
  }
  return 0;
}
