// ListBuckets: the caller's buckets by name, with prefix, max-buckets and continuation-token.
#include "common/clock.h"
#include "common/encoding.h"
#include "s3/ops/operations.h"
#include "s3/parameters.h"
#include "s3/responses.h"
#include "storage/errors.h"

namespace sluice::s3::ops {

Result<http::Response> ListBuckets(S3Request& request) {
  const http::QueryParams& query = request.http.query;
  ASSIGN_OR_RETURN(int64_t max_buckets, IntegerParameter(query, "max-buckets", 10000, 1, 10000));
  std::string prefix(query.Get("prefix").value_or(""));
  std::string after;
  if (auto token = query.Get("continuation-token")) {
    auto decoded = Base64Decode(*token);
    if (!decoded) return storage::InvalidArgumentFor("The continuation token provided is incorrect", "continuation-token", *token);
    after = std::move(*decoded);
  }
  ASSIGN_OR_RETURN(std::vector<storage::BucketInfo> buckets, request.store.ListBuckets());

  XmlWriter xml("ListAllMyBucketsResult");
  WriteOwner(xml, request.account());
  xml.Open("Buckets");
  int64_t count = 0;
  bool truncated = false;
  for (const storage::BucketInfo& bucket : buckets) {
    if (bucket.owner_account != request.account() || !bucket.name.starts_with(prefix) || bucket.name <= after) continue;
    if (count == max_buckets) {
      truncated = true;
      break;
    }
    ++count;
    xml.Open("Bucket");
    xml.Element("Name", bucket.name);
    xml.Element("CreationDate", FormatIso8601(bucket.created_micros));
    xml.Element("BucketRegion", bucket.region);
    xml.Close("Bucket");
    after = bucket.name;
  }
  xml.Close("Buckets");
  if (truncated) xml.Element("ContinuationToken", Base64Encode(after));
  if (query.Has("prefix")) xml.Element("Prefix", prefix);
  return XmlResponse(xml.Finish());
}

}  // namespace sluice::s3::ops
