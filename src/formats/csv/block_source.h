// Block sources for the CSV reader: cut the input into blocks of whole rows. A mapped file is
// cut in place (zero copy); a stream (a compressed file) is read into one buffer per block,
// and the incomplete row at its end carries over to the next.
//
// Thread safety: a source is used by one thread (the reader's consumer); the blocks it returns
// are immutable and may be parsed on any thread.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>

#include "formats/compression/input_stream.h"
#include "formats/csv/options.h"
#include "formats/io.h"

namespace sluice::formats::csv {

struct CsvBlock {
  std::string_view data;                // whole rows (the file's last row may lack its newline)
  std::shared_ptr<const void> owner;    // keeps `data` alive
  uint64_t offset = 0;                  // of data[0] in the (uncompressed) input, for messages
};

class BlockSource {
 public:
  virtual ~BlockSource() = default;
  // The next block; an empty `data` at the end. Fails when a row is longer than
  // max_row_bytes or the input cannot be read.
  virtual Result<CsvBlock> Next() = 0;
};

// Blocks of about `block_bytes` from `view` (the file's mapping), starting at `start`.
std::unique_ptr<BlockSource> MakeMappedBlockSource(InputFilePtr file, std::string_view view, uint64_t start,
                                                   const CsvDialect& dialect, size_t block_bytes, size_t max_row_bytes);

// Blocks from a stream, after skipping its first `start` bytes.
std::unique_ptr<BlockSource> MakeStreamBlockSource(std::unique_ptr<InputStream> stream, uint64_t start,
                                                   const CsvDialect& dialect, size_t block_bytes, size_t max_row_bytes);

}  // namespace sluice::formats::csv
