// The narrow interface Step Functions uses to reach S3: the aws-sdk:s3 integrations
// (getObject, putObject, listObjectsV2, copyObject, deleteObject) and the distributed Map's
// ItemReader and ResultWriter. Requests and responses are the S3 SDK shapes as Step Functions
// passes them (PascalCase members: Bucket, Key, Body, ...). The server wires an adapter over
// the object store.
//
// Thread safety: implementations must be thread-safe.
#pragma once

#include <string_view>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "common/status.h"

namespace sluice::states {

class S3Client {
 public:
  virtual ~S3Client() = default;
  // Runs `action` ("getObject", ...). Failures carry the S3 error code (NoSuchKey,
  // NoSuchBucket, ...) as aws_code; unknown actions are UnknownOperation.
  virtual Result<boost::json::value> Call(std::string_view action, const boost::json::object& request) = 0;
};

}  // namespace sluice::states
