// SigV4 verification against vectors from AWS's specification (the S3 examples of the
// Authorization header, presigned URL and chunked upload signatures), plus the failure modes.
#include <gtest/gtest.h>

#include <map>

#include "common/clock.h"
#include "common/crypto.h"
#include "http/sigv4/payload.h"
#include "http/sigv4/signing.h"
#include "http/sigv4/verifier.h"

namespace sluice::http::sigv4 {
namespace {

constexpr char kAccessKey[] = "AKIAIOSFODNN7EXAMPLE";
constexpr char kSecret[] = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

class TestKeys final : public CredentialStore {
 public:
  std::optional<Credential> Find(std::string_view id) const override {
    if (id != kAccessKey) return std::nullopt;
    return Credential{kAccessKey, kSecret, "000000000000", "root"};
  }
};

class FixedClock final : public Clock {
 public:
  explicit FixedClock(int64_t micros) : micros_(micros) {}
  int64_t NowMicros() const override { return micros_; }

 private:
  int64_t micros_;
};

const int64_t kExampleTime = *ParseAmzDate("20130524T000000Z");

Request MakeRequest(std::string method, std::string target, std::vector<std::pair<std::string, std::string>> headers) {
  Request request;
  request.method = std::move(method);
  request.target = target;
  size_t q = target.find('?');
  request.raw_path = target.substr(0, q);
  if (q != std::string::npos) request.raw_query = target.substr(q + 1);
  request.query = *QueryParams::Parse(request.raw_query);
  for (auto& [name, value] : headers) request.headers.Add(name, value);
  return request;
}

// AWS's "GET Object" example: Range header, empty payload.
Request GetObjectExample(std::string signature) {
  return MakeRequest(
      "GET", "/test.txt",
      {{"Host", "examplebucket.s3.amazonaws.com"},
       {"Range", "bytes=0-9"},
       {"x-amz-content-sha256", std::string(kEmptySha256)},
       {"x-amz-date", "20130524T000000Z"},
       {"Authorization",
        "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
        "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,Signature=" + signature}});
}

TEST(SigV4Test, HeaderFormMatchesTheSpecificationExample) {
  TestKeys keys;
  FixedClock clock(kExampleTime);
  Verifier verifier(&keys, &clock, {});
  auto verified = verifier.Verify(GetObjectExample("f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"),
                                  Protocol::kS3, "s3", "");
  ASSERT_TRUE(verified.ok()) << verified.status().ToString();
  EXPECT_EQ(verified->credential.access_key_id, kAccessKey);
  EXPECT_EQ(verified->region, "us-east-1");
  EXPECT_EQ(verified->payload_hash, kEmptySha256);
}

TEST(SigV4Test, WrongSignatureIsSignatureDoesNotMatch) {
  TestKeys keys;
  FixedClock clock(kExampleTime);
  Verifier verifier(&keys, &clock, {});
  auto verified = verifier.Verify(GetObjectExample("0000bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"),
                                  Protocol::kS3, "s3", "");
  ASSERT_FALSE(verified.ok());
  EXPECT_EQ(verified.status().aws_code(), "SignatureDoesNotMatch");
  EXPECT_EQ(verified.status().http_status(), 403);
  auto json = verifier.Verify(GetObjectExample("0000bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"),
                              Protocol::kJson, "s3", "");
  EXPECT_EQ(json.status().aws_code(), "InvalidSignatureException");
  EXPECT_EQ(json.status().http_status(), 400);
}

TEST(SigV4Test, SkewedClockIsRequestTimeTooSkewed) {
  TestKeys keys;
  FixedClock clock(kExampleTime + int64_t{16} * 60 * 1000000);
  Verifier verifier(&keys, &clock, {});
  auto verified = verifier.Verify(GetObjectExample("f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"),
                                  Protocol::kS3, "s3", "");
  EXPECT_EQ(verified.status().aws_code(), "RequestTimeTooSkewed");
  EXPECT_EQ(verified.status().http_status(), 403);
  FixedClock within(kExampleTime + int64_t{14} * 60 * 1000000);
  Verifier lenient(&keys, &within, {});
  EXPECT_TRUE(lenient.Verify(GetObjectExample("f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"),
                             Protocol::kS3, "s3", "")
                  .ok());
}

TEST(SigV4Test, UnknownKeyAndMissingAuthentication) {
  TestKeys keys;
  FixedClock clock(kExampleTime);
  Verifier verifier(&keys, &clock, {});
  Request request = GetObjectExample("f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
  request.headers.Set("Authorization",
                      "AWS4-HMAC-SHA256 Credential=AKIDUNKNOWN/20130524/us-east-1/s3/aws4_request,"
                      "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,Signature=00");
  EXPECT_EQ(verifier.Verify(request, Protocol::kS3, "s3", "").status().aws_code(), "InvalidAccessKeyId");
  EXPECT_EQ(verifier.Verify(request, Protocol::kJson, "s3", "").status().aws_code(), "UnrecognizedClientException");
  request.headers.Remove("Authorization");
  EXPECT_EQ(verifier.Verify(request, Protocol::kS3, "s3", "").status().aws_code(), "AccessDenied");
  EXPECT_EQ(verifier.Verify(request, Protocol::kJson, "s3", "").status().aws_code(),
            "MissingAuthenticationTokenException");
}

TEST(SigV4Test, WrongServiceInScopeIsRefused) {
  TestKeys keys;
  FixedClock clock(kExampleTime);
  Verifier verifier(&keys, &clock, {});
  auto verified = verifier.Verify(GetObjectExample("f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"),
                                  Protocol::kJson, "glue", "");
  EXPECT_EQ(verified.status().aws_code(), "InvalidSignatureException");
}

TEST(SigV4Test, PresignedUrlMatchesTheSpecificationExampleAndExpires) {
  TestKeys keys;
  const std::string target =
      "/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2F"
      "aws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host&X-Amz-Signature="
      "aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404";
  Request request = MakeRequest("GET", target, {{"Host", "examplebucket.s3.amazonaws.com"}});
  FixedClock hour_later(kExampleTime + int64_t{3600} * 1000000);
  auto verified = Verifier(&keys, &hour_later, {}).Verify(request, Protocol::kS3, "s3", "");
  ASSERT_TRUE(verified.ok()) << verified.status().ToString();
  EXPECT_TRUE(verified->presigned);
  EXPECT_EQ(verified->payload_hash, kUnsignedPayload);

  FixedClock two_days_later(kExampleTime + int64_t{2} * 86400 * 1000000);
  auto expired = Verifier(&keys, &two_days_later, {}).Verify(request, Protocol::kS3, "s3", "");
  EXPECT_EQ(expired.status().aws_code(), "AccessDenied");
  EXPECT_EQ(expired.status().message(), "Request has expired");
}

TEST(SigV4Test, PresignQueryIsAcceptedByTheVerifier) {
  TestKeys keys;
  FixedClock clock(kExampleTime);
  SigningCredentials credentials{kAccessKey, kSecret, "us-east-1"};
  std::string query = PresignQuery("PUT", "localhost:4566", "/bucket/a%20b%2Bc", "", credentials, "s3", kExampleTime, 60);
  Request request = MakeRequest("PUT", "/bucket/a%20b%2Bc?" + query, {{"Host", "localhost:4566"}});
  auto verified = Verifier(&keys, &clock, {}).Verify(request, Protocol::kS3, "s3", "");
  EXPECT_TRUE(verified.ok()) << verified.status().ToString();
}

TEST(SigV4Test, SignHeadersRoundTripsThroughTheVerifierForJson) {
  TestKeys keys;
  FixedClock clock(kExampleTime);
  SigningCredentials credentials{kAccessKey, kSecret, "eu-west-1"};
  std::string body = R"({"Name":"db"})";
  std::vector<std::pair<std::string, std::string>> headers = {
      {"Host", "127.0.0.1:4566"}, {"X-Amz-Target", "AWSGlue.GetDatabase"},
      {"Content-Type", "application/x-amz-json-1.1"}};
  SignHeaders("POST", "/", "", headers, Sha256Hex(body), credentials, "glue", kExampleTime);
  Request request = MakeRequest("POST", "/", headers);
  auto verified = Verifier(&keys, &clock, {}).Verify(request, Protocol::kJson, "glue", Sha256Hex(body));
  ASSERT_TRUE(verified.ok()) << verified.status().ToString();
  EXPECT_EQ(verified->region, "eu-west-1");
  // A changed body no longer verifies.
  EXPECT_FALSE(Verifier(&keys, &clock, {}).Verify(request, Protocol::kJson, "glue", Sha256Hex("{}")).ok());
}

TEST(SigV4Test, CanonicalUriKeepsEncodedSlashesForS3) {
  EXPECT_EQ(CanonicalUri("/bucket/a%2Fb", true), "/bucket/a%2Fb");
  EXPECT_EQ(CanonicalUri("/bucket/a b", true), "/bucket/a%20b");
  EXPECT_EQ(CanonicalUri("/bucket/%7euser", true), "/bucket/~user");
  EXPECT_EQ(CanonicalUri("/a/./b/../c", false), "/a/c");
  EXPECT_EQ(CanonicalQuery("b=2&a=1&X-Amz-Signature=x&c", "X-Amz-Signature"), "a=1&b=2&c=");
}

// The chunked upload example: 66560 bytes of 'a' in chunks of 65536 and 1024.
std::string ChunkedBody(bool corrupt_last) {
  std::string body;
  auto chunk = [&](size_t size, const char* signature) {
    char header[128];
    std::snprintf(header, sizeof(header), "%zx;chunk-signature=%s\r\n", size, signature);
    body += header;
    body += std::string(size, 'a');
    body += "\r\n";
  };
  chunk(65536, "ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648");
  chunk(1024, "0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497");
  chunk(0, corrupt_last ? "b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df0"
                        : "b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9");
  return body;
}

ChunkSigning ExampleSigning() {
  return {SigningKey(kSecret, "20130524", "us-east-1", "s3"), "20130524T000000Z",
          "20130524/us-east-1/s3/aws4_request", "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9"};
}

Result<std::string> DrainBody(BodyReader& reader, size_t step) {
  std::string out;
  std::vector<char> buffer(step);
  for (;;) {
    ASSIGN_OR_RETURN(size_t n, reader.Read(buffer.data(), buffer.size()));
    if (n == 0) return out;
    out.append(buffer.data(), n);
  }
}

TEST(AwsChunkedTest, DecodesAndVerifiesTheSpecificationExample) {
  for (size_t step : {size_t{7}, size_t{4096}, size_t{1} << 20}) {
    StringBodyReader inner(ChunkedBody(false));
    AwsChunkedReader reader(&inner, ExampleSigning(), 66560);
    auto body = DrainBody(reader, step);
    ASSERT_TRUE(body.ok()) << body.status().ToString();
    EXPECT_EQ(*body, std::string(66560, 'a'));
  }
}

TEST(AwsChunkedTest, BadFinalChunkSignatureFails) {
  StringBodyReader inner(ChunkedBody(true));
  AwsChunkedReader reader(&inner, ExampleSigning(), 66560);
  auto body = DrainBody(reader, 65536);
  ASSERT_FALSE(body.ok());
  EXPECT_EQ(body.status().aws_code(), "SignatureDoesNotMatch");
}

TEST(AwsChunkedTest, UnsignedTrailerIsParsed) {
  StringBodyReader inner("5\r\nhello\r\n0\r\nx-amz-checksum-crc32:NhCmhg==\r\n\r\n");
  AwsChunkedReader reader(&inner, std::nullopt, 5);
  auto body = DrainBody(reader, 3);
  ASSERT_TRUE(body.ok()) << body.status().ToString();
  EXPECT_EQ(*body, "hello");
  EXPECT_EQ(reader.trailers()->GetOr("x-amz-checksum-crc32", ""), "NhCmhg==");
}

TEST(AwsChunkedTest, TruncatedAndLyingBodiesFail) {
  for (const char* body : {"5\r\nhel", "zz\r\nhello\r\n0\r\n\r\n", "3\r\nhello\r\n0\r\n\r\n", "5\r\nhello\r\n"}) {
    StringBodyReader inner(body);
    AwsChunkedReader reader(&inner, std::nullopt, std::nullopt);
    EXPECT_FALSE(DrainBody(reader, 16).ok()) << body;
  }
  // Declared decoded length differs from what was sent.
  StringBodyReader inner("5\r\nhello\r\n0\r\n\r\n");
  AwsChunkedReader reader(&inner, std::nullopt, 6);
  EXPECT_EQ(DrainBody(reader, 16).status().aws_code(), "IncompleteBody");
}

TEST(PayloadTest, Sha256MismatchIsReportedAtTheEnd) {
  StringBodyReader inner("hello");
  Sha256CheckingReader reader(&inner, Sha256Hex("hellO"));
  auto body = DrainBody(reader, 2);
  EXPECT_EQ(body.status().aws_code(), "XAmzContentSHA256Mismatch");
  StringBodyReader good_inner("hello");
  Sha256CheckingReader good(&good_inner, Sha256Hex("hello"));
  EXPECT_EQ(*DrainBody(good, 2), "hello");
}

}  // namespace
}  // namespace sluice::http::sigv4
