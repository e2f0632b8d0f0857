// S3 URIs: see s3_location.h.
#include "jobs/data/s3_location.h"

#include <fmt/format.h>

#include "storage/object_store.h"

namespace sluice::jobs {

std::string S3Location::FolderPrefix() const {
  if (key.empty() || key.back() == '/') return key;
  return key + "/";
}

Result<S3Location> ParseS3Location(std::string_view uri) {
  std::string_view rest;
  for (std::string_view scheme : {"s3://", "s3a://", "s3n://"}) {
    if (uri.substr(0, scheme.size()) == scheme) {
      rest = uri.substr(scheme.size());
      break;
    }
  }
  if (rest.empty()) {
    return AwsError("InvalidInputException", 400, fmt::format("'{}' is not an S3 URI (s3://bucket/key)", uri));
  }
  size_t slash = rest.find('/');
  S3Location location;
  location.bucket = std::string(rest.substr(0, slash));
  if (slash != std::string_view::npos) location.key = std::string(rest.substr(slash + 1));
  if (!storage::IsValidBucketName(location.bucket)) {
    return AwsError("InvalidInputException", 400, fmt::format("'{}' names an invalid bucket '{}'", uri, location.bucket));
  }
  if (location.key.size() > storage::kMaxKeyBytes) {
    return AwsError("InvalidInputException", 400, fmt::format("the key of '{}' is longer than S3 allows", uri));
  }
  return location;
}

}  // namespace sluice::jobs
