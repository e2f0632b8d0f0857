// Fuzz target: the aws-chunked body decoder (signed and unsigned) on arbitrary bytes. It must
// return an error or the decoded bytes, never crash, hang or allocate without bound.
#include <cstddef>
#include <cstdint>
#include <string>

#include "http/sigv4/payload.h"
#include "http/sigv4/signing.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sluice::http;
  std::string body(reinterpret_cast<const char*>(data), size);
  for (bool signed_chunks : {false, true}) {
    StringBodyReader inner(body);
    std::optional<sigv4::ChunkSigning> signing;
    if (signed_chunks) {
      signing = sigv4::ChunkSigning{sigv4::SigningKey("secret", "20240101", "us-east-1", "s3"), "20240101T000000Z",
                                    "20240101/us-east-1/s3/aws4_request", std::string(64, '0')};
    }
    sigv4::AwsChunkedReader reader(&inner, signing, std::nullopt);
    char buffer[4096];
    for (int i = 0; i < 100000; ++i) {
      auto n = reader.Read(buffer, sizeof(buffer));
      if (!n.ok() || *n == 0) break;
    }
  }
  return 0;
}
