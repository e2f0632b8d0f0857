// Shared listing parameters and rendering: see object_listing.h.
#include "s3/object_listing.h"

#include "common/clock.h"
#include "s3/object_headers.h"
#include "s3/parameters.h"
#include "s3/responses.h"

namespace sluice::s3 {

namespace {

// ISO 8601 timestamps of a page's entries: objects written in the same second share the
// formatted seconds, so only the milliseconds are written per entry.
class TimestampText {
 public:
  std::string_view Format(int64_t micros) {
    int64_t second = micros / 1000000;
    if (second != second_) {
      second_ = second;
      prefix_ = FormatIso8601(second * 1000000).substr(0, 19);  // "YYYY-MM-DDTHH:MM:SS"
    }
    int millis = static_cast<int>((micros / 1000) % 1000);
    text_ = prefix_;
    text_ += '.';
    text_ += static_cast<char>('0' + millis / 100);
    text_ += static_cast<char>('0' + millis / 10 % 10);
    text_ += static_cast<char>('0' + millis % 10);
    text_ += 'Z';
    return text_;
  }

 private:
  int64_t second_ = -1;
  std::string prefix_;
  std::string text_;
};

// The fields of one <Contents> (or <Version>, with VersionId "null" and IsLatest) entry.
void WriteObjectFields(XmlWriter& xml, const storage::ObjectInfo& object, bool url, const std::string* owner_account,
                       bool as_version, TimestampText& timestamps) {
  xml.Element("Key", ListingText(object.key, url));
  if (as_version) {
    xml.VerbatimElement("VersionId", "null");
    xml.VerbatimElement("IsLatest", "true");
  }
  xml.VerbatimElement("LastModified", timestamps.Format(object.modified_micros));
  xml.Raw("<ETag>&quot;");
  xml.Raw(object.etag);  // hex digits and '-'
  xml.Raw("&quot;</ETag>");
  if (object.checksum.present()) {
    xml.VerbatimElement("ChecksumAlgorithm", storage::ChecksumAlgorithmName(object.checksum.algorithm));
    xml.VerbatimElement("ChecksumType", storage::ChecksumTypeName(object.checksum.type));
  }
  xml.Element("Size", object.size);
  xml.VerbatimElement("StorageClass", "STANDARD");
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
  xml.Reserve(512 + page.objects.size() * (owner_account ? 420 : 260) + page.common_prefixes.size() * 80);
  TimestampText timestamps;
  for (const storage::ObjectInfo& object : page.objects) {
    xml.Open(element);
    WriteObjectFields(xml, object, parameters.url, owner_account, as_version, timestamps);
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
