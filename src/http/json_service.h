// A service spoken in the AWS JSON protocol (1.0 or 1.1): POST / with X-Amz-Target
// "<Prefix>.<Operation>" and a JSON document in and out. A service is a table of operations
// keyed by name; Glue, Step Functions and CloudWatch Logs each build one and register it with
// the Router. Operations can also be called in-process (Step Functions' aws-sdk integrations).
//
// Thread safety: Add() during set-up only; Call() concurrently afterwards.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "common/status.h"
#include "http/aws_error.h"
#include "http/request.h"

namespace sluice::http {

// Who is calling and where, for ARNs and ownership.
struct CallContext {
  std::string request_id;
  std::string account_id;
  std::string region;
  std::string access_key_id;
};

using JsonOperation = std::function<Result<boost::json::value>(const boost::json::object& input, const CallContext&)>;

class JsonService {
 public:
  struct Options {
    std::string target_prefix;  // "AWSGlue", "AWSStepFunctions", "Logs_20140328"
    std::string signing_name;   // SigV4 service name: "glue", "states", "logs"
    std::string label;          // metrics and logs: "glue", "states", "logs"
    JsonErrorStyle errors;      // content type and default error names
  };

  explicit JsonService(Options options) : options_(std::move(options)) {}

  void Add(std::string operation, JsonOperation fn) { operations_[std::move(operation)] = std::move(fn); }
  bool Has(std::string_view operation) const { return operations_.find(operation) != operations_.end(); }
  size_t operation_count() const { return operations_.size(); }
  // Runs `operation`; UnknownOperationException (400) when there is no such operation.
  Result<boost::json::value> Call(std::string_view operation, const boost::json::object& input,
                                  const CallContext& context) const;
  const Options& options() const { return options_; }

 private:
  Options options_;
  std::map<std::string, JsonOperation, std::less<>> operations_;
};

}  // namespace sluice::http
