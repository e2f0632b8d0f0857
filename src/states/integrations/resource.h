// Task "Resource" ARNs and what they name:
//   arn:aws:states:::glue:startJobRun[.sync|.waitForTaskToken]     an optimized integration
//   arn:aws:states:::aws-sdk:glue:getCrawler[.waitForTaskToken]    an AWS SDK integration
//   arn:aws:states:::states:startExecution[.sync[:2]]              a nested execution
//   arn:aws:states:<region>:<account>:activity:<name>              an activity
// History events name a service task by resourceType ("glue", "aws-sdk:glue") and resource
// ("startJobRun.sync").
//
// Thread safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sluice::states {

enum class IntegrationPattern : uint8_t { kRequestResponse, kSync, kCallback };

struct ResourceInfo {
  enum class Kind : uint8_t { kService, kActivity, kLambdaFunction } kind = Kind::kService;
  std::string arn;
  std::string resource_type;  // "glue", "aws-sdk:glue", "states" (services)
  std::string service;        // "glue", "s3", "states"
  std::string action;         // "startJobRun", "getCrawler" (without the pattern suffix)
  std::string resource;       // "startJobRun.sync" (as events show it)
  IntegrationPattern pattern = IntegrationPattern::kRequestResponse;
  bool sync_v2 = false;       // ".sync:2" (nested executions: output as JSON, not a string)
  bool sdk = false;           // an aws-sdk integration
};

// nullopt when `arn` is not a resource ARN Step Functions accepts.
std::optional<ResourceInfo> ParseResource(std::string_view arn);

}  // namespace sluice::states
