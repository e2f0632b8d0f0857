// Status and Result<T>: how every Sluice function reports failure. Nothing throws across a
// component boundary; exceptions from libraries are caught where they are called.
//
// A Status is OK (one null pointer) or carries a code, a message, and optionally the AWS error
// it should become on the wire (code name such as "NoSuchKey" and HTTP status) plus extra
// detail fields (S3 puts them in its XML error body). Protocol encoders in http/aws_error turn
// a Status into a response in exactly one place per protocol.
//
// Thread safety: Status and Result are values; distinct objects may be used concurrently.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sluice {

// Broad classes of failure. Persisted nowhere; free to extend.
enum class StatusCode : unsigned char {
  kOk = 0,
  kInvalidArgument,     // the caller sent something malformed
  kNotFound,            // a named thing does not exist
  kAlreadyExists,       // a named thing exists already
  kFailedPrecondition,  // the system is not in a state where this can happen
  kPermissionDenied,    // authenticated but not allowed, or not authenticated
  kResourceExhausted,   // a limit was exceeded (sizes, counts)
  kAborted,             // a concurrent change won; retrying may succeed
  kCancelled,           // the work was stopped on request
  kDeadlineExceeded,    // a timeout passed
  kUnimplemented,       // not built (yet)
  kIoError,             // the operating system said no
  kDataLoss,            // stored bytes are corrupt or truncated
  kUnavailable,         // shutting down, try later
  kInternal,            // a bug: an invariant did not hold
};

std::string_view StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  // An OK status.
  Status() = default;
  Status(StatusCode code, std::string message);
  Status(const Status& other);
  Status& operator=(const Status& other);
  Status(Status&&) noexcept = default;
  Status& operator=(Status&&) noexcept = default;
  ~Status() = default;

  static Status Ok() { return Status(); }

  bool ok() const { return state_ == nullptr; }
  StatusCode code() const { return state_ ? state_->code : StatusCode::kOk; }
  // Empty when OK.
  const std::string& message() const;

  // The AWS error name this status becomes on the wire ("" when none was attached) and its
  // HTTP status (0 when none).
  const std::string& aws_code() const;
  int http_status() const { return state_ ? state_->http_status : 0; }
  // Extra named fields for the error body (S3: <Key>, <BucketName>, ...), in insertion order.
  const std::vector<std::pair<std::string, std::string>>& details() const;

  // Builders; they return a modified copy so that they chain on temporaries.
  // REQUIRES: !ok().
  Status WithAws(std::string aws_code, int http_status) const;
  Status WithDetail(std::string name, std::string value) const;
  // Prepends "context: " to the message, keeping everything else.
  Status WithContext(std::string_view context) const;

  // "NotFound: message" (and " [aws=NoSuchKey/404]" when attached); "OK" when ok.
  std::string ToString() const;

  // Marks a status as deliberately ignored.
  void IgnoreError() const {}

 private:
  struct State {
    StatusCode code;
    std::string message;
    std::string aws_code;
    int http_status = 0;
    std::vector<std::pair<std::string, std::string>> details;
  };
  std::unique_ptr<State> state_;
};

// Factories for the common codes.
Status InvalidArgument(std::string message);
Status NotFound(std::string message);
Status AlreadyExists(std::string message);
Status FailedPrecondition(std::string message);
Status PermissionDenied(std::string message);
Status ResourceExhausted(std::string message);
Status Aborted(std::string message);
Status Cancelled(std::string message);
Status DeadlineExceeded(std::string message);
Status Unimplemented(std::string message);
Status IoError(std::string message);
Status DataLoss(std::string message);
Status Unavailable(std::string message);
Status Internal(std::string message);
// An IoError whose message ends with strerror(errno_value).
Status ErrnoError(std::string_view what, int errno_value);
// A status that becomes the given AWS error on the wire. The StatusCode is derived from the
// HTTP status (4xx → kInvalidArgument, 403 → kPermissionDenied, 404 → kNotFound, 5xx →
// kInternal/kUnavailable) unless given.
Status AwsError(std::string aws_code, int http_status, std::string message);

// A value or the Status explaining why there is none.
template <typename T>
class [[nodiscard]] Result {
 public:
  // REQUIRES: !status.ok().
  Result(Status status) : status_(std::move(status)) {}  // NOLINT: implicit by design
  Result(const T& value) : value_(value) {}               // NOLINT
  Result(T&& value) : value_(std::move(value)) {}         // NOLINT
  template <typename U>
    requires(std::is_constructible_v<T, U &&> && !std::is_same_v<std::decay_t<U>, Status> &&
             !std::is_same_v<std::decay_t<U>, T> && !std::is_same_v<std::decay_t<U>, Result<T>>)
  Result(U&& value) : value_(std::forward<U>(value)) {}  // NOLINT

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }
  Status TakeStatus() { return std::move(status_); }

  // REQUIRES: ok().
  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T& operator*() & { return *value_; }
  const T& operator*() const& { return *value_; }
  T&& operator*() && { return std::move(*value_); }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }

  T value_or(T fallback) const& { return ok() ? *value_ : std::move(fallback); }

 private:
  Status status_;
  std::optional<T> value_;
};

}  // namespace sluice

#define SLUICE_CONCAT_INNER(a, b) a##b
#define SLUICE_CONCAT(a, b) SLUICE_CONCAT_INNER(a, b)

// Returns the Status from the enclosing function when `expr` is not OK.
#define RETURN_IF_ERROR(expr)                          \
  do {                                                 \
    ::sluice::Status sluice_status_ = (expr);          \
    if (!sluice_status_.ok()) return sluice_status_;   \
  } while (0)

// `lhs = *rexpr` when rexpr (a Result) is OK; returns its Status otherwise.
// lhs may declare a variable: ASSIGN_OR_RETURN(auto file, OpenFile(path));
#define ASSIGN_OR_RETURN(lhs, rexpr) \
  ASSIGN_OR_RETURN_IMPL(SLUICE_CONCAT(sluice_result_, __LINE__), lhs, rexpr)
#define ASSIGN_OR_RETURN_IMPL(tmp, lhs, rexpr) \
  auto tmp = (rexpr);                          \
  if (!tmp.ok()) return tmp.TakeStatus();      \
  lhs = std::move(*tmp)
