// What ListObjects, ListObjectsV2 and ListObjectVersions share: their common query parameters
// (prefix, delimiter, max-keys, encoding-type) and the rendering of object entries and
// CommonPrefixes.
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <vector>

#include "common/status.h"
#include "http/request.h"
#include "s3/s3_request.h"
#include "s3/xml_writer.h"
#include "storage/object_store.h"

namespace sluice::s3 {

struct ListingParameters {
  std::string prefix;
  std::string delimiter;
  int64_t max_keys = 1000;
  bool url = false;  // encoding-type=url
};

Result<ListingParameters> ParseListingParameters(const http::QueryParams& query);

// The page after `start_after` that `parameters` describe.
Result<storage::ListPage> FetchListPage(S3Request& request, const ListingParameters& parameters,
                                        std::string_view start_after);

// MaxKeys, Delimiter (when given), IsTruncated and EncodingType (when url): the settings every
// listing echoes.
void WriteListingSettings(XmlWriter& xml, const ListingParameters& parameters, bool truncated);

// One <element> per object of the page (with <Owner> when `owner_account` is not null), then
// its CommonPrefixes. Versions (element "Version") carry VersionId "null" and IsLatest.
void WritePageEntries(XmlWriter& xml, const storage::ListPage& page, const ListingParameters& parameters,
                      std::string_view element, const std::string* owner_account);

// <CommonPrefixes><Prefix>p</Prefix></CommonPrefixes> for each prefix.
void WriteCommonPrefixes(XmlWriter& xml, const std::vector<std::string>& prefixes, bool url);

}  // namespace sluice::s3
