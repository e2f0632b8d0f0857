// The one place where a failed Status becomes an AWS error response, per protocol:
//   S3:        XML <Error><Code/><Message/>[details]<Resource/><RequestId/><HostId/></Error>
//   JSON 1.0/1.1: {"__type": code, "message"|"Message": text, ...details}
// with AWS's HTTP status and request-id headers.
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"
#include "http/response.h"

namespace sluice::http {

// How a JSON service names its errors when a Status carries no AWS code of its own.
struct JsonErrorStyle {
  std::string content_type = "application/x-amz-json-1.1";
  std::string message_key = "Message";                  // "message" for Step Functions and Logs
  std::string invalid_argument = "InvalidInputException";  // kInvalidArgument
  std::string not_found = "EntityNotFoundException";       // kNotFound
  std::string already_exists = "AlreadyExistsException";   // kAlreadyExists
  std::string internal = "InternalServiceException";       // everything else, HTTP 500
};

// The AWS code and HTTP status for `status` in S3 (InternalError/500 when none is attached and
// the code gives no better answer).
std::pair<std::string, int> S3CodeFor(const Status& status);

// REQUIRES: !status.ok(). `resource` is the request path (or bucket/key) for <Resource>.
Response EncodeS3Error(const Status& status, std::string_view resource, std::string_view request_id);
Response EncodeJsonError(const Status& status, const JsonErrorStyle& style, std::string_view request_id);

// Minimal XML text escaping (& < > " ').
std::string XmlEscape(std::string_view text);

}  // namespace sluice::http
