// DeleteObjects: up to 1000 keys in one request (and one transaction), each reported as
// Deleted or as an Error; Quiet mode reports only errors. S3 requires Content-MD5 or an
// x-amz-checksum for this body, and so do we.
#include "s3/ops/operations.h"
#include "s3/payload_checks.h"
#include "s3/request_body.h"
#include "s3/responses.h"
#include "s3/s3_api.h"
#include "s3/xml_reader.h"

namespace sluice::s3::ops {

namespace {
constexpr size_t kMaxKeys = 1000;

struct Failure {
  std::string key;
  std::string version_id;
  std::string code;
  std::string message;
};
}  // namespace

Result<http::Response> DeleteObjects(S3Request& request) {
  ASSIGN_OR_RETURN(PayloadChecks checks, ParsePayloadChecks(request.http));
  if (!checks.content_md5 && checks.algorithm == storage::ChecksumAlgorithm::kNone) {
    return AwsError("InvalidRequest", 400, "Missing required header for this request: Content-Md5");
  }
  ASSIGN_OR_RETURN(std::string body, ReadSmallBody(request.http, request.options.max_xml_body_bytes));
  storage::Digester digester(checks.algorithm);
  digester.Update(body.data(), body.size());
  RETURN_IF_ERROR(VerifyPayload(checks, storage::WrittenBytes{body.size(), digester.Finish()}, request.http));

  ASSIGN_OR_RETURN(XmlDocument document, XmlDocument::Parse(body, "Delete"));
  bool quiet = document.root().ChildText("Quiet").value_or("false") == "true";
  std::vector<XmlElement> objects = document.root().Children("Object");
  if (objects.empty() || objects.size() > kMaxKeys) return MalformedXml();

  std::vector<std::string> keys;
  std::vector<std::string> version_ids;  // as requested, echoed back
  std::vector<Failure> failures;
  for (const XmlElement& object : objects) {
    auto key = object.ChildText("Key");
    if (!key || key->empty()) return MalformedXml();
    std::string version = object.ChildText("VersionId").value_or("");
    if (!version.empty() && version != "null") {
      failures.push_back({*key, version, "NoSuchVersion", "The specified version does not exist."});
      continue;
    }
    Status valid = ValidateObjectKey(*key);
    if (!valid.ok()) {
      failures.push_back({*key, version, valid.aws_code(), valid.message()});
      continue;
    }
    keys.push_back(std::move(*key));
    version_ids.push_back(std::move(version));
  }
  ASSIGN_OR_RETURN(std::vector<storage::DeleteResult> results, request.store.DeleteObjects(request.bucket, keys));

  XmlWriter xml("DeleteResult");
  for (size_t i = 0; i < results.size(); ++i) {
    if (!results[i].status.ok()) {
      failures.push_back({results[i].key, version_ids[i], "InternalError", results[i].status.message()});
      continue;
    }
    if (quiet) continue;
    xml.Open("Deleted");
    xml.Element("Key", results[i].key);
    if (!version_ids[i].empty()) xml.Element("VersionId", version_ids[i]);
    xml.Close("Deleted");
  }
  for (const Failure& failure : failures) {
    xml.Open("Error");
    xml.Element("Key", failure.key);
    if (!failure.version_id.empty()) xml.Element("VersionId", failure.version_id);
    xml.Element("Code", failure.code);
    xml.Element("Message", failure.message);
    xml.Close("Error");
  }
  return XmlResponse(xml.Finish());
}

}  // namespace sluice::s3::ops
