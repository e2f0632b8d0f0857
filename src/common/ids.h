// Identifiers: random UUIDs (version 4), request ids, and random lowercase hex strings.
//
// Thread safety: all functions are thread-safe.
#pragma once

#include <string>

namespace sluice {

// "3f2b8c1e-7d4a-4b6e-9c3f-2a1b0c9d8e7f"
std::string NewUuid();
// `length` random lowercase hex characters.
std::string RandomHex(size_t length);
// A request id for x-amzn-RequestId / x-amz-request-id (uppercase hex, 16 characters, like S3's).
std::string NewRequestId();

}  // namespace sluice
