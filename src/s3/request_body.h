// The request body as the object store reads it: an http::BodyReader seen as a
// storage::ByteSource, plus reading small XML bodies whole under a size limit.
//
// Thread safety: belongs to the thread handling the request.
#pragma once

#include <string>

#include "http/request.h"
#include "storage/object_store.h"

namespace sluice::s3 {

class RequestBodySource final : public storage::ByteSource {
 public:
  explicit RequestBodySource(http::BodyReader* body) : body_(body) {}
  Result<size_t> Read(char* buffer, size_t size) override { return body_->Read(buffer, size); }

 private:
  http::BodyReader* body_;
};

// The size of the object an upload carries: x-amz-decoded-content-length for aws-chunked
// bodies, Content-Length otherwise. MissingContentLength (411) when there is neither;
// EntityTooLarge (400) when it exceeds `max_size`.
Result<uint64_t> DeclaredPayloadSize(const http::Request& request, uint64_t max_size);

// The whole body, at most `limit` bytes. A larger body fails with MaxMessageLengthExceeded (400).
Result<std::string> ReadSmallBody(http::Request& request, size_t limit);

}  // namespace sluice::s3
