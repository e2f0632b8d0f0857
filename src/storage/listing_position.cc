// Listing positions: see listing_position.h.
#include "storage/listing_position.h"

namespace sluice::storage {

std::string PrefixSuccessor(std::string_view prefix) {
  std::string out(prefix);
  while (!out.empty() && static_cast<unsigned char>(out.back()) == 0xff) out.pop_back();
  if (!out.empty()) out.back() = static_cast<char>(static_cast<unsigned char>(out.back()) + 1);
  return out;
}

ListingStart FirstListingPosition(std::string_view prefix, std::string_view delimiter, std::string_view start_after) {
  ListingStart start;
  if (start_after.empty() || start_after < prefix) {
    start.position = std::string(prefix);
    return start;
  }
  if (!start_after.starts_with(prefix)) {
    // Past every key under the prefix.
    start.exhausted = true;
    return start;
  }
  if (!delimiter.empty()) {
    size_t found = start_after.find(delimiter, prefix.size());
    if (found != std::string_view::npos) {
      start.position = PrefixSuccessor(start_after.substr(0, found + delimiter.size()));
      start.exhausted = start.position.empty();
      return start;
    }
  }
  start.position = std::string(start_after);
  start.inclusive = false;
  return start;
}

}  // namespace sluice::storage
