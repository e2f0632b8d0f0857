// Access control as far as Sluice keeps it: buckets belong to the account that created them and
// only that account may use them; canned ACL headers (x-amz-acl) are validated and accepted,
// and ACL reads report the owner's FULL_CONTROL, which is what S3 shows for a bucket or object
// with the default private ACL.
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"
#include "http/request.h"

namespace sluice::s3 {

// OK when the request carries no x-amz-acl, or one of S3's canned ACL names; InvalidArgument
// otherwise. x-amz-grant-* headers are NotImplemented (Sluice keeps no grants).
Status CheckAclHeaders(const http::Headers& headers);

// The AccessControlPolicy document granting `account` FULL_CONTROL.
std::string OwnerFullControlPolicy(std::string_view account);

// OK when `body` is empty or an AccessControlPolicy that grants nothing but the owner's
// FULL_CONTROL; NotImplemented for any other grant; MalformedXML when unparsable.
Status CheckAccessControlPolicy(std::string_view body, std::string_view account);

}  // namespace sluice::s3
