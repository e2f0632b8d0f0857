// Run logs: see run_logger.h.
#include "jobs/runner/run_logger.h"

#include <spdlog/spdlog.h>

namespace sluice::jobs {

namespace {
constexpr size_t kRecentErrors = 20;
constexpr size_t kMaxLineBytes = 256 * 1024;  // CloudWatch Logs takes events up to 256 KiB
}  // namespace

RunLogger::RunLogger(monitoring::LogStore* logs, std::string group, std::string stream)
    : logs_(logs), output_group_(group + "/output"), error_group_(group + "/error"), stream_(std::move(stream)) {}

void RunLogger::Output(const std::string& line) { Write(false, line); }

void RunLogger::Error(const std::string& line) { Write(true, line); }

void RunLogger::Write(bool error, const std::string& line) {
  std::string text = line.size() > kMaxLineBytes ? line.substr(0, kMaxLineBytes) : line;
  if (echo_) echo_(error, text);
  if (error) {
    std::lock_guard<std::mutex> lock(mutex_);
    recent_errors_.push_back(text);
    if (recent_errors_.size() > kRecentErrors) recent_errors_.erase(recent_errors_.begin());
  }
  if (logs_ == nullptr) return;
  Status status = logs_->AppendLine(error ? error_group_ : output_group_, stream_, text);
  if (!status.ok()) spdlog::warn("job run {}: could not write its log: {}", stream_, status.ToString());
}

std::vector<std::string> RunLogger::RecentErrors() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return recent_errors_;
}

}  // namespace sluice::jobs
