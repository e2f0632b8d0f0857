// ListObjectVersions: buckets are unversioned, so every object is its own only version, with
// VersionId "null" and IsLatest true, and there are no delete markers — what S3 answers for a
// bucket that never had versioning. Tools that empty buckets through this call work unchanged.
#include "s3/object_listing.h"
#include "s3/ops/operations.h"
#include "s3/parameters.h"
#include "s3/responses.h"

namespace sluice::s3::ops {

Result<http::Response> ListObjectVersions(S3Request& request) {
  const http::QueryParams& query = request.http.query;
  ASSIGN_OR_RETURN(ListingParameters parameters, ParseListingParameters(query));
  std::string key_marker(query.Get("key-marker").value_or(""));
  std::string version_marker(query.Get("version-id-marker").value_or(""));
  if (!version_marker.empty() && key_marker.empty()) {
    return AwsError("InvalidArgument", 400, "A version-id marker cannot be specified without a key marker.")
        .WithDetail("ArgumentName", "version-id-marker")
        .WithDetail("ArgumentValue", version_marker);
  }
  RETURN_IF_ERROR(CheckUnversioned(version_marker.empty() ? std::nullopt : std::optional<std::string_view>(version_marker)));
  ASSIGN_OR_RETURN(storage::ListPage page, FetchListPage(request, parameters, key_marker));

  XmlWriter xml("ListVersionsResult");
  xml.Element("Name", request.bucket);
  xml.Element("Prefix", ListingText(parameters.prefix, parameters.url));
  xml.Element("KeyMarker", ListingText(key_marker, parameters.url));
  xml.Element("VersionIdMarker", version_marker);
  if (page.truncated) {
    xml.Element("NextKeyMarker", ListingText(page.last, parameters.url));
    xml.Element("NextVersionIdMarker", "null");
  }
  WriteListingSettings(xml, parameters, page.truncated);
  WritePageEntries(xml, page, parameters, "Version", &request.account());
  return XmlResponse(xml.Finish());
}

}  // namespace sluice::s3::ops
