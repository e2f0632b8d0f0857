// The S3 operations, one per file in this folder. Each parses its request, acts on the object
// store, and renders S3's response; failures are returned as Status carrying the S3 error.
// The dispatcher (s3_api.cc) has already authenticated the request, resolved the bucket and
// key, checked that the bucket exists and belongs to the caller (except for CreateBucket and
// ListBuckets) and that the key is one S3 accepts; the route table (routes.cc) maps requests to
// these functions.
//
// Thread safety: each call handles one request on the calling thread.
#pragma once

#include "common/status.h"
#include "http/response.h"
#include "s3/s3_request.h"

namespace sluice::s3::ops {

using Operation = Result<http::Response> (*)(S3Request&);

// Service
Result<http::Response> ListBuckets(S3Request& request);
// Buckets
Result<http::Response> CreateBucket(S3Request& request);
Result<http::Response> HeadBucket(S3Request& request);
Result<http::Response> DeleteBucket(S3Request& request);
Result<http::Response> GetBucketLocation(S3Request& request);
Result<http::Response> GetBucketVersioning(S3Request& request);
Result<http::Response> PutBucketVersioning(S3Request& request);
Result<http::Response> GetBucketAcl(S3Request& request);
Result<http::Response> PutBucketAcl(S3Request& request);
Result<http::Response> ListObjects(S3Request& request);
Result<http::Response> ListObjectsV2(S3Request& request);
Result<http::Response> ListObjectVersions(S3Request& request);
Result<http::Response> ListMultipartUploads(S3Request& request);
Result<http::Response> DeleteObjects(S3Request& request);
// Bucket settings Sluice does not keep: answered as S3 answers a bucket that has none.
Result<http::Response> GetBucketUnconfigured(S3Request& request);
// Objects
Result<http::Response> PutObject(S3Request& request);
Result<http::Response> GetObject(S3Request& request);
Result<http::Response> HeadObject(S3Request& request);
Result<http::Response> DeleteObject(S3Request& request);
Result<http::Response> CopyObject(S3Request& request);
Result<http::Response> GetObjectAcl(S3Request& request);
Result<http::Response> PutObjectAcl(S3Request& request);
Result<http::Response> GetObjectTagging(S3Request& request);
// Multipart uploads
Result<http::Response> CreateMultipartUpload(S3Request& request);
Result<http::Response> UploadPart(S3Request& request);
Result<http::Response> UploadPartCopy(S3Request& request);
Result<http::Response> CompleteMultipartUpload(S3Request& request);
Result<http::Response> AbortMultipartUpload(S3Request& request);
Result<http::Response> ListParts(S3Request& request);

}  // namespace sluice::s3::ops
