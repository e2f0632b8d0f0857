// Whole-file compression names and detection: see stream_compression.h.
#include "formats/compression/stream_compression.h"

#include <string>

namespace sluice::formats {

namespace {

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return out;
}

// The compression named by the extension after the last '.', and that extension's length.
std::pair<StreamCompression, size_t> FromExtension(std::string_view path) {
  size_t slash = path.find_last_of('/');
  size_t dot = path.find_last_of('.');
  if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash)) {
    return {StreamCompression::kNone, 0};
  }
  std::string extension = Lower(path.substr(dot + 1));
  size_t length = path.size() - dot;
  if (extension == "gz" || extension == "gzip") return {StreamCompression::kGzip, length};
  if (extension == "zst" || extension == "zstd") return {StreamCompression::kZstd, length};
  if (extension == "bz2") return {StreamCompression::kBzip2, length};
  return {StreamCompression::kNone, 0};
}

}  // namespace

std::string_view StreamCompressionName(StreamCompression compression) {
  switch (compression) {
    case StreamCompression::kNone: return "none";
    case StreamCompression::kGzip: return "gzip";
    case StreamCompression::kZstd: return "zstd";
    case StreamCompression::kBzip2: return "bzip2";
  }
  return "unknown";
}

std::optional<StreamCompression> ParseStreamCompression(std::string_view name) {
  std::string lower = Lower(name);
  if (lower == "none" || lower == "uncompressed") return StreamCompression::kNone;
  if (lower == "gzip" || lower == "gz") return StreamCompression::kGzip;
  if (lower == "zstd" || lower == "zst") return StreamCompression::kZstd;
  if (lower == "bzip2" || lower == "bz2") return StreamCompression::kBzip2;
  return std::nullopt;
}

StreamCompression StreamCompressionFromPath(std::string_view path) { return FromExtension(path).first; }

std::string_view StripCompressionExtension(std::string_view path) {
  return path.substr(0, path.size() - FromExtension(path).second);
}

std::string_view StreamCompressionExtension(StreamCompression compression) {
  switch (compression) {
    case StreamCompression::kNone: return "";
    case StreamCompression::kGzip: return ".gz";
    case StreamCompression::kZstd: return ".zst";
    case StreamCompression::kBzip2: return ".bz2";
  }
  return "";
}

StreamCompression StreamCompressionFromMagic(std::string_view head) {
  auto byte = [&](size_t i) { return static_cast<unsigned char>(head[i]); };
  if (head.size() >= 2 && byte(0) == 0x1f && byte(1) == 0x8b) return StreamCompression::kGzip;
  if (head.size() >= 4 && byte(0) == 0x28 && byte(1) == 0xb5 && byte(2) == 0x2f && byte(3) == 0xfd) {
    return StreamCompression::kZstd;
  }
  if (head.size() >= 4 && head.substr(0, 3) == "BZh" && byte(3) >= '1' && byte(3) <= '9') {
    return StreamCompression::kBzip2;
  }
  return StreamCompression::kNone;
}

}  // namespace sluice::formats
