// S3 URIs as jobs name objects and folders: "s3://bucket/key" (s3a:// and s3n:// too, as
// Spark accepts them), split into the bucket and the key or prefix in Sluice's object store.
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"

namespace sluice::jobs {

struct S3Location {
  std::string bucket;
  std::string key;  // a key or a prefix; "" for the whole bucket

  // "s3://bucket/key".
  std::string ToString() const { return "s3://" + bucket + "/" + key; }
  // The key as a folder prefix: "" or ending in '/'.
  std::string FolderPrefix() const;
};

// InvalidInputException for a URI that is not s3://bucket[/key], names a bucket S3 would not
// accept, or holds a key longer than S3 allows.
Result<S3Location> ParseS3Location(std::string_view uri);

}  // namespace sluice::jobs
