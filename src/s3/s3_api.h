// The S3 REST API: the handler the router calls for every S3 request (already authenticated
// with SigV4, body wrapped for aws-chunked decoding and payload verification). It resolves the
// bucket and key from the Host header (virtual-host style, <bucket>.<public_host>) or the path
// (path style), picks the operation from the route table, checks that the bucket exists and
// belongs to the caller and that the key is one S3 accepts, runs the operation against the
// object store, and renders failures as S3's XML errors.
//
// Thread safety: thread-safe (Handle is called from many connection threads).
#pragma once

#include "http/request.h"
#include "http/response.h"
#include "s3/s3_request.h"
#include "storage/object_store.h"

namespace sluice::s3 {

class S3Api {
 public:
  // `store` must outlive the API.
  S3Api(storage::ObjectStore* store, S3Options options) : store_(store), options_(std::move(options)) {}

  http::Response Handle(http::Request& request) const;

  const S3Options& options() const { return options_; }

 private:
  storage::ObjectStore* store_;
  const S3Options options_;
};

// The bucket must exist and belong to the caller, and to the account in header
// `expected_owner_header` when the request carries it. NoSuchBucket (404), AccessDenied (403).
Status CheckBucketOwner(const S3Request& request, std::string_view bucket, std::string_view expected_owner_header);

// The key rules of S3 objects: 1 to 1024 bytes of UTF-8 (KeyTooLongError past 1024 bytes); Sluice
// also refuses control characters that XML 1.0 cannot carry (InvalidArgument), so every key
// can be listed.
Status ValidateObjectKey(std::string_view key);

}  // namespace sluice::s3
