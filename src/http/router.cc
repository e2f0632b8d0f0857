// Request routing, authentication and accounting: see router.h.
#include "http/router.h"

#include <algorithm>
#include <set>

#include <boost/json/object.hpp>
#include <fmt/format.h>

#include "common/crypto.h"
#include "common/ids.h"
#include "common/json.h"
#include "http/sigv4/payload.h"
#include "http/sigv4/signing.h"

namespace sluice::http {

namespace {

constexpr std::string_view kInternalPrefix = "/_sluice";

Response JsonOk(const JsonService& service, const boost::json::value& value, const std::string& request_id) {
  Response response;
  response.status = 200;
  response.headers.Set("Content-Type", service.options().errors.content_type);
  response.headers.Set("x-amzn-RequestId", request_id);
  response.body = ToJson(value);
  return response;
}

std::optional<uint64_t> ParseUnsigned(std::string_view text) {
  if (text.empty() || text.size() > 19) return std::nullopt;
  uint64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<uint64_t>(c - '0');
  }
  return value;
}

}  // namespace

Router::Router(RouterOptions options, const CredentialStore* credentials, const Clock* clock, MetricsRegistry* metrics,
               JsonLinesLog* access_log)
    : options_(std::move(options)),
      verifier_(credentials, clock, options_.sigv4),
      metrics_(metrics),
      access_log_(access_log) {}

void Router::AddJsonService(const JsonService* service) { json_services_[service->options().target_prefix] = service; }

void Router::AddPlannedJsonService(std::string target_prefix, std::string name, std::string label,
                                   std::string content_type) {
  planned_services_[std::move(target_prefix)] = {std::move(name), std::move(label), std::move(content_type)};
}

