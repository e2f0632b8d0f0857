// Errors raised while a state runs, named as the Amazon States Language names them
// ("States.Runtime", "States.TaskFailed", "Glue.EntityNotFoundException", ...).
//
// A state error travels as a Status whose aws_code() is the error name and whose message is
// the cause; Retry and Catch match on the name. Thread safety: constants and pure functions.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"

namespace sluice::states {

// The predefined error names (ASL "Error names").
namespace errors {
inline constexpr std::string_view kAll = "States.ALL";
inline constexpr std::string_view kHeartbeatTimeout = "States.HeartbeatTimeout";
inline constexpr std::string_view kTimeout = "States.Timeout";
inline constexpr std::string_view kTaskFailed = "States.TaskFailed";
inline constexpr std::string_view kPermissions = "States.Permissions";
inline constexpr std::string_view kResultPathMatchFailure = "States.ResultPathMatchFailure";
inline constexpr std::string_view kParameterPathFailure = "States.ParameterPathFailure";
inline constexpr std::string_view kQueryEvaluationError = "States.QueryEvaluationError";
inline constexpr std::string_view kBranchFailed = "States.BranchFailed";
inline constexpr std::string_view kNoChoiceMatched = "States.NoChoiceMatched";
inline constexpr std::string_view kIntrinsicFailure = "States.IntrinsicFailure";
inline constexpr std::string_view kExceedToleratedFailureThreshold = "States.ExceedToleratedFailureThreshold";
inline constexpr std::string_view kItemReaderFailed = "States.ItemReaderFailed";
inline constexpr std::string_view kResultWriterFailed = "States.ResultWriterFailed";
inline constexpr std::string_view kRuntime = "States.Runtime";
inline constexpr std::string_view kDataLimitExceeded = "States.DataLimitExceeded";
}  // namespace errors

// A Status carrying a state error: aws_code() = `error`, message() = `cause`. An empty `error`
// is kept as "no error name" (a Fail state without Error).
Status StateError(std::string_view error, std::string cause);
// False when the error deliberately has no cause (a Fail state without Cause): events and
// DescribeExecution then omit the member.
bool HasCause(const Status& status);

// The error name of a status from a running state: its aws_code when it has one, otherwise
// States.Runtime (an internal failure surfaces as a runtime error, never as a crash).
std::string ErrorNameOf(const Status& status);

// Whether a Retrier's or Catcher's ErrorEquals entry matches the error name: exact names,
// States.ALL (everything except States.Runtime and States.DataLimitExceeded, which are
// terminal) and States.TaskFailed (every error except States.Timeout and the terminal ones).
// `heartbeat` marks a States.Timeout raised by a missed heartbeat, which States.HeartbeatTimeout
// also matches.
bool ErrorMatches(std::string_view pattern, std::string_view error, bool heartbeat = false);

}  // namespace sluice::states
