// Access control as far as Sluice keeps it: buckets belong to the account that created them and
// only that account may use them. Every bucket behaves as an S3 bucket with the default object
// ownership "bucket owner enforced" (ACLs disabled): ACLs that leave the owner alone with
// FULL_CONTROL (x-amz-acl private or bucket-owner-full-control, or the equivalent policy
// document) are accepted, any other is refused as S3 refuses it, and ACL reads report the
// owner's FULL_CONTROL.
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"
#include "http/request.h"

namespace sluice::s3 {

enum class AclTarget { kNewBucket, kExisting };

// OK when the request carries no ACL headers or an owner-only canned ACL. Other canned ACLs and
// x-amz-grant-* headers: AccessControlListNotSupported (InvalidBucketAclWithObjectOwnership for
// CreateBucket); an unknown x-amz-acl value: InvalidArgument.
Status CheckAclHeaders(const http::Headers& headers, AclTarget target = AclTarget::kExisting);

// The AccessControlPolicy document granting `account` FULL_CONTROL.
std::string OwnerFullControlPolicy(std::string_view account);

// OK when `body` is empty or an AccessControlPolicy that grants nothing but the owner's
// FULL_CONTROL; AccessControlListNotSupported for any other grant; MalformedXML when unparsable.
Status CheckAccessControlPolicy(std::string_view body, std::string_view account);

}  // namespace sluice::s3
