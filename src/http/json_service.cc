// JSON services: see json_service.h.
#include "http/json_service.h"

#include <exception>

#include <spdlog/spdlog.h>

namespace sluice::http {

Result<boost::json::value> JsonService::Call(std::string_view operation, const boost::json::object& input,
                                             const CallContext& context) const {
  auto it = operations_.find(operation);
  if (it == operations_.end()) {
    return AwsError("UnknownOperationException", 400, "");
  }
  try {
    return it->second(input, context);
  } catch (const std::exception& e) {
    // Boost.JSON throws on type mismatches an operation failed to check; never let that reach
    // the connection.
    spdlog::error("{}.{} threw: {}", options_.target_prefix, operation, e.what());
    return Internal(std::string("internal error in ") + std::string(operation));
  }
}

}  // namespace sluice::http
