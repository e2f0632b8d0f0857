// Service error naming: see service_errors.h.
#include "states/integrations/service_errors.h"

#include <cctype>

#include <fmt/format.h>

namespace sluice::states {

namespace {

std::string CodeOf(const Status& status) {
  if (!status.aws_code().empty()) return status.aws_code();
  switch (status.code()) {
    case StatusCode::kNotFound: return "ResourceNotFound";
    case StatusCode::kInvalidArgument: return "InvalidInput";
    case StatusCode::kAlreadyExists: return "AlreadyExists";
    default: return "InternalService";
  }
}

int HttpStatusOf(const Status& status) {
  if (status.http_status() > 0) return status.http_status();
  return status.code() == StatusCode::kInternal ? 500 : 400;
}

}  // namespace

std::string PascalCase(std::string_view action) {
  std::string out(action);
  if (!out.empty()) out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  return out;
}

ServiceError SdkServiceError(std::string_view service, const Status& status, std::string_view request_id) {
  std::string code = CodeOf(status);
  if (!code.ends_with("Exception")) code += "Exception";
  return {fmt::format("{}.{}", service, code),
          fmt::format("{} (Service: {}, Status Code: {}, Request ID: {})", status.message(), service,
                      HttpStatusOf(status), request_id)};
}

ServiceError OptimizedServiceError(std::string_view service, std::string_view endpoint_name, const Status& status,
                                   std::string_view request_id) {
  std::string code = CodeOf(status);
  return {fmt::format("{}.{}", service, code),
          fmt::format("{} (Service: {}; Status Code: {}; Error Code: {}; Request ID: {}; Proxy: null)",
                      status.message(), endpoint_name, HttpStatusOf(status), code, request_id)};
}

}  // namespace sluice::states
