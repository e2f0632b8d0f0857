// The narrow interface the optimized Glue integration (glue:startJobRun and .sync) uses to run
// jobs. The jobs module may offer an implementation (ServerContext::Provide<GlueJobRunner>);
// otherwise the states module uses JsonServiceJobRunner over the shared Glue JSON service.
// Requests and responses are Glue API shapes (StartJobRun's request, GetJobRun's JobRun).
//
// Thread safety: implementations must be thread-safe.
#pragma once

#include <string>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "common/status.h"
#include "http/json_service.h"

namespace sluice::states {

class GlueJobRunner {
 public:
  virtual ~GlueJobRunner() = default;
  // StartJobRun; returns {"JobRunId": ...} or the Glue error (EntityNotFoundException,
  // ConcurrentRunsExceededException, ...) as an AWS-coded status.
  virtual Result<boost::json::value> StartJobRun(const boost::json::object& request) = 0;
  // GetJobRun's "JobRun" object.
  virtual Result<boost::json::object> GetJobRun(const std::string& job_name, const std::string& run_id) = 0;
  // Asks the run to stop (BatchStopJobRun).
  virtual Status StopJobRun(const std::string& job_name, const std::string& run_id) = 0;
};

// A GlueJobRunner over the Glue JSON service's StartJobRun, GetJobRun and BatchStopJobRun
// operations. While no module provides them, calls fail with UnknownOperationException.
class JsonServiceJobRunner final : public GlueJobRunner {
 public:
  JsonServiceJobRunner(const http::JsonService* glue, std::string account_id, std::string region)
      : glue_(glue), account_id_(std::move(account_id)), region_(std::move(region)) {}
  Result<boost::json::value> StartJobRun(const boost::json::object& request) override;
  Result<boost::json::object> GetJobRun(const std::string& job_name, const std::string& run_id) override;
  Status StopJobRun(const std::string& job_name, const std::string& run_id) override;

 private:
  http::CallContext Context() const;
  const http::JsonService* glue_;
  std::string account_id_;
  std::string region_;
};

}  // namespace sluice::states
