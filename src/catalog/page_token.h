// Pagination tokens for the catalog's list operations: opaque to clients, they carry the
// position after the last item returned (a name, a version or a row id, never an offset, so a
// token stays valid while items are added or removed) and a fingerprint of the query it
// belongs to, so that a token used with a different query is refused rather than misread.
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"

namespace sluice::catalog {

struct PageToken {
  std::string kind;      // "databases", "tables", "partitions", ...
  std::string position;  // after this item
  uint64_t query = 0;    // fingerprint of the filters that produced the page
};

std::string EncodePageToken(const PageToken& token);
// InvalidInputException unless `text` is a token of `kind` for the query `query`.
Result<PageToken> DecodePageToken(std::string_view text, std::string_view kind, uint64_t query);

// 64-bit FNV-1a, for query fingerprints and partition segments (stable across processes).
uint64_t Fingerprint(std::string_view bytes, uint64_t seed = 14695981039346656037ull);

}  // namespace sluice::catalog
