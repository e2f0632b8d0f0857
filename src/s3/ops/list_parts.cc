// ListParts: the parts uploaded so far, after part-number-marker, at most max-parts.
#include "common/clock.h"
#include "common/encoding.h"
#include "s3/object_headers.h"
#include "s3/ops/operations.h"
#include "s3/parameters.h"
#include "s3/responses.h"

namespace sluice::s3::ops {

Result<http::Response> ListParts(S3Request& request) {
  const http::QueryParams& query = request.http.query;
  std::string upload_id(query.Get("uploadId").value_or(""));
  ASSIGN_OR_RETURN(int64_t max_parts, IntegerParameter(query, "max-parts", 1000, 0, 1000));
  ASSIGN_OR_RETURN(int64_t marker, IntegerParameter(query, "part-number-marker", 0, 0, storage::kMaxPartNumber));
  ASSIGN_OR_RETURN(storage::UploadInfo upload, request.store.GetMultipartUpload(request.bucket, request.key, upload_id));
  ASSIGN_OR_RETURN(storage::PartsPage page, request.store.ListParts(request.bucket, request.key, upload_id,
                                                                    static_cast<int>(marker), static_cast<int>(max_parts)));
  bool has_checksum = upload.checksum_algorithm != storage::ChecksumAlgorithm::kNone;
  std::string checksum_element = "Checksum" + std::string(storage::ChecksumAlgorithmName(upload.checksum_algorithm));

  XmlWriter xml("ListPartsResult");
  xml.Element("Bucket", request.bucket);
  xml.Element("Key", request.key);
  xml.Element("UploadId", upload_id);
  WriteOwner(xml, upload.owner_account, "Initiator");
  WriteOwner(xml, upload.owner_account, "Owner");
  xml.Element("StorageClass", "STANDARD");
  xml.Element("PartNumberMarker", marker);
  xml.Element("NextPartNumberMarker", static_cast<int64_t>(page.next_marker));
  xml.Element("MaxParts", max_parts);
  xml.Element("IsTruncated", page.truncated);
  if (has_checksum) {
    xml.Element("ChecksumAlgorithm", storage::ChecksumAlgorithmName(upload.checksum_algorithm));
    xml.Element("ChecksumType", storage::ChecksumTypeName(upload.checksum_type));
  }
  for (const storage::PartInfo& part : page.parts) {
    xml.Open("Part");
    xml.Element("PartNumber", static_cast<int64_t>(part.part_number));
    xml.Element("LastModified", FormatIso8601(part.modified_micros));
    xml.Element("ETag", QuotedEtag(part.etag));
    xml.Element("Size", part.size);
    if (has_checksum) xml.Element(checksum_element, Base64Encode(part.checksum));
    xml.Close("Part");
  }
  return XmlResponse(xml.Finish());
}

}  // namespace sluice::s3::ops
