// The S3 route table: which operation a request names, from its method, what it addresses
// (service, bucket or object), the subresource query parameter S3 uses to select operations
// (?uploads, ?acl, ?list-type, ...) and, where it matters, a header (x-amz-copy-source).
//
// Thread safety: immutable data.
#pragma once

#include <span>
#include <string_view>

#include "common/status.h"
#include "http/request.h"
#include "s3/ops/operations.h"

namespace sluice::s3 {

enum class Target { kService, kBucket, kObject };

struct Route {
  std::string_view method;
  Target target;
  std::string_view subresource;  // "" for requests without one
  std::string_view header;       // a header that must be present ("" for none)
  std::string_view operation;    // S3's operation name (metrics, access log)
  ops::Operation handler;
};

// The route for a request. MethodNotAllowed (405) when the resource exists for other methods;
// NotImplemented (501) for S3 subresources Sluice does not serve.
Result<const Route*> FindRoute(const http::Request& request, Target target);

}  // namespace sluice::s3
