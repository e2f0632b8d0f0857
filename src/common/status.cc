// Status implementation: see status.h.
#include "common/status.h"

#include <cstring>

#include <fmt/format.h>

namespace sluice {

namespace {
const std::string kEmpty;
const std::vector<std::pair<std::string, std::string>> kNoDetails;
}  // namespace

std::string_view StatusCodeName(StatusCode code) {
  switch (code) {
    case StatusCode::kOk: return "OK";
    case StatusCode::kInvalidArgument: return "InvalidArgument";
    case StatusCode::kNotFound: return "NotFound";
    case StatusCode::kAlreadyExists: return "AlreadyExists";
    case StatusCode::kFailedPrecondition: return "FailedPrecondition";
    case StatusCode::kPermissionDenied: return "PermissionDenied";
    case StatusCode::kResourceExhausted: return "ResourceExhausted";
    case StatusCode::kAborted: return "Aborted";
    case StatusCode::kCancelled: return "Cancelled";
    case StatusCode::kDeadlineExceeded: return "DeadlineExceeded";
    case StatusCode::kUnimplemented: return "Unimplemented";
    case StatusCode::kIoError: return "IoError";
    case StatusCode::kDataLoss: return "DataLoss";
    case StatusCode::kUnavailable: return "Unavailable";
    case StatusCode::kInternal: return "Internal";
  }
  return "Unknown";
}

Status::Status(StatusCode code, std::string message) {
  if (code == StatusCode::kOk) return;
  state_ = std::make_unique<State>();
  state_->code = code;
  state_->message = std::move(message);
}

Status::Status(const Status& other)
    : state_(other.state_ ? std::make_unique<State>(*other.state_) : nullptr) {}

Status& Status::operator=(const Status& other) {
  if (this != &other) state_ = other.state_ ? std::make_unique<State>(*other.state_) : nullptr;
  return *this;
}

const std::string& Status::message() const { return state_ ? state_->message : kEmpty; }
const std::string& Status::aws_code() const { return state_ ? state_->aws_code : kEmpty; }
const std::vector<std::pair<std::string, std::string>>& Status::details() const {
  return state_ ? state_->details : kNoDetails;
}

Status Status::WithAws(std::string aws_code, int http_status) const {
  Status copy(*this);
  if (copy.state_) {
    copy.state_->aws_code = std::move(aws_code);
    copy.state_->http_status = http_status;
  }
  return copy;
}

Status Status::WithDetail(std::string name, std::string value) const {
  Status copy(*this);
  if (copy.state_) copy.state_->details.emplace_back(std::move(name), std::move(value));
  return copy;
}

Status Status::WithContext(std::string_view context) const {
  Status copy(*this);
  if (copy.state_) copy.state_->message = fmt::format("{}: {}", context, copy.state_->message);
  return copy;
}

std::string Status::ToString() const {
  if (ok()) return "OK";
  std::string out = fmt::format("{}: {}", StatusCodeName(state_->code), state_->message);
  if (!state_->aws_code.empty()) out += fmt::format(" [aws={}/{}]", state_->aws_code, state_->http_status);
  return out;
}

Status InvalidArgument(std::string m) { return Status(StatusCode::kInvalidArgument, std::move(m)); }
Status NotFound(std::string m) { return Status(StatusCode::kNotFound, std::move(m)); }
Status AlreadyExists(std::string m) { return Status(StatusCode::kAlreadyExists, std::move(m)); }
Status FailedPrecondition(std::string m) { return Status(StatusCode::kFailedPrecondition, std::move(m)); }
Status PermissionDenied(std::string m) { return Status(StatusCode::kPermissionDenied, std::move(m)); }
Status ResourceExhausted(std::string m) { return Status(StatusCode::kResourceExhausted, std::move(m)); }
Status Aborted(std::string m) { return Status(StatusCode::kAborted, std::move(m)); }
Status Cancelled(std::string m) { return Status(StatusCode::kCancelled, std::move(m)); }
Status DeadlineExceeded(std::string m) { return Status(StatusCode::kDeadlineExceeded, std::move(m)); }
Status Unimplemented(std::string m) { return Status(StatusCode::kUnimplemented, std::move(m)); }
Status IoError(std::string m) { return Status(StatusCode::kIoError, std::move(m)); }
Status DataLoss(std::string m) { return Status(StatusCode::kDataLoss, std::move(m)); }
Status Unavailable(std::string m) { return Status(StatusCode::kUnavailable, std::move(m)); }
Status Internal(std::string m) { return Status(StatusCode::kInternal, std::move(m)); }

Status ErrnoError(std::string_view what, int errno_value) {
  return IoError(fmt::format("{}: {}", what, std::strerror(errno_value)));
}

Status AwsError(std::string aws_code, int http_status, std::string message) {
  StatusCode code = StatusCode::kInvalidArgument;
  if (http_status == 403) code = StatusCode::kPermissionDenied;
  else if (http_status == 404) code = StatusCode::kNotFound;
  else if (http_status == 409) code = StatusCode::kAlreadyExists;
  else if (http_status == 412) code = StatusCode::kFailedPrecondition;
  else if (http_status == 503) code = StatusCode::kUnavailable;
  else if (http_status >= 500) code = StatusCode::kInternal;
  return Status(code, std::move(message)).WithAws(std::move(aws_code), http_status);
}

}  // namespace sluice
