// Page compression for Parquet: maps Parquet's codec numbers onto the block codecs in
// formats/compression (snappy, gzip, zstd, lz4_raw, none) and adds the deprecated LZ4 codec,
// which older writers framed the Hadoop way (big-endian sizes around raw LZ4 blocks).
//
// Thread safety: pure functions (codec state is per thread in formats/compression).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"
#include "formats/compression/block_codec.h"
#include "formats/parquet/parquet_types.h"

namespace sluice::formats::parquet {

// The block codec for a Parquet codec Sluice can write; nullopt for LZ4, LZO and BROTLI.
std::optional<BlockCodec> ToBlockCodec(Codec codec);
// The Parquet codec for a block codec.
Codec FromBlockCodec(BlockCodec codec);

// Decompresses one page body into out[0, uncompressed_size). Bounded: DataLoss when the claimed
// size is more than the codec could produce from the input or more than `limit`, or when the
// body does not expand to exactly that size; Unimplemented for LZO and BROTLI.
Status DecompressPage(Codec codec, std::string_view input, char* out, size_t uncompressed_size, uint64_t limit);

}  // namespace sluice::formats::parquet
