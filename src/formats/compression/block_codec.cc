// Block codecs: see block_codec.h.
#include "formats/compression/block_codec.h"

#include <libdeflate.h>
#include <lz4.h>
#include <snappy.h>
#include <zstd.h>
#include <zstd_errors.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <memory>

#include <fmt/format.h>

namespace sluice::formats {

namespace {

// The most bytes one compressed byte can become, per codec (plus a constant for headers):
// deflate tops out at 1032:1, an LZ4 block near 255:1, a zstd RLE block turns 4 bytes into
// 128 KiB.
constexpr uint64_t kDeflateMaxRatio = 1032;
constexpr uint64_t kLz4MaxRatio = 256;
constexpr uint64_t kZstdMaxRatio = 32768;
constexpr uint64_t kHeaderSlack = 1 << 17;

struct DeflateCompressorDeleter {
  void operator()(libdeflate_compressor* c) const { libdeflate_free_compressor(c); }
};
struct DeflateDecompressorDeleter {
  void operator()(libdeflate_decompressor* d) const { libdeflate_free_decompressor(d); }
};
struct ZstdCContextDeleter {
  void operator()(ZSTD_CCtx* c) const { ZSTD_freeCCtx(c); }
};
struct ZstdDContextDeleter {
  void operator()(ZSTD_DCtx* d) const { ZSTD_freeDCtx(d); }
};

// Per-thread codec state, created on first use.
libdeflate_compressor* DeflateCompressor(int level) {
  thread_local std::array<std::unique_ptr<libdeflate_compressor, DeflateCompressorDeleter>, 13> compressors;
  auto& slot = compressors[static_cast<size_t>(level)];
  if (!slot) slot.reset(libdeflate_alloc_compressor(level));
  return slot.get();
}
libdeflate_decompressor* DeflateDecompressor() {
  thread_local std::unique_ptr<libdeflate_decompressor, DeflateDecompressorDeleter> decompressor(
      libdeflate_alloc_decompressor());
  return decompressor.get();
}
ZSTD_CCtx* ZstdCompressor() {
  thread_local std::unique_ptr<ZSTD_CCtx, ZstdCContextDeleter> context(ZSTD_createCCtx());
  return context.get();
}
ZSTD_DCtx* ZstdDecompressor() {
  thread_local std::unique_ptr<ZSTD_DCtx, ZstdDContextDeleter> context(ZSTD_createDCtx());
  return context.get();
}

Status Corrupt(BlockCodec codec, std::string_view what) {
  return DataLoss(fmt::format("corrupt {} block: {}", BlockCodecName(codec), what));
}

Status DecompressGzip(std::string_view input, char* out, size_t size) {
  libdeflate_decompressor* decompressor = DeflateDecompressor();
  if (!decompressor) return ResourceExhausted("cannot allocate a gzip decompressor");
  // A block may hold several gzip members one after another.
  size_t produced = 0;
  do {
    size_t used_in = 0, used_out = 0;
    libdeflate_result result = libdeflate_gzip_decompress_ex(decompressor, input.data(), input.size(), out + produced,
                                                             size - produced, &used_in, &used_out);
    if (result == LIBDEFLATE_INSUFFICIENT_SPACE) {
      return Corrupt(BlockCodec::kGzip, fmt::format("expands past the stated {} bytes", size));
    }
    if (result != LIBDEFLATE_SUCCESS) return Corrupt(BlockCodec::kGzip, "invalid deflate data");
    produced += used_out;
    input.remove_prefix(used_in);
  } while (!input.empty());
  if (produced != size) {
    return Corrupt(BlockCodec::kGzip, fmt::format("expands to {} bytes, not the stated {}", produced, size));
  }
  return Status::Ok();
}

}  // namespace

std::string_view BlockCodecName(BlockCodec codec) {
  switch (codec) {
    case BlockCodec::kNone: return "none";
    case BlockCodec::kSnappy: return "snappy";
    case BlockCodec::kGzip: return "gzip";
    case BlockCodec::kZstd: return "zstd";
    case BlockCodec::kLz4Raw: return "lz4_raw";
  }
  return "unknown";
}

std::optional<BlockCodec> ParseBlockCodec(std::string_view name) {
  std::string lower(name);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  if (lower == "none" || lower == "uncompressed") return BlockCodec::kNone;
  if (lower == "snappy") return BlockCodec::kSnappy;
  if (lower == "gzip") return BlockCodec::kGzip;
  if (lower == "zstd") return BlockCodec::kZstd;
  if (lower == "lz4_raw" || lower == "lz4") return BlockCodec::kLz4Raw;
  return std::nullopt;
}

Status CompressBlock(BlockCodec codec, std::string_view input, std::string* out, int level) {
  if (input.size() > kMaxBlockBytes) {
    return InvalidArgument(fmt::format("block of {} bytes is larger than the {} byte limit", input.size(),
                                       kMaxBlockBytes));
  }
  switch (codec) {
    case BlockCodec::kNone:
      out->assign(input);
      return Status::Ok();
    case BlockCodec::kSnappy: {
      out->resize(snappy::MaxCompressedLength(input.size()));
      size_t length = 0;
      snappy::RawCompress(input.data(), input.size(), out->data(), &length);
      out->resize(length);
      return Status::Ok();
    }
    case BlockCodec::kGzip: {
      int gzip_level = level <= 0 ? 6 : std::min(level, 12);
      libdeflate_compressor* compressor = DeflateCompressor(gzip_level);
      if (!compressor) return ResourceExhausted("cannot allocate a gzip compressor");
      out->resize(libdeflate_gzip_compress_bound(compressor, input.size()));
      size_t length = libdeflate_gzip_compress(compressor, input.data(), input.size(), out->data(), out->size());
      if (length == 0) return Internal("gzip compression did not fit its bound");
      out->resize(length);
      return Status::Ok();
    }
    case BlockCodec::kZstd: {
      int zstd_level = level == 0 ? ZSTD_CLEVEL_DEFAULT : std::clamp(level, ZSTD_minCLevel(), ZSTD_maxCLevel());
      out->resize(ZSTD_compressBound(input.size()));
      size_t length = ZSTD_compressCCtx(ZstdCompressor(), out->data(), out->size(), input.data(), input.size(),
                                        zstd_level);
      if (ZSTD_isError(length)) return Internal(fmt::format("zstd compression failed: {}", ZSTD_getErrorName(length)));
      out->resize(length);
      return Status::Ok();
    }
    case BlockCodec::kLz4Raw: {
      out->resize(static_cast<size_t>(LZ4_compressBound(static_cast<int>(input.size()))));
      int length = LZ4_compress_default(input.data(), out->data(), static_cast<int>(input.size()),
                                        static_cast<int>(out->size()));
      if (length <= 0 && !input.empty()) return Internal("lz4 compression failed");
      out->resize(static_cast<size_t>(std::max(length, 0)));
      return Status::Ok();
    }
  }
  return InvalidArgument("unknown block codec");
}

Status CheckUncompressedSize(BlockCodec codec, std::string_view input, uint64_t claimed, uint64_t limit) {
  uint64_t bound = std::min(limit, kMaxBlockBytes);
  if (claimed > bound) {
    return DataLoss(fmt::format("{} block claims {} uncompressed bytes, over the {} byte limit", BlockCodecName(codec),
                                claimed, bound));
  }
  uint64_t n = input.size();
  auto too_big = [&](uint64_t most) {
    return DataLoss(fmt::format("{} block of {} bytes claims {} uncompressed bytes; it can hold at most {}",
                                BlockCodecName(codec), n, claimed, most));
  };
  switch (codec) {
    case BlockCodec::kNone:
      if (claimed != n) {
        return DataLoss(fmt::format("uncompressed block of {} bytes claims to be {} bytes", n, claimed));
      }
      return Status::Ok();
    case BlockCodec::kSnappy: {
      size_t recorded = 0;
      if (!snappy::GetUncompressedLength(input.data(), input.size(), &recorded)) {
        return Corrupt(codec, "unreadable length header");
      }
      if (recorded != claimed) {
        return DataLoss(fmt::format("snappy block records {} uncompressed bytes, not the stated {}", recorded, claimed));
      }
      return Status::Ok();
    }
    case BlockCodec::kGzip:
      if (claimed > n * kDeflateMaxRatio + kHeaderSlack) return too_big(n * kDeflateMaxRatio + kHeaderSlack);
      return Status::Ok();
    case BlockCodec::kZstd: {
      unsigned long long recorded = ZSTD_getFrameContentSize(input.data(), input.size());
      if (recorded == ZSTD_CONTENTSIZE_ERROR) return Corrupt(codec, "invalid frame header");
      // One frame that records its size must match; several frames are checked when decoded.
      bool single_frame = ZSTD_findFrameCompressedSize(input.data(), input.size()) == input.size();
      if (single_frame && recorded != ZSTD_CONTENTSIZE_UNKNOWN && recorded != claimed) {
        return DataLoss(fmt::format("zstd block records {} uncompressed bytes, not the stated {}", recorded, claimed));
      }
      if (claimed > n * kZstdMaxRatio + kHeaderSlack) return too_big(n * kZstdMaxRatio + kHeaderSlack);
      return Status::Ok();
    }
    case BlockCodec::kLz4Raw:
      if (claimed > n * kLz4MaxRatio + 64) return too_big(n * kLz4MaxRatio + 64);
      return Status::Ok();
  }
  return InvalidArgument("unknown block codec");
}

Status DecompressBlock(BlockCodec codec, std::string_view input, char* out, size_t uncompressed_size) {
  if (uncompressed_size > kMaxBlockBytes) return CheckUncompressedSize(codec, input, uncompressed_size);
  switch (codec) {
    case BlockCodec::kNone:
      if (input.size() != uncompressed_size) return CheckUncompressedSize(codec, input, uncompressed_size);
      if (!input.empty()) std::memcpy(out, input.data(), input.size());
      return Status::Ok();
    case BlockCodec::kSnappy: {
      size_t recorded = 0;
      if (!snappy::GetUncompressedLength(input.data(), input.size(), &recorded) || recorded != uncompressed_size) {
        return CheckUncompressedSize(codec, input, uncompressed_size);
      }
      if (!snappy::RawUncompress(input.data(), input.size(), out)) return Corrupt(codec, "invalid data");
      return Status::Ok();
    }
    case BlockCodec::kGzip:
      if (input.empty() && uncompressed_size == 0) return Status::Ok();
      return DecompressGzip(input, out, uncompressed_size);
    case BlockCodec::kZstd: {
      if (input.empty() && uncompressed_size == 0) return Status::Ok();
      size_t length = ZSTD_decompressDCtx(ZstdDecompressor(), out, uncompressed_size, input.data(), input.size());
      if (ZSTD_isError(length)) {
        if (ZSTD_getErrorCode(length) == ZSTD_error_dstSize_tooSmall) {
          return Corrupt(codec, fmt::format("expands past the stated {} bytes", uncompressed_size));
        }
        return Corrupt(codec, ZSTD_getErrorName(length));
      }
      if (length != uncompressed_size) {
        return Corrupt(codec, fmt::format("expands to {} bytes, not the stated {}", length, uncompressed_size));
      }
      return Status::Ok();
    }
    case BlockCodec::kLz4Raw: {
      if (input.empty() && uncompressed_size == 0) return Status::Ok();
      if (input.size() > static_cast<size_t>(LZ4_MAX_INPUT_SIZE)) return Corrupt(codec, "block too large");
      int length = LZ4_decompress_safe(input.data(), out, static_cast<int>(input.size()),
                                       static_cast<int>(uncompressed_size));
      if (length < 0) return Corrupt(codec, "invalid data or expands past the stated size");
      if (static_cast<size_t>(length) != uncompressed_size) {
        return Corrupt(codec, fmt::format("expands to {} bytes, not the stated {}", length, uncompressed_size));
      }
      return Status::Ok();
    }
  }
  return InvalidArgument("unknown block codec");
}

Result<columnar::BufferPtr> DecompressBlockToBuffer(BlockCodec codec, std::string_view input,
                                                    uint64_t uncompressed_size, uint64_t limit) {
  RETURN_IF_ERROR(CheckUncompressedSize(codec, input, uncompressed_size, limit));
  auto buffer = columnar::Buffer::Allocate(static_cast<size_t>(uncompressed_size));
  RETURN_IF_ERROR(DecompressBlock(codec, input, reinterpret_cast<char*>(buffer->mutable_data()),
                                  static_cast<size_t>(uncompressed_size)));
  return buffer;
}

}  // namespace sluice::formats
