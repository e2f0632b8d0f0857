// State errors: see state_error.h.
#include "states/asl/state_error.h"

namespace sluice::states {

Status StateError(std::string_view error, std::string cause) {
  Status status(StatusCode::kFailedPrecondition, std::move(cause));
  if (error.empty()) return status.WithDetail("no_error", "true");
  return status.WithAws(std::string(error), 400);
}

bool HasCause(const Status& status) {
  for (const auto& [name, value] : status.details()) {
    if (name == "no_cause") return false;
  }
  return true;
}

std::string ErrorNameOf(const Status& status) {
  if (!status.aws_code().empty()) return status.aws_code();
  for (const auto& [name, value] : status.details()) {
    if (name == "no_error") return "";
  }
  return std::string(errors::kRuntime);
}

bool ErrorMatches(std::string_view pattern, std::string_view error, bool heartbeat) {
  if (pattern == error) return true;
  // A missed heartbeat is reported as States.Timeout and also matches States.HeartbeatTimeout.
  if (heartbeat && pattern == errors::kHeartbeatTimeout) return true;
  bool terminal = error == errors::kRuntime || error == errors::kDataLimitExceeded;
  if (pattern == errors::kAll) return !terminal;
  // States.TaskFailed is a wildcard for every error except a timeout and the terminal ones.
  if (pattern == errors::kTaskFailed) return !terminal && error != errors::kTimeout;
  return false;
}

}  // namespace sluice::states
