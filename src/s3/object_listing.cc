// Shared listing parameters and rendering: see object_listing.h.
#include "s3/object_listing.h"

#include "common/clock.h"
#include "s3/object_headers.h"
#include "s3/parameters.h"
#include "s3/responses.h"

namespace sluice::s3 {

namespace {

// The fields of one <Contents> (or <Version>, with VersionId "null" and IsLatest) entry.
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

}  // namespace

Result<ListingParameters> ParseListingParameters(const http::QueryParams& query) {
  ListingParameters parameters;
  parameters.prefix = std::string(query.Get("prefix").value_or(""));
  parameters.delimiter = std::string(query.Get("delimiter").value_or(""));
  ASSIGN_OR_RETURN(parameters.max_keys, IntegerParameter(query, "max-keys", 1000, 0, 1000));
  ASSIGN_OR_RETURN(parameters.url, UrlEncodingRequested(query));
  return parameters;
}

Result<storage::ListPage> FetchListPage(S3Request& request, const ListingParameters& parameters,
                                        std::string_view start_after) {
  storage::ListOptions options{parameters.prefix, parameters.delimiter, std::string(start_after),
                               static_cast<size_t>(parameters.max_keys)};
  return request.store.ListObjects(request.bucket, options);
}

void WriteListingSettings(XmlWriter& xml, const ListingParameters& parameters, bool truncated) {
  xml.Element("MaxKeys", parameters.max_keys);
  if (!parameters.delimiter.empty()) xml.Element("Delimiter", ListingText(parameters.delimiter, parameters.url));
  xml.Element("IsTruncated", truncated);
  if (parameters.url) xml.Element("EncodingType", "url");
}

void WritePageEntries(XmlWriter& xml, const storage::ListPage& page, const ListingParameters& parameters,
                      std::string_view element, const std::string* owner_account) {
  bool as_version = element == "Version";
  for (const storage::ObjectInfo& object : page.objects) {
    xml.Open(element);
    WriteObjectFields(xml, object, parameters.url, owner_account, as_version);
    xml.Close(element);
  }
  WriteCommonPrefixes(xml, page.common_prefixes, parameters.url);
}

void WriteCommonPrefixes(XmlWriter& xml, const std::vector<std::string>& prefixes, bool url) {
  for (const std::string& prefix : prefixes) {
    xml.Open("CommonPrefixes");
    xml.Element("Prefix", ListingText(prefix, url));
    xml.Close("CommonPrefixes");
  }
}

}  // namespace sluice::s3
