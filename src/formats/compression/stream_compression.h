// Whole-file compression of text formats (CSV, JSON lines): which compression a file uses,
// judged from its name (".gz", ".zst", ".bz2") or its first bytes, and the names the tools
// accept for it. The streams themselves are in input_stream.h (reading) and
// compressing_output_stream.h (writing).
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace sluice::formats {

enum class StreamCompression : uint8_t { kNone, kGzip, kZstd, kBzip2 };

// "none", "gzip", "zstd", "bzip2".
std::string_view StreamCompressionName(StreamCompression compression);
// Accepts the names above and "gz", "zst", "bz2", "uncompressed" (case-insensitive).
std::optional<StreamCompression> ParseStreamCompression(std::string_view name);
// By the last extension of a path (case-insensitive): ".gz"/".gzip", ".zst"/".zstd", ".bz2";
// kNone otherwise.
StreamCompression StreamCompressionFromPath(std::string_view path);
// The path without that compression extension ("a.csv.gz" → "a.csv"); unchanged for kNone.
std::string_view StripCompressionExtension(std::string_view path);
// The extension a file of this compression gets: ".gz", ".zst", ".bz2" or "".
std::string_view StreamCompressionExtension(StreamCompression compression);
// By magic bytes (gzip 1f 8b, zstd 28 b5 2f fd, bzip2 "BZh" and a digit); kNone otherwise.
StreamCompression StreamCompressionFromMagic(std::string_view head);

}  // namespace sluice::formats
