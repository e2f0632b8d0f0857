// Status, Result and the propagation macros.
#include "common/status.h"

#include <gtest/gtest.h>

#include "common/json.h"

namespace sluice {
namespace {

Result<int> Half(int x) {
  if (x % 2) return InvalidArgument("odd");
  return x / 2;
}

Result<int> Quarter(int x) {
  ASSIGN_OR_RETURN(int half, Half(x));
  ASSIGN_OR_RETURN(int quarter, Half(half));
  return quarter;
}

TEST(StatusTest, OkIsCheapAndErrorsCarryAwsDetails) {
  Status ok;
  EXPECT_TRUE(ok.ok());
  EXPECT_EQ(ok.ToString(), "OK");
  Status error = AwsError("NoSuchKey", 404, "The specified key does not exist.").WithDetail("Key", "a/b");
  EXPECT_EQ(error.code(), StatusCode::kNotFound);
  EXPECT_EQ(error.aws_code(), "NoSuchKey");
  EXPECT_EQ(error.http_status(), 404);
  ASSERT_EQ(error.details().size(), 1u);
  EXPECT_EQ(error.details()[0].second, "a/b");
  Status copy = error;
  EXPECT_EQ(copy.WithContext("reading").message(), "reading: The specified key does not exist.");
}

TEST(StatusTest, MacrosPropagate) {
  EXPECT_EQ(*Quarter(8), 2);
  EXPECT_EQ(Quarter(6).status().message(), "odd");
  EXPECT_EQ(Quarter(7).status().code(), StatusCode::kInvalidArgument);
}

TEST(JsonTest, ParsesWithLimitsAndNeverThrows) {
  EXPECT_TRUE(ParseJson(R"({"a":[1,2,{"b":null}]})").ok());
  EXPECT_FALSE(ParseJson("{").ok());
  EXPECT_FALSE(ParseJson(R"({"a":1} x)").ok());
  EXPECT_FALSE(ParseJson(std::string(100, '[') + std::string(100, ']')).ok());  // too deep
  JsonLimits small;
  small.max_bytes = 4;
  EXPECT_EQ(ParseJson("[1,2,3]", small).status().code(), StatusCode::kResourceExhausted);
  auto value = ParseJson(R"({"n":5,"s":"x","f":2.5,"b":true,"z":null})");
  const auto& object = value->get_object();
  EXPECT_EQ(*GetInt(object, "n"), 5);
  EXPECT_EQ(*GetString(object, "s"), "x");
  EXPECT_EQ(*GetNumber(object, "f"), 2.5);
  EXPECT_EQ(*GetBool(object, "b"), true);
  EXPECT_FALSE(GetString(object, "z"));
  EXPECT_FALSE(GetInt(object, "s"));
}

}  // namespace
}  // namespace sluice