void Router::AddInternalRoute(std::string prefix, RouteHandler handler) {
  internal_routes_.emplace_back(std::move(prefix), std::move(handler));
  std::sort(internal_routes_.begin(), internal_routes_.end(),
            [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
}

Response Router::Handle(Request& request) {
  if (request.path == kInternalPrefix || request.path.starts_with(std::string(kInternalPrefix) + "/")) {
    return HandleInternal(request);
  }
  if (auto target = request.headers.Get("x-amz-target")) return HandleJson(request, *target);
  return HandleS3(request);
}

Response Router::HandleInternal(Request& request) {
  request.service = "sluice";
  request.request_id = NewRequestId();
  std::string_view rest = std::string_view(request.path).substr(kInternalPrefix.size());
  for (const auto& [prefix, handler] : internal_routes_) {
    if (rest.starts_with(prefix)) {
      request.operation = prefix;
      return handler(request);
    }
  }
  request.operation = "unknown";
  return TextResponse(404, "application/json", R"({"error":"no such Sluice endpoint"})");
}

Response Router::HandleJson(Request& request, std::string_view target) {
  request.request_id = NewUuid();
  size_t dot = target.find('.');
  std::string_view prefix = target.substr(0, dot);
  std::string_view operation = dot == std::string_view::npos ? std::string_view() : target.substr(dot + 1);

  auto it = json_services_.find(prefix);
  if (it == json_services_.end()) {
    request.service = "unknown";
    request.operation = "unknown";
    JsonErrorStyle style;
    style.message_key = "message";
    style.content_type = "application/x-amz-json-1.0";
    auto planned = planned_services_.find(prefix);
    if (planned != planned_services_.end()) {
      request.service = planned->second.label;
      style.content_type = planned->second.content_type;
      return EncodeJsonError(AwsError("NotImplemented", 501,
                                      fmt::format("The {} API is not available in this version of Sluice yet.",
                                                  planned->second.name)),
                             style, request.request_id);
    }
    return EncodeJsonError(
        AwsError("UnknownOperationException", 400, fmt::format("Sluice serves no service for target '{}'", target)),
        style, request.request_id);
  }
  const JsonService& service = *it->second;
  const JsonErrorStyle& style = service.options().errors;
  request.service = service.options().label;
  request.operation = service.Has(operation) ? std::string(operation) : "unknown";

  if (request.content_length && *request.content_length > options_.max_json_body_bytes) {
    return EncodeJsonError(AwsError("SerializationException", 413,
                                    fmt::format("Request body of {} bytes exceeds the limit of {} bytes",
                                                *request.content_length, options_.max_json_body_bytes)),
                           style, request.request_id);
  }
  auto body = ReadAll(*request.body, options_.max_json_body_bytes);
  if (!body.ok()) {
    Status status = body.status();
    if (status.aws_code().empty()) status = status.WithAws("SerializationException", 413);
    return EncodeJsonError(status, style, request.request_id);
  }

  auto verified = verifier_.Verify(request, sigv4::Protocol::kJson, service.options().signing_name, Sha256Hex(*body));
  if (!verified.ok()) return EncodeJsonError(verified.status(), style, request.request_id);
  request.auth = {true, verified->credential.access_key_id, verified->credential.account_id, verified->region,
                  verified->service};

  if (!service.Has(operation)) {
    return EncodeJsonError(AwsError("UnknownOperationException", 400, ""), style, request.request_id);
  }

  boost::json::object input;
  if (!body->empty()) {
    auto parsed = ParseJson(*body);
    if (!parsed.ok()) {
      return EncodeJsonError(AwsError("SerializationException", 400, parsed.status().message()), style,
                             request.request_id);
    }
    if (!parsed->is_object()) {
      return EncodeJsonError(AwsError("SerializationException", 400, "Start of structure or map expected"), style,
                             request.request_id);
    }
    input = std::move(parsed->get_object());
  }

  CallContext context{request.request_id, verified->credential.account_id.empty() ? options_.account_id
                                                                                   : verified->credential.account_id,
                      options_.region, verified->credential.access_key_id};
  auto result = service.Call(operation, input, context);
  if (!result.ok()) return EncodeJsonError(result.status(), style, request.request_id);
  return JsonOk(service, *result, request.request_id);
}

Status Router::WrapS3Body(Request& request, const sigv4::VerifiedRequest& verified) {
  const std::string& hash = verified.payload_hash;
  std::optional<uint64_t> decoded_length;
  if (auto header = request.headers.Get("x-amz-decoded-content-length")) decoded_length = ParseUnsigned(*header);
  if (hash == sigv4::kStreamingSigned || hash == sigv4::kStreamingSignedTrailer) {
    sigv4::ChunkSigning signing{verified.signing_key, verified.amz_date, verified.scope, verified.seed_signature};
    request.WrapBody(std::make_unique<sigv4::AwsChunkedReader>(request.body, std::move(signing), decoded_length));
  } else if (hash == sigv4::kStreamingUnsignedTrailer) {
    request.WrapBody(std::make_unique<sigv4::AwsChunkedReader>(request.body, std::nullopt, decoded_length));
  } else if (hash == sigv4::kUnsignedPayload) {
    // Nothing to check.
  } else if (sigv4::IsSha256Hex(hash)) {
    request.WrapBody(std::make_unique<sigv4::Sha256CheckingReader>(request.body, hash));
  } else {
    return AwsError("InvalidArgument", 400,
                    "x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER, "
                    "STREAMING-AWS4-HMAC-SHA256-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER or a valid "
                    "sha256 value.")
        .WithDetail("ArgumentName", "x-amz-content-sha256")
        .WithDetail("ArgumentValue", hash);
  }
  return Status::Ok();
}

Response Router::HandleS3(Request& request) {
  request.service = "s3";
  request.operation = "unknown";
  request.request_id = NewRequestId();
  auto verified = verifier_.Verify(request, sigv4::Protocol::kS3, "s3", "");
  if (!verified.ok()) return EncodeS3Error(verified.status(), request.path, request.request_id);
  if (!s3_handler_) {
    return EncodeS3Error(AwsError("NotImplemented", 501, "The S3 API is not available in this version of Sluice yet."),
                         request.path, request.request_id);
  }
  Status wrapped = WrapS3Body(request, *verified);
  if (!wrapped.ok()) return EncodeS3Error(wrapped, request.path, request.request_id);
  request.auth = {true, verified->credential.access_key_id, verified->credential.account_id, verified->region,
                  verified->service};
  return s3_handler_(request);
}

Router::RequestMetrics& Router::MetricsFor(const std::string& service, const std::string& operation, int status) {
  std::string key = service;
  key += '\0';
  key += operation;
  key += '\0';
  key += std::to_string(status);
  std::lock_guard lock(metrics_mutex_);
  auto it = request_metrics_.find(key);
  if (it != request_metrics_.end()) return it->second;
  RequestMetrics entry{
      &metrics_->GetCounter("sluice_http_requests_total", "HTTP requests by service, operation and status",
                            {{"service", service}, {"operation", operation}, {"status", std::to_string(status)}}),
      &metrics_->GetHistogram("sluice_http_request_duration_seconds", "Time from request header to last response byte",
                              LatencyBuckets(), {{"service", service}}),
      &metrics_->GetCounter("sluice_http_received_bytes_total", "Request bytes received", {{"service", service}}),
      &metrics_->GetCounter("sluice_http_sent_bytes_total", "Response bytes sent", {{"service", service}})};
  return request_metrics_.emplace(std::move(key), entry).first->second;
}

void Router::Completed(const Request& request, const Response& response, const Completion& completion) {
  RequestMetrics& metrics = MetricsFor(request.service, request.operation, response.status);
  metrics.requests->Increment();
  metrics.duration->Observe(static_cast<double>(completion.duration_micros) / 1e6);
  metrics.received->Increment(static_cast<double>(completion.bytes_received));
  metrics.sent->Increment(static_cast<double>(completion.bytes_sent));
  static const std::set<std::string, std::less<>> kAuthErrors = {
      "AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch", "RequestTimeTooSkewed",
      "AuthorizationHeaderMalformed", "AuthorizationQueryParametersError", "MissingAuthenticationTokenException",
      "UnrecognizedClientException", "InvalidSignatureException", "IncompleteSignatureException"};
  if (kAuthErrors.contains(response.error_code)) {
    metrics_
        ->GetCounter("sluice_auth_failures_total", "Requests refused by authentication",
                     {{"service", request.service}, {"code", response.error_code}})
        .Increment();
  }
  if (access_log_) {
    boost::json::object record;
    record["request_id"] = request.request_id;
    record["remote"] = request.remote_address;
    record["method"] = request.method;
    record["path"] = request.path;
    record["service"] = request.service;
    record["operation"] = request.operation;
    record["status"] = response.status;
    if (!response.error_code.empty()) record["error"] = response.error_code;
    if (!request.auth.access_key_id.empty()) record["access_key"] = request.auth.access_key_id;
    record["bytes_in"] = completion.bytes_received;
    record["bytes_out"] = completion.bytes_sent;
    record["duration_ms"] = static_cast<double>(completion.duration_micros) / 1000.0;
    if (completion.write_failed) record["write_failed"] = true;
    access_log_->Write(record);
  }
}

}  // namespace sluice::http
