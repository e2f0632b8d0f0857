// What a handler returns: status, headers, and a body that is either held in memory or
// streamed from a BodySource (a file range goes out with sendfile, never through memory).
//
// Thread safety: a Response belongs to the thread handling the request.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "common/file.h"
#include "common/status.h"
#include "http/request.h"

namespace sluice::http {

// A body produced while the response is written.
class BodySource {
 public:
  virtual ~BodySource() = default;
  // Total bytes the source will produce (sent as Content-Length).
  virtual uint64_t size() const = 0;
  // Next bytes; 0 only at the end.
  virtual Result<size_t> Read(char* buffer, size_t size) = 0;
  // When the bytes are a range of an open file, the server sends them with sendfile.
  virtual const File* file() const { return nullptr; }
  virtual uint64_t file_offset() const { return 0; }
};

// A range [offset, offset+length) of a file.
class FileRangeSource final : public BodySource {
 public:
  FileRangeSource(File file, uint64_t offset, uint64_t length)
      : file_(std::move(file)), offset_(offset), length_(length) {}
  uint64_t size() const override { return length_; }
  Result<size_t> Read(char* buffer, size_t size) override;
  const File* file() const override { return &file_; }
  uint64_t file_offset() const override { return offset_; }

 private:
  File file_;
  uint64_t offset_;
  uint64_t length_;
  uint64_t position_ = 0;
};

struct Response {
  int status = 200;
  Headers headers;
  std::string body;                    // used when source is null
  std::unique_ptr<BodySource> source;  // streamed body
  // Close the connection after this response.
  bool close_connection = false;
  // The AWS error code when this is an error response (for metrics and the access log).
  std::string error_code;

  uint64_t body_size() const { return source ? source->size() : body.size(); }
};

// Shorthands.
Response TextResponse(int status, std::string content_type, std::string body);

}  // namespace sluice::http
