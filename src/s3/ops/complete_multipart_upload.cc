// CompleteMultipartUpload: assembles the listed parts into the object. The request's XML names
// each part by number and ETag (and checksum); the whole-object checksum may be claimed in an
// x-amz-checksum header and the size in x-amz-mp-object-size; If-Match / If-None-Match make the
// commit conditional.
#include <charconv>

#include <fmt/format.h>

#include "common/encoding.h"
#include "s3/object_headers.h"
#include "s3/ops/operations.h"
#include "s3/payload_checks.h"
#include "s3/preconditions.h"
#include "s3/request_body.h"
#include "s3/responses.h"
#include "s3/xml_reader.h"
#include "storage/errors.h"

namespace sluice::s3::ops {

namespace {

// The whole-object checksum the client claims: one x-amz-checksum-<algorithm> header whose
// value may end in "-<parts>" for COMPOSITE checksums.
Result<std::optional<std::string>> ClaimedChecksum(const http::Headers& headers, const storage::UploadInfo& upload) {
  for (storage::ChecksumAlgorithm algorithm : storage::kAllChecksumAlgorithms) {
    auto value = headers.Get(ChecksumHeaderName(algorithm));
    if (!value) continue;
    if (algorithm != upload.checksum_algorithm) {
      return storage::InvalidRequest(fmt::format(
          "The upload was created using the {} checksum algorithm; the {} header does not match it.",
          upload.checksum_algorithm == storage::ChecksumAlgorithm::kNone
              ? std::string("(no)")
              : std::string(storage::ChecksumAlgorithmName(upload.checksum_algorithm)),
          ChecksumHeaderName(algorithm)));
    }
    std::string_view text = *value;
    size_t dash = text.rfind('-');
    if (dash != std::string_view::npos) text = text.substr(0, dash);
    auto raw = DecodeChecksum(algorithm, text);
    if (!raw) return storage::InvalidRequest(fmt::format("Value for {} header is invalid.", ChecksumHeaderName(algorithm)));
    return std::optional<std::string>(std::move(*raw));
  }
  return std::optional<std::string>();
}

std::string ObjectLocation(const S3Request& request) {
  std::string host(request.http.headers.GetOr("host", "localhost"));
  std::string key = UriEncode(request.key, /*keep_slash=*/true);
  if (request.virtual_host) return fmt::format("http://{}/{}", host, key);
  return fmt::format("http://{}/{}/{}", host, request.bucket, key);
}

}  // namespace

Result<http::Response> CompleteMultipartUpload(S3Request& request) {
  const http::Headers& headers = request.http.headers;
  std::string upload_id(request.http.query.Get("uploadId").value_or(""));
  ASSIGN_OR_RETURN(storage::UploadInfo upload, request.store.GetMultipartUpload(request.bucket, request.key, upload_id));
  storage::CompleteOptions options;
  ASSIGN_OR_RETURN(options.conditions, ParseWriteConditions(headers));
  ASSIGN_OR_RETURN(options.expected_checksum, ClaimedChecksum(headers, upload));
  if (auto type = headers.Get("x-amz-checksum-type")) {
    auto parsed = storage::ParseChecksumType(*type);
    if (!parsed || upload.checksum_algorithm == storage::ChecksumAlgorithm::kNone || *parsed != upload.checksum_type) {
      return storage::InvalidRequest(fmt::format("The x-amz-checksum-type header value {} does not match the upload's "
                                                 "checksum type.",
                                                 *type));
    }
  }
  if (auto size = headers.Get("x-amz-mp-object-size")) {
    uint64_t value = 0;
    auto [end, error] = std::from_chars(size->data(), size->data() + size->size(), value);
    if (size->empty() || error != std::errc() || end != size->data() + size->size()) {
      return storage::InvalidArgumentFor("x-amz-mp-object-size must be a non-negative integer", "x-amz-mp-object-size",
                                         *size);
    }
    options.expected_size = value;
  }

  ASSIGN_OR_RETURN(std::string body, ReadSmallBody(request.http, request.options.max_xml_body_bytes));
  ASSIGN_OR_RETURN(XmlDocument document, XmlDocument::Parse(body, "CompleteMultipartUpload"));
  std::vector<storage::CompletedPart> parts;
  std::string checksum_element =
      upload.checksum_algorithm == storage::ChecksumAlgorithm::kNone
          ? std::string()
          : "Checksum" + std::string(storage::ChecksumAlgorithmName(upload.checksum_algorithm));
  for (const XmlElement& element : document.root().Children("Part")) {
    storage::CompletedPart part;
    std::string number = element.ChildText("PartNumber").value_or("");
    auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), part.part_number);
    if (number.empty() || error != std::errc() || end != number.data() + number.size()) return MalformedXml();
    std::string etag(TrimSpaces(element.ChildText("ETag").value_or("")));
    if (etag.size() >= 2 && etag.front() == '"' && etag.back() == '"') etag = etag.substr(1, etag.size() - 2);
    if (etag.empty()) return MalformedXml();
    part.etag = etag;
    if (!checksum_element.empty()) {
      if (auto text = element.ChildText(checksum_element)) {
        auto raw = DecodeChecksum(upload.checksum_algorithm, *text);
        if (!raw) return storage::InvalidRequest(fmt::format("Value for {} of part {} is invalid.", checksum_element, part.part_number));
        part.checksum = std::move(*raw);
      } else if (upload.checksum_type == storage::ChecksumType::kComposite) {
        return storage::InvalidRequest(fmt::format(
            "The upload was created using a {} checksum. The complete request must include the checksum for each "
            "part. It was missing for part {} in the request.",
            AsciiLower(storage::ChecksumAlgorithmName(upload.checksum_algorithm)), part.part_number));
      }
    }
    parts.push_back(std::move(part));
  }
  if (parts.size() > static_cast<size_t>(storage::kMaxPartNumber)) return MalformedXml();

  ASSIGN_OR_RETURN(storage::ObjectInfo object,
                   request.store.CompleteMultipartUpload(request.bucket, request.key, upload_id, parts, options));
  XmlWriter xml("CompleteMultipartUploadResult");
  xml.Element("Location", ObjectLocation(request));
  xml.Element("Bucket", request.bucket);
  xml.Element("Key", request.key);
  xml.Element("ETag", QuotedEtag(object.etag));
  // An upload created without a checksum algorithm still gets S3's default full-object CRC64NVME.
  if (object.checksum.present()) {
    xml.Element("Checksum" + std::string(storage::ChecksumAlgorithmName(object.checksum.algorithm)),
                ChecksumText(object.checksum));
    xml.Element("ChecksumType", storage::ChecksumTypeName(object.checksum.type));
  }
  return XmlResponse(xml.Finish());
}

}  // namespace sluice::s3::ops
