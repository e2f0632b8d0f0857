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

// The fields of one <Contents> (or <Version>, with VersionId "null" and IsLatest) entry.
// `owner_account` adds the <Owner> element when not null.
void WriteObjectFields(XmlWriter& xml, const storage::ObjectInfo& object, bool url, const std::string* owner_account,
                       bool as_version);

// <CommonPrefixes><Prefix>p</Prefix></CommonPrefixes> for each prefix.
void WriteCommonPrefixes(XmlWriter& xml, const std::vector<std::string>& prefixes, bool url);

}  // namespace sluice::s3
