// Tests for s3/preconditions: ETag lists, read preconditions with S3's precedence, copy-source
// preconditions and write conditions.
#include "s3/preconditions.h"

#include <gtest/gtest.h>

#include "common/clock.h"

namespace sluice::s3 {
namespace {

storage::ObjectInfo Object() {
  storage::ObjectInfo object;
  object.etag = "0123456789abcdef0123456789abcdef";
  object.modified_micros = *ParseHttpDate("Wed, 10 Jan 2024 12:00:00 GMT");
  return object;
}

constexpr const char* kBefore = "Tue, 09 Jan 2024 12:00:00 GMT";
constexpr const char* kAfter = "Thu, 11 Jan 2024 12:00:00 GMT";
constexpr const char* kSameSecond = "Wed, 10 Jan 2024 12:00:00 GMT";

ReadOutcome Read(std::initializer_list<std::pair<const char*, const char*>> fields) {
  http::Headers headers;
  for (const auto& [name, value] : fields) headers.Add(name, value);
  return EvaluateReadPreconditions(headers, Object()).outcome;
}

TEST(Preconditions, EtagLists) {
  EXPECT_TRUE(EtagListMatches("\"0123456789abcdef0123456789abcdef\"", Object().etag));
  EXPECT_TRUE(EtagListMatches("0123456789abcdef0123456789abcdef", Object().etag));
  EXPECT_TRUE(EtagListMatches("\"x\", W/\"0123456789abcdef0123456789abcdef\"", Object().etag));
  EXPECT_TRUE(EtagListMatches("*", Object().etag));
  EXPECT_FALSE(EtagListMatches("\"x\", \"y\"", Object().etag));
  EXPECT_FALSE(EtagListMatches("", Object().etag));
}

TEST(Preconditions, ReadOutcomes) {
  EXPECT_EQ(Read({}), ReadOutcome::kProceed);
  EXPECT_EQ(Read({{"If-Match", "\"nope\""}}), ReadOutcome::kPreconditionFailed);
  EXPECT_EQ(Read({{"If-None-Match", "*"}}), ReadOutcome::kNotModified);
  EXPECT_EQ(Read({{"If-Modified-Since", kAfter}}), ReadOutcome::kNotModified);
  EXPECT_EQ(Read({{"If-Modified-Since", kSameSecond}}), ReadOutcome::kNotModified);
  EXPECT_EQ(Read({{"If-Modified-Since", kBefore}}), ReadOutcome::kProceed);
  EXPECT_EQ(Read({{"If-Unmodified-Since", kBefore}}), ReadOutcome::kPreconditionFailed);
  EXPECT_EQ(Read({{"If-Unmodified-Since", kSameSecond}}), ReadOutcome::kProceed);
  EXPECT_EQ(Read({{"If-Modified-Since", "not a date"}}), ReadOutcome::kProceed);
}

TEST(Preconditions, PrecedenceRules) {
  // If-Match true wins over a failing If-Unmodified-Since.
  EXPECT_EQ(Read({{"If-Match", "*"}, {"If-Unmodified-Since", kBefore}}), ReadOutcome::kProceed);
  // If-None-Match false (no match) means If-Modified-Since is not consulted.
  EXPECT_EQ(Read({{"If-None-Match", "\"other\""}, {"If-Modified-Since", kAfter}}), ReadOutcome::kProceed);
  // A failed If-Match is reported before If-None-Match.
  EXPECT_EQ(Read({{"If-Match", "\"nope\""}, {"If-None-Match", "*"}}), ReadOutcome::kPreconditionFailed);
}

TEST(Preconditions, CopySourceFailuresAre412) {
  http::Headers headers;
  headers.Add("x-amz-copy-source-if-none-match", "\"0123456789abcdef0123456789abcdef\"");
  EXPECT_EQ(CheckCopySourcePreconditions(headers, Object()).http_status(), 412);
  http::Headers modified;
  modified.Add("x-amz-copy-source-if-modified-since", kAfter);
  EXPECT_EQ(CheckCopySourcePreconditions(modified, Object()).http_status(), 412);
  http::Headers fine;
  fine.Add("x-amz-copy-source-if-match", "\"0123456789abcdef0123456789abcdef\"");
  fine.Add("x-amz-copy-source-if-unmodified-since", kBefore);
  EXPECT_TRUE(CheckCopySourcePreconditions(fine, Object()).ok());
}

TEST(Preconditions, WriteConditions) {
  http::Headers create;
  create.Add("If-None-Match", "*");
  auto conditions = ParseWriteConditions(create);
  ASSERT_TRUE(conditions.ok());
  EXPECT_TRUE(conditions->if_none_match);
  http::Headers match;
  match.Add("If-Match", "\"ABCDEF\"");
  conditions = ParseWriteConditions(match);
  ASSERT_TRUE(conditions.ok());
  EXPECT_EQ(conditions->if_match, "abcdef");
  http::Headers unsupported;
  unsupported.Add("If-None-Match", "\"etag\"");
  EXPECT_EQ(ParseWriteConditions(unsupported).status().aws_code(), "NotImplemented");
}

}  // namespace
}  // namespace sluice::s3
