// Response building: see responses.h.
#include "s3/responses.h"

#include "common/crypto.h"
#include "common/encoding.h"

namespace sluice::s3 {

http::Response XmlResponse(std::string body, int status) {
  http::Response response;
  response.status = status;
  response.headers.Set("Content-Type", "application/xml");
  response.body = std::move(body);
  return response;
}

http::Response EmptyResponse(int status) {
  http::Response response;
  response.status = status;
  return response;
}

std::string CanonicalUserId(std::string_view account) { return Sha256Hex("sluice-canonical-user:" + std::string(account)); }

void WriteOwner(XmlWriter& xml, std::string_view account, std::string_view element) {
  xml.Open(element);
  xml.Element("ID", CanonicalUserId(account));
  xml.Element("DisplayName", account);
  xml.Close(element);
}

std::string ListingText(std::string_view text, bool url) {
  return url ? UriEncode(text, /*keep_slash=*/true) : std::string(text);
}

}  // namespace sluice::s3
