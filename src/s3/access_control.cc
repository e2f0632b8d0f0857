// Access control: see access_control.h.
#include "s3/access_control.h"

#include <span>

#include "s3/responses.h"
#include "s3/xml_reader.h"
#include "s3/xml_writer.h"
#include "storage/errors.h"

namespace sluice::s3 {

namespace {

constexpr std::string_view kCannedAcls[] = {"private",           "public-read",        "public-read-write",
                                            "aws-exec-read",     "authenticated-read", "bucket-owner-read",
                                            "bucket-owner-full-control", "log-delivery-write"};
// The canned ACLs that leave the owner with FULL_CONTROL and nobody else with anything: all a
// bucket with S3's default "bucket owner enforced" object ownership accepts.
constexpr std::string_view kOwnerOnlyAcls[] = {"private", "bucket-owner-full-control"};
constexpr std::string_view kGrantHeaders[] = {"x-amz-grant-read", "x-amz-grant-write", "x-amz-grant-read-acp",
                                              "x-amz-grant-write-acp", "x-amz-grant-full-control"};

bool OneOf(std::string_view value, std::span<const std::string_view> names) {
  for (std::string_view name : names) {
    if (value == name) return true;
  }
  return false;
}

Status AclsDisabled(AclTarget target) {
  if (target == AclTarget::kNewBucket) {
    return AwsError("InvalidBucketAclWithObjectOwnership", 400,
                    "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting");
  }
  return AwsError("AccessControlListNotSupported", 400, "The bucket does not allow ACLs");
}

}  // namespace

Status CheckAclHeaders(const http::Headers& headers, AclTarget target) {
  for (std::string_view grant : kGrantHeaders) {
    if (headers.Has(grant)) return AclsDisabled(target);
  }
  auto acl = headers.Get("x-amz-acl");
  if (!acl || OneOf(*acl, kOwnerOnlyAcls)) return Status::Ok();
  if (OneOf(*acl, kCannedAcls)) return AclsDisabled(target);
  return storage::InvalidArgumentFor("", "x-amz-acl", *acl);
}

std::string OwnerFullControlPolicy(std::string_view account) {
  XmlWriter xml("AccessControlPolicy");
  WriteOwner(xml, account);
  xml.Open("AccessControlList");
  xml.Open("Grant");
  xml.Raw("<Grantee xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:type=\"CanonicalUser\">");
  xml.Element("ID", CanonicalUserId(account));
  xml.Element("DisplayName", account);
  xml.Close("Grantee");
  xml.Element("Permission", "FULL_CONTROL");
  xml.Close("Grant");
  xml.Close("AccessControlList");
  return xml.Finish();
}

Status CheckAccessControlPolicy(std::string_view body, std::string_view account) {
  if (body.empty()) return Status::Ok();
  ASSIGN_OR_RETURN(XmlDocument document, XmlDocument::Parse(body, "AccessControlPolicy"));
  std::string owner = CanonicalUserId(account);
  for (const XmlElement& grant : document.root().Child("AccessControlList").Children("Grant")) {
    XmlElement grantee = grant.Child("Grantee");
    if (grantee.ChildText("ID").value_or("") != owner || grant.ChildText("Permission").value_or("") != "FULL_CONTROL") {
      return AclsDisabled(AclTarget::kExisting);
    }
  }
  return Status::Ok();
}

}  // namespace sluice::s3
