// ListMultipartUploads: uploads in progress by key then initiation time, grouped by delimiter,
// paged with key-marker and upload-id-marker.
#include "common/clock.h"
#include "s3/object_listing.h"
#include "s3/ops/operations.h"
#include "s3/parameters.h"
#include "s3/responses.h"

namespace sluice::s3::ops {

Result<http::Response> ListMultipartUploads(S3Request& request) {
  const http::QueryParams& query = request.http.query;
  std::string prefix(query.Get("prefix").value_or(""));
  std::string delimiter(query.Get("delimiter").value_or(""));
  std::string key_marker(query.Get("key-marker").value_or(""));
  std::string upload_id_marker(query.Get("upload-id-marker").value_or(""));
  ASSIGN_OR_RETURN(int64_t max_uploads, IntegerParameter(query, "max-uploads", 1000, 0, 1000));
  ASSIGN_OR_RETURN(bool url, UrlEncodingRequested(query));
  ASSIGN_OR_RETURN(storage::UploadsPage page,
                   request.store.ListMultipartUploads(request.bucket, prefix, delimiter, key_marker, upload_id_marker,
                                                      static_cast<size_t>(max_uploads)));

  XmlWriter xml("ListMultipartUploadsResult");
  xml.Element("Bucket", request.bucket);
  xml.Element("KeyMarker", ListingText(key_marker, url));
  xml.Element("UploadIdMarker", upload_id_marker);
  xml.Element("NextKeyMarker", ListingText(page.next_key_marker, url));
  xml.Element("NextUploadIdMarker", page.next_upload_id_marker);
  if (!delimiter.empty()) xml.Element("Delimiter", ListingText(delimiter, url));
  xml.Element("Prefix", ListingText(prefix, url));
  xml.Element("MaxUploads", max_uploads);
  xml.Element("IsTruncated", page.truncated);
  if (url) xml.Element("EncodingType", "url");
  for (const storage::UploadInfo& upload : page.uploads) {
    xml.Open("Upload");
    xml.Element("Key", ListingText(upload.key, url));
    xml.Element("UploadId", upload.upload_id);
    WriteOwner(xml, upload.owner_account, "Initiator");
    WriteOwner(xml, upload.owner_account, "Owner");
    xml.Element("StorageClass", "STANDARD");
    xml.Element("Initiated", FormatIso8601(upload.initiated_micros));
    if (upload.checksum_algorithm != storage::ChecksumAlgorithm::kNone) {
      xml.Element("ChecksumAlgorithm", storage::ChecksumAlgorithmName(upload.checksum_algorithm));
      xml.Element("ChecksumType", storage::ChecksumTypeName(upload.checksum_type));
    }
    xml.Close("Upload");
  }
  WriteCommonPrefixes(xml, page.common_prefixes, url);
  return XmlResponse(xml.Finish());
}

}  // namespace sluice::s3::ops
