// Partition value keys: see partition_values.h.
#include "catalog/partition_values.h"

#include "catalog/page_token.h"

namespace sluice::catalog {

std::string EncodePartitionValues(const std::vector<std::string>& values) {
  std::string out;
  size_t total = 0;
  for (const auto& value : values) total += value.size() + 2;
  out.reserve(total);
  for (const auto& value : values) {
    uint64_t length = value.size();
    do {
      unsigned char byte = length & 0x7F;
      length >>= 7;
      if (length != 0) byte |= 0x80;
      out.push_back(static_cast<char>(byte));
    } while (length != 0);
    out += value;
  }
  return out;
}

bool DecodePartitionValues(std::string_view encoded, std::vector<std::string_view>* values) {
  values->clear();
  size_t i = 0;
  while (i < encoded.size()) {
    uint64_t length = 0;
    int shift = 0;
    while (true) {
      if (i >= encoded.size() || shift > 56) return false;
      unsigned char byte = static_cast<unsigned char>(encoded[i++]);
      length |= static_cast<uint64_t>(byte & 0x7F) << shift;
      if ((byte & 0x80) == 0) break;
      shift += 7;
    }
    if (length > encoded.size() - i) return false;
    values->push_back(encoded.substr(i, length));
    i += length;
  }
  return true;
}

int PartitionSegment(std::string_view encoded, int total) {
  if (total <= 1) return 0;
  return static_cast<int>(Fingerprint(encoded) % static_cast<uint64_t>(total));
}

}  // namespace sluice::catalog
