// The S3 errors the object store reports, with S3's code, HTTP status, message and detail
// fields, so that every caller (the S3 API, Step Functions integrations) shows them the same way.
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <string_view>

#include "common/status.h"

namespace sluice::storage {

Status NoSuchBucket(std::string_view bucket);
Status NoSuchKey(std::string_view key);
Status NoSuchUpload(std::string_view upload_id);
Status BucketNotEmpty(std::string_view bucket);
// `condition` names the header that failed ("If-Match", "If-None-Match", ...).
Status PreconditionFailed(std::string_view condition);
Status InvalidPart(std::string_view message);
Status InvalidRange(uint64_t object_size, std::string_view requested);
Status BadDigest(std::string_view message);
// A body past `max_size` bytes.
Status EntityTooLarge(uint64_t proposed_size, uint64_t max_size);
Status InvalidRequest(std::string_view message);
Status InvalidArgumentFor(std::string_view message, std::string_view argument_name, std::string_view argument_value);

}  // namespace sluice::storage
