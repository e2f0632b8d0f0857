// AWS error encoding: see aws_error.h.
#include "http/aws_error.h"

#include <boost/json/object.hpp>
#include <fmt/format.h>

#include "common/json.h"

namespace sluice::http {

std::string XmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        // XML 1.0 cannot carry most control characters even escaped; show them as \xNN.
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') {
          out += fmt::format("\\x{:02x}", static_cast<unsigned char>(c));
        } else {
          out += c;
        }
    }
  }
  return out;
}

std::pair<std::string, int> S3CodeFor(const Status& status) {
  if (!status.aws_code().empty()) return {status.aws_code(), status.http_status()};
  switch (status.code()) {
    case StatusCode::kInvalidArgument: return {"InvalidArgument", 400};
    case StatusCode::kPermissionDenied: return {"AccessDenied", 403};
    case StatusCode::kResourceExhausted: return {"EntityTooLarge", 400};
    case StatusCode::kUnavailable: return {"ServiceUnavailable", 503};
    case StatusCode::kUnimplemented: return {"NotImplemented", 501};
    case StatusCode::kFailedPrecondition: return {"PreconditionFailed", 412};
    default: return {"InternalError", 500};
  }
}

Response EncodeS3Error(const Status& status, std::string_view resource, std::string_view request_id) {
  auto [code, http_status] = S3CodeFor(status);
  std::string message = status.message();
  if (code == "InternalError" && status.aws_code().empty()) {
    message = "We encountered an internal error. Please try again.";
  }
  std::string body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + XmlEscape(code) +
                     "</Code><Message>" + XmlEscape(message) + "</Message>";
  for (const auto& [name, value] : status.details()) {
    body += fmt::format("<{}>{}</{}>", name, XmlEscape(value), name);
  }
  if (!resource.empty()) body += "<Resource>" + XmlEscape(resource) + "</Resource>";
  body += fmt::format("<RequestId>{}</RequestId><HostId>{}</HostId></Error>", request_id, request_id);
  Response response;
  response.status = http_status;
  response.error_code = code;
  response.headers.Set("Content-Type", "application/xml");
  response.headers.Set("x-amz-request-id", request_id);
  response.headers.Set("x-amz-id-2", request_id);
  response.body = std::move(body);
  return response;
}

Response EncodeJsonError(const Status& status, const JsonErrorStyle& style, std::string_view request_id) {
  std::string code = status.aws_code();
  int http_status = status.http_status();
  if (code.empty()) {
    switch (status.code()) {
      case StatusCode::kInvalidArgument:
      case StatusCode::kResourceExhausted:
        code = style.invalid_argument;
        http_status = 400;
        break;
      case StatusCode::kNotFound:
        code = style.not_found;
        http_status = 400;
        break;
      case StatusCode::kAlreadyExists:
        code = style.already_exists;
        http_status = 400;
        break;
      case StatusCode::kUnavailable:
        code = "ServiceUnavailable";
        http_status = 503;
        break;
      default:
        code = style.internal;
        http_status = 500;
    }
  }
  boost::json::object body;
  body["__type"] = code;
  body[style.message_key] = status.message();
  for (const auto& [name, value] : status.details()) body[name] = value;
  Response response;
  response.status = http_status;
  response.error_code = code;
  response.headers.Set("Content-Type", style.content_type);
  response.headers.Set("x-amzn-RequestId", request_id);
  response.headers.Set("x-amzn-ErrorType", code);
  response.body = ToJson(body);
  return response;
}

}  // namespace sluice::http
