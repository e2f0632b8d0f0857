// Stored object headers: see object_headers.h.
#include "s3/object_headers.h"

#include <fmt/format.h>

#include "common/clock.h"
#include "common/encoding.h"
#include "storage/errors.h"

namespace sluice::s3 {

namespace {

constexpr size_t kMaxUserMetadataBytes = 2048;

// Request header → stored name. Order is the order headers are replayed in.
constexpr std::pair<std::string_view, std::string_view> kStoredHeaders[] = {
    {"content-type", "Content-Type"},
    {"cache-control", "Cache-Control"},
    {"content-disposition", "Content-Disposition"},
    {"content-encoding", "Content-Encoding"},
    {"content-language", "Content-Language"},
    {"expires", "Expires"},
    {"x-amz-website-redirect-location", "x-amz-website-redirect-location"},
    {"x-amz-storage-class", "x-amz-storage-class"},
};

constexpr std::string_view kStorageClasses[] = {"STANDARD",   "REDUCED_REDUNDANCY", "STANDARD_IA", "ONEZONE_IA",
                                                "INTELLIGENT_TIERING", "GLACIER",   "DEEP_ARCHIVE", "GLACIER_IR",
                                                "OUTPOSTS",   "SNOW",               "EXPRESS_ONEZONE"};

// Content-Encoding without the aws-chunked transfer coding that SDKs add for streaming uploads.
std::string WithoutAwsChunked(std::string_view value) {
  std::string out;
  size_t pos = 0;
  while (pos <= value.size()) {
    size_t comma = value.find(',', pos);
    if (comma == std::string_view::npos) comma = value.size();
    std::string_view item = TrimSpaces(value.substr(pos, comma - pos));
    if (!item.empty() && !EqualsIgnoreCase(item, "aws-chunked")) {
      if (!out.empty()) out += ",";
      out += item;
    }
    pos = comma + 1;
  }
  return out;
}

// Write options Sluice cannot honour are refused rather than ignored: tags, Object Lock (no bucket
// has an Object Lock configuration) and encryption other than S3's default SSE-S3 (AES256).
Status CheckUnsupportedWriteOptions(const http::Headers& headers) {
  if (headers.Has("x-amz-tagging")) {
    return AwsError("NotImplemented", 501, "Sluice does not store object tags yet.").WithDetail("Header", "x-amz-tagging");
  }
  for (std::string_view name : {"x-amz-object-lock-mode", "x-amz-object-lock-retain-until-date",
                                "x-amz-object-lock-legal-hold"}) {
    if (headers.Has(name)) return storage::InvalidRequest("Bucket is missing Object Lock Configuration");
  }
  if (headers.Has("x-amz-server-side-encryption-customer-algorithm")) {
    return AwsError("NotImplemented", 501, "Sluice does not implement server-side encryption with customer keys.")
        .WithDetail("Header", "x-amz-server-side-encryption-customer-algorithm");
  }
  if (auto sse = headers.Get("x-amz-server-side-encryption"); sse && *sse != "AES256") {
    if (sse->starts_with("aws:kms")) {
      return AwsError("NotImplemented", 501, "Sluice does not implement server-side encryption with KMS keys.")
          .WithDetail("Header", "x-amz-server-side-encryption");
    }
    return storage::InvalidArgumentFor("The encryption method specified is not supported",
                                       "x-amz-server-side-encryption", *sse);
  }
  return Status::Ok();
}

}  // namespace

Result<storage::StoredHeaders> StoredHeadersFrom(const http::Headers& headers) {
  RETURN_IF_ERROR(CheckUnsupportedWriteOptions(headers));
  storage::StoredHeaders stored;
  for (const auto& [request_name, stored_name] : kStoredHeaders) {
    auto value = headers.Get(request_name);
    if (!value) continue;
    std::string text(*value);
    if (request_name == "content-encoding") {
      text = WithoutAwsChunked(text);
      if (text.empty()) continue;
    }
    if (request_name == "x-amz-storage-class") {
      bool known = false;
      for (std::string_view storage_class : kStorageClasses) known = known || text == storage_class;
      if (!known) {
        return AwsError("InvalidStorageClass", 400, "The storage class you specified is not valid")
            .WithDetail("StorageClassRequested", text);
      }
      if (text == "STANDARD") continue;
    }
    stored.emplace_back(std::string(stored_name), std::move(text));
  }
  size_t metadata_bytes = 0;
  for (const auto& [name, value] : headers.items()) {
    if (name.size() <= 11 || !EqualsIgnoreCase(std::string_view(name).substr(0, 11), "x-amz-meta-")) continue;
    std::string lower = AsciiLower(name);
    metadata_bytes += lower.size() - 11 + value.size();
    bool merged = false;
    for (auto& [existing, existing_value] : stored) {
      if (existing == lower) {  // repeated fields combine, as HTTP allows
        existing_value += "," + value;
        merged = true;
      }
    }
    if (!merged) stored.emplace_back(std::move(lower), value);
  }
  if (metadata_bytes > kMaxUserMetadataBytes) {
    return AwsError("MetadataTooLarge", 400, "Your metadata headers exceed the maximum allowed metadata size.")
        .WithDetail("Size", std::to_string(metadata_bytes))
        .WithDetail("MaxSizeAllowed", std::to_string(kMaxUserMetadataBytes));
  }
  return stored;
}

std::string QuotedEtag(std::string_view etag) {
  std::string quoted;
  quoted.reserve(etag.size() + 2);
  quoted += '"';
  quoted += etag;
  quoted += '"';
  return quoted;
}

std::string_view StorageClassOf(const storage::StoredHeaders& headers) {
  for (const auto& [name, value] : headers) {
    if (name == "x-amz-storage-class") return value;
  }
  return "STANDARD";
}

void AddObjectHeaders(const storage::ObjectInfo& object, const http::QueryParams* query, http::Headers& out) {
  out.Set("ETag", QuotedEtag(object.etag));
  out.Set("Last-Modified", FormatHttpDate(object.modified_micros));
  out.Set("Accept-Ranges", "bytes");
  bool has_type = false;
  for (const auto& [name, value] : object.headers) {
    if (name == "Content-Type") has_type = true;
    out.Add(name, value);
  }
  if (!has_type) out.Set("Content-Type", "binary/octet-stream");
  if (!query) return;
  static constexpr std::pair<std::string_view, std::string_view> kOverrides[] = {
      {"response-content-type", "Content-Type"},
      {"response-content-language", "Content-Language"},
      {"response-expires", "Expires"},
      {"response-cache-control", "Cache-Control"},
      {"response-content-disposition", "Content-Disposition"},
      {"response-content-encoding", "Content-Encoding"},
  };
  for (const auto& [parameter, header] : kOverrides) {
    if (auto value = query->Get(parameter)) out.Set(header, *value);
  }
}

}  // namespace sluice::s3
