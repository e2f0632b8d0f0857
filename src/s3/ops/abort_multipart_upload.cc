// AbortMultipartUpload: drops the upload and its parts (NoSuchUpload when unknown).
#include "s3/ops/operations.h"
#include "s3/responses.h"

namespace sluice::s3::ops {

Result<http::Response> AbortMultipartUpload(S3Request& request) {
  std::string upload_id(request.http.query.Get("uploadId").value_or(""));
  RETURN_IF_ERROR(request.store.AbortMultipartUpload(request.bucket, request.key, upload_id));
  return EmptyResponse(204);
}

}  // namespace sluice::s3::ops
