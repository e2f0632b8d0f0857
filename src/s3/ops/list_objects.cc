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
  ASSIGN_OR_RETURN(storage::ListPage page, FetchListPage(request, parameters, marker));

  XmlWriter xml("ListBucketResult");
  xml.Element("Name", request.bucket);
  xml.Element("Prefix", ListingText(parameters.prefix, parameters.url));
  xml.Element("Marker", ListingText(marker, parameters.url));
  if (page.truncated && !parameters.delimiter.empty()) xml.Element("NextMarker", ListingText(page.last, parameters.url));
  WriteListingSettings(xml, parameters, page.truncated);
  WritePageEntries(xml, page, parameters, "Contents", &request.account());
  return XmlResponse(xml.Finish());
}

}  // namespace sluice::s3::ops
