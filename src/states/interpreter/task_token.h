// Task tokens ($$.Task.Token): opaque to clients, they name the execution, the frame and the
// attempt a callback belongs to, so that SendTaskSuccess/Failure/Heartbeat find their task
// even after a restart, and a token of an earlier attempt is recognised as stale.
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sluice::states {

struct TaskTokenParts {
  std::string execution_arn;
  uint32_t frame = 0;
  std::string nonce;
};

std::string MakeTaskToken(std::string_view execution_arn, uint32_t frame, std::string_view nonce);
// nullopt when `token` was not made by MakeTaskToken.
std::optional<TaskTokenParts> ParseTaskToken(std::string_view token);

}  // namespace sluice::states
