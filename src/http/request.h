// What a handler sees of an HTTP request: method, raw and decoded target, headers, query
// parameters, a pull-based body reader (bodies are streamed, never buffered whole by the
// server), and what authentication established.
//
// Thread safety: a Request belongs to the thread handling it.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"

namespace sluice::http {

// Header fields in arrival order, names as given. Lookups are case-insensitive.
class Headers {
 public:
  void Add(std::string_view name, std::string_view value);
  // Replaces every field of that name.
  void Set(std::string_view name, std::string_view value);
  void Remove(std::string_view name);
  // The first value of `name`, or nullopt.
  std::optional<std::string_view> Get(std::string_view name) const;
  std::string_view GetOr(std::string_view name, std::string_view fallback) const;
  bool Has(std::string_view name) const { return Get(name).has_value(); }
  const std::vector<std::pair<std::string, std::string>>& items() const { return items_; }
  size_t size() const { return items_.size(); }

 private:
  std::vector<std::pair<std::string, std::string>> items_;
};

// Query parameters in arrival order, names and values percent-decoded. A parameter without
// '=' ("?uploads") has an empty value and has_value=false.
struct QueryParam {
  std::string name;
  std::string value;
  bool has_value = true;
};

class QueryParams {
 public:
  // Parses a raw query string (without '?'). InvalidArgument on bad percent-encoding.
  static Result<QueryParams> Parse(std::string_view raw);
  std::optional<std::string_view> Get(std::string_view name) const;
  bool Has(std::string_view name) const { return Get(name).has_value(); }
  const std::vector<QueryParam>& items() const { return items_; }

 private:
  std::vector<QueryParam> items_;
};

// The request body as a stream. Read returns 0 at the end of the body.
class BodyReader {
 public:
  virtual ~BodyReader() = default;
  // Reads up to `size` bytes. The error names what went wrong (a bad chunk signature becomes
  // the S3 error the client expects).
  virtual Result<size_t> Read(char* buffer, size_t size) = 0;
  // Trailing header fields (aws-chunked trailers); complete only after Read returned 0.
  virtual const Headers* trailers() const { return nullptr; }
};

// Reads the whole body; ResourceExhausted (with the AWS code given) when it exceeds `limit`.
Result<std::string> ReadAll(BodyReader& body, size_t limit);

// A body held in memory (tests, in-process calls between services).
class StringBodyReader final : public BodyReader {
 public:
  explicit StringBodyReader(std::string data) : data_(std::move(data)) {}
  Result<size_t> Read(char* buffer, size_t size) override;

 private:
  std::string data_;
  size_t position_ = 0;
};

// Who made the request, once SigV4 verification succeeded.
struct AuthInfo {
  bool authenticated = false;
  std::string access_key_id;
  std::string account_id;
  std::string region;   // from the credential scope
  std::string service;  // signing name from the credential scope ("s3", "glue", ...)
};

struct Request {
  std::string method;       // "GET", "PUT", ...
  std::string target;       // the raw request-target as received
  std::string raw_path;     // percent-encoded path, as received
  std::string path;         // percent-decoded path
  std::string raw_query;    // after '?', as received
  QueryParams query;
  Headers headers;
  std::optional<uint64_t> content_length;  // absent for chunked transfer encoding
  std::string remote_address;
  std::string request_id;
  int64_t received_micros = 0;  // wall clock when the header arrived

  // The body; never null.
  BodyReader* body = nullptr;
  // Replaces the body with a decoding or verifying wrapper around it.
  void WrapBody(std::unique_ptr<BodyReader> wrapper);

  AuthInfo auth;
  // Filled by routing and handlers, for metrics and the access log.
  std::string service;    // "s3", "glue", "states", "logs", "sluice"
  std::string operation;  // "PutObject", "GetDatabase", ...

 private:
  std::vector<std::unique_ptr<BodyReader>> body_owners_;
};

}  // namespace sluice::http
