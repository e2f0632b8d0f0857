// The run log of one job run, as AWS Glue keeps it in CloudWatch Logs: driver output in
// <group>/output and errors in <group>/error (group /aws-glue/jobs, or /aws-glue/python-jobs
// for Python shell jobs), one stream per run named by the run id — readable with
// `aws logs get-log-events --log-group-name /aws-glue/jobs/output --log-stream-name <run id>`.
// Lines are also kept in memory (the last few errors make the run's ErrorMessage).
//
// Thread safety: thread-safe (a Python shell job writes stdout and stderr from two threads).
#pragma once

#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "monitoring/log_store.h"

namespace sluice::jobs {

class RunLogger {
 public:
  // `logs` may be null (then lines go nowhere but `echo`, when set, still gets them).
  RunLogger(monitoring::LogStore* logs, std::string group, std::string stream);

  void Output(const std::string& line);
  void Error(const std::string& line);
  // Receives every line as well (`sluice job run` prints them); set before the run starts.
  void SetEcho(std::function<void(bool error, const std::string& line)> echo) { echo_ = std::move(echo); }

  // The last error lines written (at most 20), oldest first.
  std::vector<std::string> RecentErrors() const;

 private:
  void Write(bool error, const std::string& line);

  monitoring::LogStore* logs_;
  const std::string output_group_;
  const std::string error_group_;
  const std::string stream_;
  std::function<void(bool, const std::string&)> echo_;
  mutable std::mutex mutex_;
  std::vector<std::string> recent_errors_;  // guarded by mutex_
};

}  // namespace sluice::jobs
