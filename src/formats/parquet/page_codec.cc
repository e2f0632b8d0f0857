// Parquet page codecs: see page_codec.h.
#include "formats/parquet/page_codec.h"

#include <fmt/format.h>

namespace sluice::formats::parquet {

std::optional<BlockCodec> ToBlockCodec(Codec codec) {
  switch (codec) {
    case Codec::kUncompressed: return BlockCodec::kNone;
    case Codec::kSnappy: return BlockCodec::kSnappy;
    case Codec::kGzip: return BlockCodec::kGzip;
    case Codec::kZstd: return BlockCodec::kZstd;
    case Codec::kLz4Raw: return BlockCodec::kLz4Raw;
    default: return std::nullopt;
  }
}

Codec FromBlockCodec(BlockCodec codec) {
  switch (codec) {
    case BlockCodec::kNone: return Codec::kUncompressed;
    case BlockCodec::kSnappy: return Codec::kSnappy;
    case BlockCodec::kGzip: return Codec::kGzip;
    case BlockCodec::kZstd: return Codec::kZstd;
    case BlockCodec::kLz4Raw: return Codec::kLz4Raw;
  }
  return Codec::kUncompressed;
}

namespace {

uint32_t BigEndian32(const char* p) {
  auto b = reinterpret_cast<const uint8_t*>(p);
  return (uint32_t{b[0]} << 24) | (uint32_t{b[1]} << 16) | (uint32_t{b[2]} << 8) | uint32_t{b[3]};
}

// Hadoop's LZ4 framing, as parquet-mr writes it: frames of [uncompressed size][compressed
// size][raw LZ4 block], sizes big-endian. Returns false when the input is not framed that way.
bool TryHadoopLz4(std::string_view input, char* out, size_t size, uint64_t limit) {
  size_t produced = 0;
  while (!input.empty()) {
    if (input.size() < 8) return false;
    uint32_t expected = BigEndian32(input.data());
    uint32_t compressed = BigEndian32(input.data() + 4);
    input.remove_prefix(8);
    if (expected > size - produced || compressed > input.size()) return false;
    std::string_view block = input.substr(0, compressed);
    input.remove_prefix(compressed);
    if (!CheckUncompressedSize(BlockCodec::kLz4Raw, block, expected, limit).ok()) return false;
    if (!DecompressBlock(BlockCodec::kLz4Raw, block, out + produced, expected).ok()) return false;
    produced += expected;
  }
  return produced == size;
}

}  // namespace

Status DecompressPage(Codec codec, std::string_view input, char* out, size_t uncompressed_size, uint64_t limit) {
  if (codec == Codec::kLz4) {
    if (TryHadoopLz4(input, out, uncompressed_size, limit)) return Status::Ok();
    // Some writers put a bare LZ4 block under this codec.
    codec = Codec::kLz4Raw;
  }
  std::optional<BlockCodec> block = ToBlockCodec(codec);
  if (!block) return Unimplemented(fmt::format("{} compression", CodecName(codec)));
  RETURN_IF_ERROR(CheckUncompressedSize(*block, input, uncompressed_size, limit));
  return DecompressBlock(*block, input, out, uncompressed_size);
}

}  // namespace sluice::formats::parquet
