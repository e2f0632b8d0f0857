// Where an S3 listing starts, for any backend that keeps keys in byte-wise order: the first
// position from prefix and start-after (marker, continuation), skipping the whole common prefix
// a start-after key rolls up into, so that a page never repeats the common prefix the previous
// page ended with.
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>

namespace sluice::storage {

// The smallest byte string greater than every string starting with `prefix`; empty when
// there is none (prefix empty or all 0xFF bytes).
std::string PrefixSuccessor(std::string_view prefix);

struct ListingStart {
  std::string position;
  bool inclusive = true;   // list keys >= position (else > position)
  bool exhausted = false;  // nothing can follow
};

ListingStart FirstListingPosition(std::string_view prefix, std::string_view delimiter, std::string_view start_after);

}  // namespace sluice::storage
