// The S3 request dispatcher: see s3_api.h.
#include "s3/s3_api.h"

#include <fmt/format.h>

#include "common/encoding.h"
#include "http/aws_error.h"
#include "s3/routes.h"
#include "storage/errors.h"

namespace sluice::s3 {

namespace {

// The host name without a port ("b.localhost:4566" → "b.localhost").
std::string_view HostWithoutPort(std::string_view host) {
  if (host.starts_with('[')) {
    size_t close = host.find(']');
    return close == std::string_view::npos ? host : host.substr(0, close + 1);
  }
  size_t colon = host.rfind(':');
  return colon == std::string_view::npos ? host : host.substr(0, colon);
}

// Fills bucket and key from the Host header and the path. Returns the target addressed.
Target Address(S3Request& s3) {
  const http::Request& request = s3.http;
  std::string_view path = request.path;
  std::string host = AsciiLower(HostWithoutPort(request.headers.GetOr("host", "")));
  const std::string& public_host = s3.options.public_host;
  if (!public_host.empty() && host.size() > public_host.size() + 1 && host.ends_with(public_host) &&
      host[host.size() - public_host.size() - 1] == '.') {
    std::string_view bucket = std::string_view(host).substr(0, host.size() - public_host.size() - 1);
    if (bucket.ends_with(".s3")) bucket.remove_suffix(3);  // <bucket>.s3.<public_host>
    if (bucket != "s3" && !bucket.empty()) {
      s3.virtual_host = true;
      s3.bucket = std::string(bucket);
      if (path.starts_with('/')) path.remove_prefix(1);
      s3.key = std::string(path);
      return s3.key.empty() ? Target::kBucket : Target::kObject;
    }
  }
  if (path.starts_with('/')) path.remove_prefix(1);
  if (path.empty()) return Target::kService;
  size_t slash = path.find('/');
  s3.bucket = std::string(path.substr(0, slash));
  if (slash == std::string_view::npos || slash + 1 == path.size()) return Target::kBucket;
  s3.key = std::string(path.substr(slash + 1));
  return Target::kObject;
}

}  // namespace

Status CheckBucketOwner(const S3Request& request, std::string_view bucket, std::string_view expected_owner_header) {
  ASSIGN_OR_RETURN(storage::BucketInfo info, request.store.GetBucket(bucket));
  if (info.owner_account != request.account()) return AwsError("AccessDenied", 403, "Access Denied");
  if (auto expected = request.http.headers.Get(expected_owner_header)) {
    if (*expected != info.owner_account) return AwsError("AccessDenied", 403, "Access Denied");
  }
  return Status::Ok();
}

Status ValidateObjectKey(std::string_view key) {
  if (key.size() > storage::kMaxKeyBytes) {
    return AwsError("KeyTooLongError", 400, "Your key is too long")
        .WithDetail("Size", std::to_string(key.size()))
        .WithDetail("MaxSizeAllowed", std::to_string(storage::kMaxKeyBytes));
  }
  if (!IsValidUtf8(key)) return storage::InvalidArgumentFor("Object key is not valid UTF-8", "key", "");
  for (unsigned char c : key) {
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
      return storage::InvalidArgumentFor(
          fmt::format("Object key contains the control character U+{:04X}, which S3's XML responses cannot carry", c),
          "key", "");
    }
  }
  return Status::Ok();
}

http::Response S3Api::Handle(http::Request& request) const {
  S3Request s3{request, *store_, options_};
  Target target = Address(s3);
  auto error = [&](const Status& status) {
    return http::EncodeS3Error(status, target == Target::kService ? "/" : s3.resource(), request.request_id);
  };

  auto route = FindRoute(request, target);
  if (!route.ok()) return error(route.status());
  request.operation = std::string((*route)->operation);

  Status access;
  if (target != Target::kService && (*route)->handler != ops::CreateBucket) access = CheckBucketOwner(s3, s3.bucket, "x-amz-expected-bucket-owner");
  if (access.ok() && target == Target::kObject) access = ValidateObjectKey(s3.key);
  if (!access.ok()) return error(access);

  auto response = (*route)->handler(s3);
  if (!response.ok()) {
    http::Response failure = error(response.status());
    if (response.status().aws_code() == "InvalidRange") {
      for (const auto& [name, value] : response.status().details()) {
        if (name == "ActualObjectSize") failure.headers.Set("Content-Range", "bytes */" + value);
      }
    }
    return failure;
  }
  response->headers.Set("x-amz-request-id", request.request_id);
  response->headers.Set("x-amz-id-2", request.request_id);
  return std::move(*response);
}

}  // namespace sluice::s3
