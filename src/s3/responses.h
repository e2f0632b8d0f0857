// Building S3 responses: XML and empty bodies, the Owner element, and the url encoding of
// listing text (encoding-type=url).
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "http/response.h"
#include "s3/xml_writer.h"

namespace sluice::s3 {

http::Response XmlResponse(std::string body, int status = 200);
http::Response EmptyResponse(int status = 200);

// The canonical user id S3 shows for an account (64 hex characters, stable per account).
std::string CanonicalUserId(std::string_view account);
// <element><ID>...</ID><DisplayName>...</DisplayName></element>
void WriteOwner(XmlWriter& xml, std::string_view account, std::string_view element = "Owner");

// Listing text as sent: percent-encoded (spaces and '+' included, '/' kept) when `url`.
std::string ListingText(std::string_view text, bool url);

}  // namespace sluice::s3
