// Block codecs: compress and decompress one self-contained block of bytes, as Parquet does for
// each page (snappy, gzip, zstd, lz4_raw, or none). Decompression is bounded and checked: the
// caller states the uncompressed size the page header claims, CheckUncompressedSize refuses a
// claim the compressed bytes cannot possibly back (before anything is allocated), and
// DecompressBlock fails unless the block expands to exactly that many bytes.
//
// Thread safety: all functions may be called concurrently (codec contexts are per thread).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "columnar/buffer.h"
#include "common/status.h"

namespace sluice::formats {

// Persisted nowhere by number (Parquet's thrift enum is mapped by the Parquet layer).
enum class BlockCodec : uint8_t {
  kNone,
  kSnappy,
  kGzip,    // RFC 1952 gzip members (what Parquet's GZIP means)
  kZstd,
  kLz4Raw,  // a bare LZ4 block, no frame (Parquet LZ4_RAW)
};

// "none", "snappy", "gzip", "zstd", "lz4_raw".
std::string_view BlockCodecName(BlockCodec codec);
// Parses the names above, case-insensitively; also "uncompressed" and "lz4" (as lz4_raw).
std::optional<BlockCodec> ParseBlockCodec(std::string_view name);

// The largest block we accept in either direction (Parquet page sizes are int32).
inline constexpr uint64_t kMaxBlockBytes = (uint64_t{1} << 31) - 1;

// Compresses `input` into `out` (replacing its contents). `level` is codec-specific (gzip 1-12,
// zstd 1-22); 0 means the codec's default. InvalidArgument when the input exceeds kMaxBlockBytes.
Status CompressBlock(BlockCodec codec, std::string_view input, std::string* out, int level = 0);

// OK when `claimed` bytes could come out of `input`: within kMaxBlockBytes and `limit`, within
// the codec's greatest possible expansion of input.size() bytes, and equal to the length the
// block itself records when the codec records one (snappy; zstd frames with a content size).
// DataLoss otherwise, with a message saying which bound failed.
Status CheckUncompressedSize(BlockCodec codec, std::string_view input, uint64_t claimed,
                             uint64_t limit = kMaxBlockBytes);

// Decompresses `input` into out[0, uncompressed_size). DataLoss unless the block is well formed
// and expands to exactly `uncompressed_size` bytes; never writes past `out + uncompressed_size`.
Status DecompressBlock(BlockCodec codec, std::string_view input, char* out, size_t uncompressed_size);

// CheckUncompressedSize, then allocates a buffer of `uncompressed_size` bytes and decompresses
// into it.
Result<columnar::BufferPtr> DecompressBlockToBuffer(BlockCodec codec, std::string_view input,
                                                    uint64_t uncompressed_size, uint64_t limit = kMaxBlockBytes);

}  // namespace sluice::formats
