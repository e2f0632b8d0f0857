// ListObjects (version 1): keys after `marker`, with Owner on every entry and NextMarker when a
// truncated page was grouped by a delimiter.
#include "s3/object_listing.h"
#include "s3/ops/operations.h"
#include "s3/responses.h"

namespace sluice::s3::ops {

Result<http::Response> ListObjects(S3Request& request) {
  const http::QueryParams& query = request.http.query;
  ASSIGN_OR_RETURN(ListingParameters parameters, ParseListingParameters(query));
  std::string marker(query.Get("marker").value_or(""));
  storage::ListOptions options{parameters.prefix, parameters.delimiter, marker, static_cast<size_t>(parameters.max_keys)};
  ASSIGN_OR_RETURN(storage::ListPage page, request.store.ListObjects(request.bucket, options));

  XmlWriter xml("ListBucketResult");
  xml.Element("Name", request.bucket);
  xml.Element("Prefix", ListingText(parameters.prefix, parameters.url));
  xml.Element("Marker", ListingText(marker, parameters.url));
  if (page.truncated && !parameters.delimiter.empty()) xml.Element("NextMarker", ListingText(page.last, parameters.url));
  xml.Element("MaxKeys", parameters.max_keys);
  if (!parameters.delimiter.empty()) xml.Element("Delimiter", ListingText(parameters.delimiter, parameters.url));
  xml.Element("IsTruncated", page.truncated);
  if (parameters.url) xml.Element("EncodingType", "url");
  const std::string& owner = request.account();
  for (const storage::ObjectInfo& object : page.objects) {
    xml.Open("Contents");
    WriteObjectFields(xml, object, parameters.url, &owner, /*as_version=*/false);
    xml.Close("Contents");
  }
  WriteCommonPrefixes(xml, page.common_prefixes, parameters.url);
  return XmlResponse(xml.Finish());
}

}  // namespace sluice::s3::ops
