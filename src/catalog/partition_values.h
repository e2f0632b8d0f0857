// The stored key of a partition: its values (one per partition key) packed into bytes that
// compare equal exactly when the value lists are equal. Each value is a LEB128 length followed
// by its bytes. docs/formats/catalog-metadata.md describes the layout.
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sluice::catalog {

std::string EncodePartitionValues(const std::vector<std::string>& values);
// Decodes into views of `encoded` (cleared first). False when the bytes are malformed.
bool DecodePartitionValues(std::string_view encoded, std::vector<std::string_view>* values);

// The segment (0 ≤ segment < total) a partition belongs to for GetPartitions' Segment: a
// stable hash of its encoded values, so segments are disjoint and together cover every
// partition.
int PartitionSegment(std::string_view encoded, int total);

}  // namespace sluice::catalog
