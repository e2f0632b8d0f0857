// arn:aws:states:::aws-sdk:s3:<action> (getObject, putObject, listObjectsV2, copyObject,
// deleteObject) and the distributed Map's arn:aws:states:::s3:getObject / listObjectsV2 /
// putObject, through an S3Client. Errors are S3.<Code>Exception.
//
// Thread safety: thread-safe; calls run on the I/O pool.
#pragma once

#include <memory>

#include "common/thread_pool.h"
#include "states/integrations/integration.h"
#include "states/integrations/s3_client.h"

namespace sluice::states {

class S3Integration final : public Integration {
 public:
  S3Integration(S3Client* client, ThreadPool* pool) : client_(client), pool_(pool) {}

  bool Handles(const ResourceInfo& resource) const override {
    return resource.kind == ResourceInfo::Kind::kService && resource.service == "s3" &&
           resource.pattern != IntegrationPattern::kSync;
  }
  void Start(TaskInvocation invocation, std::shared_ptr<TaskCallbacks> callbacks) override;

 private:
  S3Client* client_;
  ThreadPool* pool_;
};

}  // namespace sluice::states
