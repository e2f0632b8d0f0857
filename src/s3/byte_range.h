// The Range header of GetObject/HeadObject as S3 reads it: one range "bytes=first-last",
// "bytes=first-" or "bytes=-suffix". A header S3 cannot use (malformed, several ranges) is
// ignored and the whole object is returned; a range that starts past the end is InvalidRange.
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "common/status.h"

namespace sluice::s3 {

struct ByteRange {
  uint64_t first = 0;
  uint64_t last = 0;  // inclusive
  uint64_t length() const { return last - first + 1; }
};

// nullopt: serve the whole object. InvalidRange (416) when unsatisfiable for `size`.
Result<std::optional<ByteRange>> ResolveRange(std::string_view header, uint64_t size);

// Parses "bytes=first-last" exactly (x-amz-copy-source-range); nullopt when malformed.
std::optional<ByteRange> ParseExactRange(std::string_view header);

}  // namespace sluice::s3
