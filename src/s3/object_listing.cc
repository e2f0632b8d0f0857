// Shared listing parameters and rendering: see object_listing.h.
#include "s3/object_listing.h"

#include "common/clock.h"
#include "s3/object_headers.h"
#include "s3/parameters.h"
#include "s3/responses.h"

namespace sluice::s3 {

Result<ListingParameters> ParseListingParameters(const http::QueryParams& query) {
  ListingParameters parameters;
  parameters.prefix = std::string(query.Get("prefix").value_or(""));
  parameters.delimiter = std::string(query.Get("delimiter").value_or(""));
  ASSIGN_OR_RETURN(parameters.max_keys, IntegerParameter(query, "max-keys", 1000, 0, 1000));
  ASSIGN_OR_RETURN(parameters.url, UrlEncodingRequested(query));
  return parameters;
}

void WriteObjectFields(XmlWriter& xml, const storage::ObjectInfo& object, bool url, const std::string* owner_account,
                       bool as_version) {
  xml.Element("Key", ListingText(object.key, url));
  if (as_version) {
    xml.Element("VersionId", "null");
    xml.Element("IsLatest", true);
  }
  xml.Element("LastModified", FormatIso8601(object.modified_micros));
  xml.Element("ETag", QuotedEtag(object.etag));
  if (object.checksum.present()) {
    xml.Element("ChecksumAlgorithm", storage::ChecksumAlgorithmName(object.checksum.algorithm));
    xml.Element("ChecksumType", storage::ChecksumTypeName(object.checksum.type));
  }
  xml.Element("Size", object.size);
  xml.Element("StorageClass", "STANDARD");
  if (owner_account) WriteOwner(xml, *owner_account);
}

void WriteCommonPrefixes(XmlWriter& xml, const std::vector<std::string>& prefixes, bool url) {
  for (const std::string& prefix : prefixes) {
    xml.Open("CommonPrefixes");
    xml.Element("Prefix", ListingText(prefix, url));
    xml.Close("CommonPrefixes");
  }
}

}  // namespace sluice::s3
