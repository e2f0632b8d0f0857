#include "catalog/partition_expression.h"

#include <gtest/gtest.h>

namespace sluice::catalog {
namespace {

std::vector<Column> Keys(std::vector<std::pair<std::string, std::string>> keys) {
  std::vector<Column> out;
  for (auto& [name, type] : keys) out.push_back({name, type, std::nullopt, {}});
  return out;
}

bool Eval(const std::string& text, const std::vector<Column>& keys, std::vector<std::string_view> values) {
  auto expression = PartitionExpression::Parse(text, keys);
  EXPECT_TRUE(expression.ok()) << text << ": " << expression.status().ToString();
  if (!expression.ok()) return false;
  auto result = expression->Matches(values);
  EXPECT_TRUE(result.ok()) << result.status().ToString();
  return result.ok() && *result;
}

std::string ParseError(const std::string& text, const std::vector<Column>& keys) {
  auto expression = PartitionExpression::Parse(text, keys);
  if (expression.ok()) return "";
  return expression.status().aws_code();
}

TEST(PartitionExpressionTest, StringComparisonsOnCrawledKeys) {
  auto keys = Keys({{"year", "string"}, {"month", "string"}});
  EXPECT_TRUE(Eval("year='2024' and month > '06'", keys, {"2024", "07"}));
  EXPECT_FALSE(Eval("year='2024' and month > '06'", keys, {"2024", "06"}));
  EXPECT_FALSE(Eval("year='2024' and month > '06'", keys, {"2023", "12"}));
  // Strings compare as strings: '10' < '9'.
  EXPECT_TRUE(Eval("month < '9'", keys, {"2024", "10"}));
  // A number literal compares as its text on a string key.
  EXPECT_TRUE(Eval("year > 2016", keys, {"2017", "01"}));
  EXPECT_TRUE(Eval("YEAR = '2024' OR Month = '01'", keys, {"2020", "01"}));
}

TEST(PartitionExpressionTest, BlankMatchesEverything) {
  auto keys = Keys({{"year", "string"}});
  for (std::string blank : {"", " ", "  \t\n"}) {
    auto expression = PartitionExpression::Parse(blank, keys);
    ASSERT_TRUE(expression.ok());
    EXPECT_TRUE(expression->matches_everything());
  }
}

TEST(PartitionExpressionTest, TypedIntegerKeys) {
  auto keys = Keys({{"year", "int"}});
  EXPECT_TRUE(Eval("year > 9", keys, {"10"}));  // numeric, not textual
  EXPECT_TRUE(Eval("year between 2015 and 2018", keys, {"2018"}));
  EXPECT_FALSE(Eval("year between 2015 and 2018", keys, {"2019"}));
  EXPECT_TRUE(Eval("year not between 2015 and 2018", keys, {"2019"}));
  EXPECT_TRUE(Eval("year in (2015, 2016)", keys, {"2016"}));
  EXPECT_TRUE(Eval("year not in (2015, 2016)", keys, {"2017"}));
  EXPECT_TRUE(Eval("year = '2016'", keys, {"2016"}));
  EXPECT_EQ(ParseError("year = 'abc'", keys), "InvalidInputException");
  EXPECT_EQ(ParseError("year like '20%'", keys), "InvalidInputException");
  auto expression = PartitionExpression::Parse("year > 1", keys);
  ASSERT_TRUE(expression.ok());
  std::vector<std::string_view> bad = {"x"};
  auto result = expression->Matches(bad);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().aws_code(), "InvalidStateException");
}

TEST(PartitionExpressionTest, DatesTimestampsDecimals) {
  auto keys = Keys({{"d", "date"}, {"t", "timestamp"}, {"x", "decimal(10,2)"}});
  EXPECT_TRUE(Eval("d > '2024-01-09'", keys, {"2024-01-10", "2024-01-01 00:00:00", "1.5"}));
  EXPECT_TRUE(Eval("t >= '2024-01-01 00:00:00.5'", keys, {"2024-01-01", "2024-01-01 00:00:00.500", "1"}));
  EXPECT_TRUE(Eval("x = 1.50", keys, {"2024-01-01", "2024-01-01 00:00:00", "1.5"}));
  EXPECT_TRUE(Eval("x < -0.5", keys, {"2024-01-01", "2024-01-01 00:00:00", "-1"}));
  EXPECT_TRUE(Eval("x > 9.99", keys, {"2024-01-01", "2024-01-01 00:00:00", "10"}));
  EXPECT_EQ(ParseError("d = '2024-02-30'", keys), "InvalidInputException");
}

TEST(PartitionExpressionTest, LikeIsNullNotParentheses) {
  auto keys = Keys({{"region", "string"}, {"day", "string"}});
  EXPECT_TRUE(Eval("region like 'eu-%'", keys, {"eu-west-1", "01"}));
  EXPECT_FALSE(Eval("region like 'eu-%'", keys, {"us-east-1", "01"}));
  EXPECT_TRUE(Eval("region like 'eu_west_1'", keys, {"eu-west-1", "01"}));
  EXPECT_TRUE(Eval("region not like 'us%'", keys, {"eu-west-1", "01"}));
  EXPECT_TRUE(Eval("region is not null", keys, {"eu-west-1", "01"}));
  EXPECT_FALSE(Eval("region is null", keys, {"eu-west-1", "01"}));
  EXPECT_TRUE(Eval("not (region = 'x' or day = '02') and (day = '01')", keys, {"eu", "01"}));
  EXPECT_TRUE(Eval("'01' = day", keys, {"eu", "01"}));
  EXPECT_TRUE(Eval("\"region\" = 'eu'", keys, {"eu", "01"}));
  EXPECT_TRUE(Eval("region = 'it''s'", keys, {"it's", "01"}));
  EXPECT_TRUE(Eval("region <> 'x' and region != 'y'", keys, {"eu", "01"}));
}

TEST(PartitionExpressionTest, ErrorsAreInvalidInput) {
  auto keys = Keys({{"year", "string"}});
  for (std::string bad : {"year =", "year = '2024", "nope = '1'", "year = '1' and", "(year = '1'", "year ~ '1'",
                          "year between '1'", "year in ()", "year = '1' year = '2'", "and", "year is '1'"}) {
    EXPECT_EQ(ParseError(bad, keys), "InvalidInputException") << bad;
  }
  auto map_keys = Keys({{"m", "map<string,string>"}});
  EXPECT_EQ(ParseError("m = 'x'", map_keys), "InvalidInputException");
}

TEST(PartitionExpressionTest, HostileNestingIsRefusedNotCrashing) {
  auto keys = Keys({{"year", "string"}});
  std::string deep(100000, '(');
  EXPECT_EQ(ParseError(deep, keys), "InvalidInputException");
  std::string nots;
  for (int i = 0; i < 50000; ++i) nots += "not ";
  EXPECT_EQ(ParseError(nots + "year = '1'", keys), "InvalidInputException");
}

TEST(SqlLikeTest, Wildcards) {
  EXPECT_TRUE(SqlLikeMatches("%", ""));
  EXPECT_TRUE(SqlLikeMatches("a%c", "abbbc"));
  EXPECT_FALSE(SqlLikeMatches("a%c", "abbbd"));
  EXPECT_TRUE(SqlLikeMatches("_é", "xé"));
  EXPECT_TRUE(SqlLikeMatches("%a%a%a%", "banana"));
  EXPECT_FALSE(SqlLikeMatches("%a%a%a%a%", "banana"));
  EXPECT_FALSE(SqlLikeMatches("abc", "ab"));
}

}  // namespace
}  // namespace sluice::catalog
