// One S3 request as the operations see it: the HTTP request, the bucket and key it addresses
// (path style or virtual-host style), who sent it, and the object store to act on.
//
// Thread safety: an S3Request belongs to the thread handling the request.
#pragma once

#include <string>
#include <string_view>

#include "http/request.h"
#include "storage/object_store.h"

namespace sluice::s3 {

struct S3Options {
  // Virtual-host style requests come to <bucket>.<public_host>[:port].
  std::string public_host = "localhost";
  std::string region = "us-east-1";
  std::string account_id = "000000000000";
  // XML request bodies (DeleteObjects, CompleteMultipartUpload, ...) larger than this are refused.
  size_t max_xml_body_bytes = 4 << 20;
};

struct S3Request {
  http::Request& http;
  storage::ObjectStore& store;
  const S3Options& options;
  std::string bucket;  // empty for service-level requests (ListBuckets)
  std::string key;     // empty for bucket-level requests
  bool virtual_host = false;

  // The requester's account (the default account for keys without one).
  const std::string& account() const {
    return http.auth.account_id.empty() ? options.account_id : http.auth.account_id;
  }
  // "/bucket/key" for <Resource> in errors.
  std::string resource() const { return key.empty() ? "/" + bucket : "/" + bucket + "/" + key; }
};

}  // namespace sluice::s3
