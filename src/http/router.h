// The request router: every request on the one port comes through here.
//   1. /_sluice/...           → Sluice's own endpoints (health, metrics, console), no SigV4
//   2. X-Amz-Target: P.Op     → the JSON service registered for prefix P (Glue, Step Functions,
//                               CloudWatch Logs); unknown prefixes and operations get JSON errors
//   3. anything else          → S3 REST
// AWS requests are verified with SigV4 first; S3 bodies are wrapped so that aws-chunked
// encoding is decoded and every payload is checked against what was signed. Each finished
// request is counted in metrics and written to the JSON access log.
//
// Thread safety: configure (Add*/Set*) before the server starts; Handle() is then thread-safe.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/credentials.h"
#include "common/logging.h"
#include "common/metrics.h"
#include "http/json_service.h"
#include "http/server.h"
#include "http/sigv4/verifier.h"

namespace sluice::http {

struct RouterOptions {
  std::string account_id = "000000000000";
  std::string region = "us-east-1";
  size_t max_json_body_bytes = 8 << 20;  // larger JSON requests are refused
  sigv4::VerifierOptions sigv4;
};

using RouteHandler = std::function<Response(Request&)>;

class Router final : public Handler {
 public:
  Router(RouterOptions options, const CredentialStore* credentials, const Clock* clock, MetricsRegistry* metrics,
         JsonLinesLog* access_log);

  // `service` must outlive the router.
  void AddJsonService(const JsonService* service);
  // A JSON target prefix Sluice knows but does not serve yet; answered with 501 NotImplemented
  // in that protocol's shape, naming the service.
  void AddPlannedJsonService(std::string target_prefix, std::string name, std::string label,
                             std::string content_type);
  // The S3 REST handler, called after authentication.
  void SetS3Handler(RouteHandler handler) { s3_handler_ = std::move(handler); }
  // Handles /_sluice/<prefix>... without authentication. Longest prefix wins.
  void AddInternalRoute(std::string prefix, RouteHandler handler);

  Response Handle(Request& request) override;
  void Completed(const Request& request, const Response& response, const Completion& completion) override;

  const RouterOptions& options() const { return options_; }

 private:
  Response HandleJson(Request& request, std::string_view target);
  Response HandleS3(Request& request);
  Response HandleInternal(Request& request);
  Status WrapS3Body(Request& request, const sigv4::VerifiedRequest& verified);

  // The metrics one finished request updates, looked up once per (service, operation, status).
  struct RequestMetrics {
    Counter* requests;
    Histogram* duration;
    Counter* received;
    Counter* sent;
  };
  RequestMetrics& MetricsFor(const std::string& service, const std::string& operation, int status);

  const RouterOptions options_;
  sigv4::Verifier verifier_;
  MetricsRegistry* metrics_;
  JsonLinesLog* access_log_;
  std::map<std::string, const JsonService*, std::less<>> json_services_;
  struct PlannedService {
    std::string name;          // "AWS Glue"
    std::string label;         // metrics label: "glue"
    std::string content_type;  // "application/x-amz-json-1.1"
  };
  std::map<std::string, PlannedService, std::less<>> planned_services_;  // by target prefix
  RouteHandler s3_handler_;
  std::vector<std::pair<std::string, RouteHandler>> internal_routes_;  // longest prefix first

  std::mutex metrics_mutex_;
  std::map<std::string, RequestMetrics, std::less<>> request_metrics_;  // guarded by metrics_mutex_
};

}  // namespace sluice::http
