// Block sources for the text readers (CSV, JSON lines): cut the input into blocks of whole
// rows or records. A mapped file is cut in place (zero copy); a stream (a compressed file) is
// read into one buffer per block, and the incomplete row at its end carries over to the next.
// Where a row ends is the format's business: the source asks a boundary function.
//
// Thread safety: a source is used by one thread (the reader's consumer); the blocks it returns
// are immutable and may be parsed on any thread.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string_view>

#include "formats/compression/input_stream.h"
#include "formats/io.h"

namespace sluice::formats {

struct TextBlock {
  std::string_view data;                // whole rows (the file's last row may lack its newline)
  std::shared_ptr<const void> owner;    // keeps `data` alive
  uint64_t offset = 0;                  // of data[0] in the (uncompressed) input, for messages
};

// The offset just past the last complete row in `data` (which starts at a row start), or 0.
using LastRowEndFunction = std::function<size_t(std::string_view data)>;

// How a source cuts and pads blocks.
struct BlockSourceOptions {
  LastRowEndFunction last_row_end;
  size_t block_bytes = 4 << 20;
  size_t max_row_bytes = 64 << 20;
  // Readable bytes guaranteed after each block's end (simdjson reads up to 64 past a record).
  size_t padding = 0;
};

class BlockSource {
 public:
  virtual ~BlockSource() = default;
  // The next block; an empty `data` at the end. Fails when a row is longer than
  // max_row_bytes or the input cannot be read.
  virtual Result<TextBlock> Next() = 0;
};

// Blocks of about `block_bytes` from `view` (the file's mapping), starting at `start`.
std::unique_ptr<BlockSource> MakeMappedBlockSource(InputFilePtr file, std::string_view view, uint64_t start,
                                                   BlockSourceOptions options);

// Blocks from a stream, after skipping its first `start` bytes.
std::unique_ptr<BlockSource> MakeStreamBlockSource(std::unique_ptr<InputStream> stream, uint64_t start,
                                                   BlockSourceOptions options);

}  // namespace sluice::formats
