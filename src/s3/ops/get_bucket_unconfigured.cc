// GetBucketPolicy, GetBucketCors, GetBucketLifecycleConfiguration, GetBucketWebsite,
// GetBucketTagging, GetBucketEncryption: Sluice keeps none of these settings, so each answers
// the way S3 answers for a bucket that has none configured.
#include "s3/ops/operations.h"

namespace sluice::s3::ops {

Result<http::Response> GetBucketUnconfigured(S3Request& request) {
  Status status;
  const http::QueryParams& query = request.http.query;
  if (query.Has("policy")) {
    status = AwsError("NoSuchBucketPolicy", 404, "The bucket policy does not exist");
  } else if (query.Has("cors")) {
    status = AwsError("NoSuchCORSConfiguration", 404, "The CORS configuration does not exist");
  } else if (query.Has("lifecycle")) {
    status = AwsError("NoSuchLifecycleConfiguration", 404, "The lifecycle configuration does not exist");
  } else if (query.Has("website")) {
    status = AwsError("NoSuchWebsiteConfiguration", 404, "The specified bucket does not have a website configuration");
  } else if (query.Has("tagging")) {
    status = AwsError("NoSuchTagSet", 404, "The TagSet does not exist");
  } else {
    status = AwsError("ServerSideEncryptionConfigurationNotFoundError", 404,
                      "The server side encryption configuration was not found");
  }
  return status.WithDetail("BucketName", request.bucket);
}

}  // namespace sluice::s3::ops
