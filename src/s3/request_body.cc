// Request bodies: see request_body.h.
#include "s3/request_body.h"

#include <charconv>

#include <fmt/format.h>

#include "storage/errors.h"

namespace sluice::s3 {

namespace {

Status MissingContentLength() {
  return AwsError("MissingContentLength", 411, "You must provide the Content-Length HTTP header.");
}

}  // namespace

Result<uint64_t> DeclaredPayloadSize(const http::Request& request, uint64_t max_size) {
  uint64_t size = 0;
  if (auto decoded = request.headers.Get("x-amz-decoded-content-length")) {
    auto [end, error] = std::from_chars(decoded->data(), decoded->data() + decoded->size(), size);
    if (decoded->empty() || error != std::errc() || end != decoded->data() + decoded->size()) {
      return MissingContentLength();  // S3 treats an unreadable decoded length as a missing one
    }
  } else if (request.content_length) {
    size = *request.content_length;
  } else {
    return MissingContentLength();
  }
  if (size > max_size) return storage::EntityTooLarge(size, max_size);
  return size;
}

Result<std::string> ReadSmallBody(http::Request& request, size_t limit) {
  Status too_large = AwsError("MaxMessageLengthExceeded", 400,
                              fmt::format("Your request was too big (the limit is {} bytes).", limit));
  if (request.content_length && *request.content_length > limit) return too_large;
  auto body = http::ReadAll(*request.body, limit);
  if (!body.ok()) {
    if (body.status().code() == StatusCode::kResourceExhausted && body.status().aws_code().empty()) return too_large;
    return body.status();
  }
  return std::move(*body);
}

}  // namespace sluice::s3
