// Payload integrity checks: see payload_checks.h.
#include "s3/payload_checks.h"

#include <fmt/format.h>

#include "common/encoding.h"
#include "storage/errors.h"

namespace sluice::s3 {

using storage::ChecksumAlgorithm;

namespace {

// Checksum headers newer S3 defines that Sluice does not compute.
constexpr std::string_view kUnsupportedChecksumHeaders[] = {"x-amz-checksum-sha512", "x-amz-checksum-md5",
                                                            "x-amz-checksum-xxhash64", "x-amz-checksum-xxhash3",
                                                            "x-amz-checksum-xxhash128"};

Status InvalidHeader(std::string_view name) {
  return storage::InvalidRequest(fmt::format("Value for {} header is invalid.", name));
}

Status MalformedTrailer(std::string_view detail) {
  return AwsError("MalformedTrailerError", 400,
                  fmt::format("The request contained trailing data that was not well-formed or did not conform to our "
                              "published schema: {}.",
                              detail));
}

}  // namespace

std::string ChecksumHeaderName(ChecksumAlgorithm algorithm) {
  return "x-amz-checksum-" + AsciiLower(storage::ChecksumAlgorithmName(algorithm));
}

std::optional<std::string> DecodeChecksum(ChecksumAlgorithm algorithm, std::string_view text) {
  auto raw = Base64Decode(TrimSpaces(text));
  if (!raw || raw->size() != storage::ChecksumSize(algorithm)) return std::nullopt;
  return raw;
}

Result<PayloadChecks> ParsePayloadChecks(const http::Request& request) {
  PayloadChecks checks;
  if (auto md5 = request.headers.Get("content-md5")) {
    auto raw = Base64Decode(TrimSpaces(*md5));
    if (!raw || raw->size() != 16) return AwsError("InvalidDigest", 400, "The Content-MD5 you specified was invalid.");
    checks.content_md5 = std::move(*raw);
  }
  for (std::string_view name : kUnsupportedChecksumHeaders) {
    if (request.headers.Has(name)) {
      return AwsError("NotImplemented", 501,
                      fmt::format("Sluice does not support the {} checksum; use CRC32, CRC32C, CRC64NVME, SHA1 or "
                                  "SHA256.",
                                  name.substr(15)))
          .WithDetail("Header", std::string(name));
    }
  }
  int headers_seen = 0;
  for (ChecksumAlgorithm algorithm : storage::kAllChecksumAlgorithms) {
    std::string name = ChecksumHeaderName(algorithm);
    auto value = request.headers.Get(name);
    if (!value) continue;
    if (++headers_seen > 1) {
      return storage::InvalidRequest(
          "Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.");
    }
    auto raw = DecodeChecksum(algorithm, *value);
    if (!raw) return InvalidHeader(name);
    checks.algorithm = algorithm;
    checks.value = std::move(*raw);
  }
  if (auto trailer = request.headers.Get("x-amz-trailer")) {
    std::string name = AsciiLower(TrimSpaces(*trailer));
    if (headers_seen > 0) {
      return storage::InvalidRequest(
          "Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.");
    }
    bool known = false;
    for (ChecksumAlgorithm algorithm : storage::kAllChecksumAlgorithms) {
      if (name == ChecksumHeaderName(algorithm)) {
        checks.algorithm = algorithm;
        known = true;
      }
    }
    if (!known) return InvalidHeader("x-amz-trailer");
    checks.in_trailer = true;
  }
  if (auto sdk = request.headers.Get("x-amz-sdk-checksum-algorithm")) {
    auto algorithm = storage::ParseChecksumAlgorithm(TrimSpaces(*sdk));
    if (!algorithm) return InvalidHeader("x-amz-sdk-checksum-algorithm");
    if (checks.algorithm == ChecksumAlgorithm::kNone) {
      return storage::InvalidRequest(
          "x-amz-sdk-checksum-algorithm specified, but no corresponding x-amz-checksum-* or x-amz-trailer headers "
          "were found.");
    }
    if (*algorithm != checks.algorithm) {
      return storage::InvalidRequest(fmt::format(
          "Value for x-amz-sdk-checksum-algorithm header is invalid: {} does not match the {} checksum sent.",
          storage::ChecksumAlgorithmName(*algorithm), storage::ChecksumAlgorithmName(checks.algorithm)));
    }
  }
  return checks;
}

Status VerifyPayload(const PayloadChecks& checks, const storage::WrittenBytes& written, const http::Request& request) {
  if (checks.content_md5 && *checks.content_md5 != written.digests.md5) {
    return storage::BadDigest("The Content-MD5 you specified did not match what we received.")
        .WithDetail("ExpectedDigest", HexEncode(*checks.content_md5))
        .WithDetail("CalculatedDigest", Base64Encode(written.digests.md5));
  }
  const http::Headers* trailers = request.body->trailers();
  if (!checks.in_trailer && trailers) {
    for (ChecksumAlgorithm algorithm : storage::kAllChecksumAlgorithms) {
      if (trailers->Has(ChecksumHeaderName(algorithm))) {
        return MalformedTrailer(fmt::format("the body carries a {} trailer that no x-amz-trailer header announced",
                                            ChecksumHeaderName(algorithm)));
      }
    }
  }
  if (checks.algorithm == ChecksumAlgorithm::kNone) return Status::Ok();
  std::string expected;
  std::string name = ChecksumHeaderName(checks.algorithm);
  if (checks.in_trailer) {
    std::optional<std::string_view> value = trailers ? trailers->Get(name) : std::nullopt;
    if (!value) return MalformedTrailer(fmt::format("x-amz-trailer names {}, which the body does not carry", name));
    auto raw = DecodeChecksum(checks.algorithm, *value);
    if (!raw) return InvalidHeader(name);
    expected = std::move(*raw);
  } else {
    expected = *checks.value;
  }
  if (expected != written.digests.checksum(checks.algorithm)) {
    return storage::BadDigest(fmt::format("The {} you specified did not match the calculated checksum.",
                                          storage::ChecksumAlgorithmName(checks.algorithm)));
  }
  return Status::Ok();
}

std::string ChecksumText(const storage::ObjectChecksum& checksum) {
  std::string text = Base64Encode(checksum.value);
  if (checksum.type == storage::ChecksumType::kComposite) text += fmt::format("-{}", checksum.parts);
  return text;
}

void AddChecksumHeaders(const storage::ObjectChecksum& checksum, http::Headers& headers) {
  if (!checksum.present() || checksum.value.empty()) return;
  headers.Set(ChecksumHeaderName(checksum.algorithm), ChecksumText(checksum));
  headers.Set("x-amz-checksum-type", storage::ChecksumTypeName(checksum.type));
}

}  // namespace sluice::s3
