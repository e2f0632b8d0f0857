// S3 errors of the object store: see errors.h.
#include "storage/errors.h"

#include <string>

namespace sluice::storage {

Status NoSuchBucket(std::string_view bucket) {
  return AwsError("NoSuchBucket", 404, "The specified bucket does not exist").WithDetail("BucketName", std::string(bucket));
}

Status NoSuchKey(std::string_view key) {
  return AwsError("NoSuchKey", 404, "The specified key does not exist.").WithDetail("Key", std::string(key));
}

Status NoSuchUpload(std::string_view upload_id) {
  return AwsError("NoSuchUpload", 404,
                  "The specified upload does not exist. The upload ID may be invalid, or the upload may have been "
                  "aborted or completed.")
      .WithDetail("UploadId", std::string(upload_id));
}

Status BucketNotEmpty(std::string_view bucket) {
  return AwsError("BucketNotEmpty", 409, "The bucket you tried to delete is not empty")
      .WithDetail("BucketName", std::string(bucket));
}

Status PreconditionFailed(std::string_view condition) {
  return AwsError("PreconditionFailed", 412, "At least one of the pre-conditions you specified did not hold")
      .WithDetail("Condition", std::string(condition));
}

Status InvalidPart(std::string_view message) { return AwsError("InvalidPart", 400, std::string(message)); }

Status InvalidRange(uint64_t object_size, std::string_view requested) {
  return AwsError("InvalidRange", 416, "The requested range is not satisfiable")
      .WithDetail("RangeRequested", std::string(requested))
      .WithDetail("ActualObjectSize", std::to_string(object_size));
}

Status BadDigest(std::string_view message) { return AwsError("BadDigest", 400, std::string(message)); }

Status EntityTooLarge(uint64_t proposed_size, uint64_t max_size) {
  return AwsError("EntityTooLarge", 400, "Your proposed upload exceeds the maximum allowed size")
      .WithDetail("ProposedSize", std::to_string(proposed_size))
      .WithDetail("MaxSizeAllowed", std::to_string(max_size));
}

Status InvalidRequest(std::string_view message) { return AwsError("InvalidRequest", 400, std::string(message)); }

Status InvalidArgumentFor(std::string_view message, std::string_view argument_name, std::string_view argument_value) {
  return AwsError("InvalidArgument", 400, std::string(message))
      .WithDetail("ArgumentName", std::string(argument_name))
      .WithDetail("ArgumentValue", std::string(argument_value));
}

}  // namespace sluice::storage
