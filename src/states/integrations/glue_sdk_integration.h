// arn:aws:states:::aws-sdk:glue:<action>[.waitForTaskToken]: any Glue operation, called
// in-process on the shared Glue JSON service (the catalog, crawler and jobs modules register
// their operations there). The task's Parameters are the operation's request; its output is
// the response. Errors are Glue.<Code>Exception, as the AWS SDK integrations name them
// (an operation no module provides is Glue.UnknownOperationException).
//
// Thread safety: thread-safe; calls run on the I/O pool.
#pragma once

#include <memory>

#include "common/thread_pool.h"
#include "http/json_service.h"
#include "states/integrations/integration.h"

namespace sluice::states {

class GlueSdkIntegration final : public Integration {
 public:
  // `glue` and `pool` must outlive the integration.
  GlueSdkIntegration(const http::JsonService* glue, ThreadPool* pool) : glue_(glue), pool_(pool) {}

  bool Handles(const ResourceInfo& resource) const override {
    return resource.kind == ResourceInfo::Kind::kService && resource.sdk && resource.service == "glue" &&
           resource.pattern != IntegrationPattern::kSync;
  }
  void Start(TaskInvocation invocation, std::shared_ptr<TaskCallbacks> callbacks) override;

 private:
  const http::JsonService* glue_;
  ThreadPool* pool_;
};

}  // namespace sluice::states
