// Writing record batches as a Parquet file: the BatchWriter behind `sluice convert`, job sinks
// and the engine's write operator. Streams with bounded memory: it holds one row group's
// encoded, compressed pages (a row group ends at `row_group_rows` rows or `row_group_bytes`
// buffered bytes, whichever comes first), writes it out, and writes the footer on Close().
// The layout and type mapping it writes: docs/formats/parquet.md.
//
// Thread safety: a writer is used by one thread at a time (it may encode columns on
// `parallelism` threads of its own).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "columnar/schema.h"
#include "common/status.h"
#include "formats/batch_stream.h"
#include "formats/compression/block_codec.h"
#include "formats/io.h"

namespace sluice::formats::parquet {

struct ParquetWriteOptions {
  // Page compression (snappy, as most writers default to), and its level (0: the codec's).
  BlockCodec compression = BlockCodec::kSnappy;
  int compression_level = 0;
  // A row group ends at whichever comes first.
  int64_t row_group_rows = 128 * 1024;
  size_t row_group_bytes = size_t{128} << 20;
  // Target uncompressed size of a data page; pages end at row boundaries.
  size_t data_page_bytes = size_t{1} << 20;
  // Data page v2 (levels outside the compressed section, rows never split across pages).
  bool page_v2 = false;
  // Dictionary encoding, per column chunk, until the dictionary passes this many bytes; then
  // PLAIN for the rest of the chunk.
  bool dictionary = true;
  size_t dictionary_page_bytes = size_t{1} << 20;
  // Min/max/null-count statistics per column chunk (byte-array bounds longer than
  // max_statistics_bytes are left out).
  bool statistics = true;
  size_t max_statistics_bytes = 256;
  // CRC32 of every page, in its header.
  bool write_checksums = true;
  // Threads encoding columns of one batch at once (the caller's thread counts as one).
  size_t parallelism = 1;
  // Extra footer metadata.
  std::vector<std::pair<std::string, std::string>> key_value_metadata;

  static ParquetWriteOptions Defaults() { return ParquetWriteOptions{}; }
  // InvalidArgument for non-positive sizes.
  Status Validate() const;
};

// A writer of `schema` to `out` (which it owns and closes). Writes the leading magic bytes at
// once. InvalidArgument for options that do not validate or a schema Parquet cannot hold.
Result<std::unique_ptr<BatchWriter>> OpenParquetWriter(std::unique_ptr<OutputStream> out, columnar::SchemaPtr schema,
                                                       ParquetWriteOptions options = {});

}  // namespace sluice::formats::parquet
