// The S3 route table: see routes.h. One line per operation.
#include "s3/routes.h"

#include <fmt/format.h>

namespace sluice::s3 {

namespace {

using Op = Target;

constexpr Route kRoutes[] = {
    {"GET", Op::kService, "", "", "ListBuckets", ops::ListBuckets},

    {"PUT", Op::kBucket, "", "", "CreateBucket", ops::CreateBucket},
    {"HEAD", Op::kBucket, "", "", "HeadBucket", ops::HeadBucket},
    {"DELETE", Op::kBucket, "", "", "DeleteBucket", ops::DeleteBucket},
    {"GET", Op::kBucket, "location", "", "GetBucketLocation", ops::GetBucketLocation},
    {"GET", Op::kBucket, "versioning", "", "GetBucketVersioning", ops::GetBucketVersioning},
    {"PUT", Op::kBucket, "versioning", "", "PutBucketVersioning", ops::PutBucketVersioning},
    {"GET", Op::kBucket, "acl", "", "GetBucketAcl", ops::GetBucketAcl},
    {"PUT", Op::kBucket, "acl", "", "PutBucketAcl", ops::PutBucketAcl},
    {"GET", Op::kBucket, "list-type", "", "ListObjectsV2", ops::ListObjectsV2},
    {"GET", Op::kBucket, "versions", "", "ListObjectVersions", ops::ListObjectVersions},
    {"GET", Op::kBucket, "uploads", "", "ListMultipartUploads", ops::ListMultipartUploads},
    {"POST", Op::kBucket, "delete", "", "DeleteObjects", ops::DeleteObjects},
    {"GET", Op::kBucket, "policy", "", "GetBucketPolicy", ops::GetBucketUnconfigured},
    {"GET", Op::kBucket, "cors", "", "GetBucketCors", ops::GetBucketUnconfigured},
    {"GET", Op::kBucket, "lifecycle", "", "GetBucketLifecycleConfiguration", ops::GetBucketUnconfigured},
    {"GET", Op::kBucket, "website", "", "GetBucketWebsite", ops::GetBucketUnconfigured},
    {"GET", Op::kBucket, "tagging", "", "GetBucketTagging", ops::GetBucketUnconfigured},
    {"GET", Op::kBucket, "encryption", "", "GetBucketEncryption", ops::GetBucketUnconfigured},
    {"GET", Op::kBucket, "", "", "ListObjects", ops::ListObjects},

    {"PUT", Op::kObject, "uploadId", "x-amz-copy-source", "UploadPartCopy", ops::UploadPartCopy},
    {"PUT", Op::kObject, "uploadId", "", "UploadPart", ops::UploadPart},
    {"PUT", Op::kObject, "acl", "", "PutObjectAcl", ops::PutObjectAcl},
    {"PUT", Op::kObject, "", "x-amz-copy-source", "CopyObject", ops::CopyObject},
    {"PUT", Op::kObject, "", "", "PutObject", ops::PutObject},
    {"GET", Op::kObject, "uploadId", "", "ListParts", ops::ListParts},
    {"GET", Op::kObject, "acl", "", "GetObjectAcl", ops::GetObjectAcl},
    {"GET", Op::kObject, "tagging", "", "GetObjectTagging", ops::GetObjectTagging},
    {"GET", Op::kObject, "", "", "GetObject", ops::GetObject},
    {"HEAD", Op::kObject, "", "", "HeadObject", ops::HeadObject},
    {"DELETE", Op::kObject, "uploadId", "", "AbortMultipartUpload", ops::AbortMultipartUpload},
    {"DELETE", Op::kObject, "", "", "DeleteObject", ops::DeleteObject},
    {"POST", Op::kObject, "uploads", "", "CreateMultipartUpload", ops::CreateMultipartUpload},
    {"POST", Op::kObject, "uploadId", "", "CompleteMultipartUpload", ops::CompleteMultipartUpload},
};

// Query parameters by which S3 selects an operation other than the resource's plain one.
constexpr std::string_view kSubresources[] = {
    "accelerate", "acl",           "analytics",   "attributes",  "cors",         "delete",
    "encryption", "intelligent-tiering",          "inventory",   "legal-hold",   "lifecycle",
    "list-type",  "location",      "logging",     "metadataConfiguration",       "metadataTable",
    "metrics",    "notification",  "object-lock", "ownershipControls",           "policy",
    "policyStatus",                "publicAccessBlock",          "replication",  "requestPayment",
    "restore",    "retention",     "select",      "session",     "tagging",      "torrent",
    "uploadId",   "uploads",       "versioning",  "versions",    "website",      "renameObject",
};

bool IsSubresource(std::string_view name) {
  for (std::string_view subresource : kSubresources) {
    if (subresource == name) return true;
  }
  return false;
}

std::string_view ResourceType(Target target) {
  switch (target) {
    case Target::kService: return "SERVICE";
    case Target::kBucket: return "BUCKET";
    case Target::kObject: return "OBJECT";
  }
  return "";
}

}  // namespace

Result<const Route*> FindRoute(const http::Request& request, Target target) {
  std::string_view subresource;
  for (const auto& param : request.query.items()) {
    if (IsSubresource(param.name)) {
      subresource = param.name;
      break;
    }
  }
  for (const Route& route : kRoutes) {
    if (route.target != target || route.subresource != subresource || route.method != request.method) continue;
    if (!route.header.empty() && !request.headers.Has(route.header)) continue;
    return &route;
  }
  if (!subresource.empty()) {
    return AwsError("NotImplemented", 501,
                    fmt::format("Sluice does not implement the S3 '{}' API for {} requests.", subresource,
                                request.method));
  }
  return AwsError("MethodNotAllowed", 405, "The specified method is not allowed against this resource.")
      .WithDetail("Method", request.method)
      .WithDetail("ResourceType", std::string(ResourceType(target)));
}

}  // namespace sluice::s3
