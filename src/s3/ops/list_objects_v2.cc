// ListObjectsV2: keys after start-after or an opaque continuation token, KeyCount, Owner only
// with fetch-owner=true.
#include "common/encoding.h"
#include "s3/object_listing.h"
#include "s3/ops/operations.h"
#include "s3/responses.h"
#include "storage/errors.h"

namespace sluice::s3::ops {

namespace {

// Continuation tokens are opaque to clients: "1" (a format version) plus the position, base64.
std::string EncodeToken(std::string_view position) { return Base64Encode("1" + std::string(position)); }

Result<std::string> DecodeToken(std::string_view token) {
  auto decoded = Base64Decode(token);
  if (!decoded || decoded->empty() || (*decoded)[0] != '1') {
    return storage::InvalidArgumentFor("The continuation token provided is incorrect", "continuation-token", token);
  }
  return decoded->substr(1);
}

}  // namespace

Result<http::Response> ListObjectsV2(S3Request& request) {
  const http::QueryParams& query = request.http.query;
  if (query.Get("list-type").value_or("") != "2") {
    return storage::InvalidArgumentFor("Invalid List Type specified in Request", "list-type",
                                       query.Get("list-type").value_or(""));
  }
  ASSIGN_OR_RETURN(ListingParameters parameters, ParseListingParameters(query));
  std::string start_after(query.Get("start-after").value_or(""));
  auto token = query.Get("continuation-token");
  std::string position = start_after;
  if (token) {
    if (token->empty()) {
      return storage::InvalidArgumentFor("The continuation token provided is incorrect", "continuation-token", "");
    }
    ASSIGN_OR_RETURN(position, DecodeToken(*token));
  }
  bool fetch_owner = query.Get("fetch-owner").value_or("false") == "true";
  ASSIGN_OR_RETURN(storage::ListPage page, FetchListPage(request, parameters, position));

  XmlWriter xml("ListBucketResult");
  xml.Element("Name", request.bucket);
  xml.Element("Prefix", ListingText(parameters.prefix, parameters.url));
  WriteListingSettings(xml, parameters, page.truncated);
  xml.Element("KeyCount", static_cast<uint64_t>(page.objects.size() + page.common_prefixes.size()));
  if (token) xml.Element("ContinuationToken", *token);
  if (page.truncated) xml.Element("NextContinuationToken", EncodeToken(page.last));
  if (query.Has("start-after")) xml.Element("StartAfter", ListingText(start_after, parameters.url));
  WritePageEntries(xml, page, parameters, "Contents", fetch_owner ? &request.account() : nullptr);
  return XmlResponse(xml.Finish());
}

}  // namespace sluice::s3::ops
