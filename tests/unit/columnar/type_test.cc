// Glue/Hive type strings map one to one onto columnar types, both ways.
#include "columnar/type.h"

#include <gtest/gtest.h>

namespace sluice::columnar {
namespace {

TEST(GlueTypeTest, RoundTripsEveryPrimitive) {
  for (const char* text : {"boolean", "tinyint", "smallint", "int", "bigint", "float", "double", "string", "binary",
                           "date", "timestamp", "timestamp with local time zone", "decimal(10,2)", "decimal(38,38)"}) {
    auto type = ParseGlueType(text);
    ASSERT_TRUE(type.ok()) << text << ": " << type.status().ToString();
    EXPECT_EQ((*type)->ToGlueType(), text);
  }
}

TEST(GlueTypeTest, RoundTripsNestedTypes) {
  const std::string text = "array<struct<id:int,tags:array<string>,attrs:map<string,double>>>";
  auto type = ParseGlueType(text);
  ASSERT_TRUE(type.ok()) << type.status().ToString();
  EXPECT_EQ((*type)->ToGlueType(), text);
  EXPECT_EQ((*type)->id(), TypeId::kList);
  const DataType& element = *(*type)->element();
  ASSERT_EQ(element.fields().size(), 3u);
  EXPECT_EQ(element.fields()[1].name, "tags");
  EXPECT_EQ(element.fields()[2].type->value()->id(), TypeId::kFloat64);
}

TEST(GlueTypeTest, AcceptsAliasesSpacesAndCase) {
  EXPECT_EQ((*ParseGlueType("INTEGER"))->id(), TypeId::kInt32);
  EXPECT_EQ((*ParseGlueType("long"))->id(), TypeId::kInt64);
  EXPECT_EQ((*ParseGlueType("varchar(20)"))->id(), TypeId::kString);
  EXPECT_EQ((*ParseGlueType("decimal"))->ToGlueType(), "decimal(10,0)");
  EXPECT_EQ((*ParseGlueType(" struct < a : int , `b c` : string > "))->ToGlueType(), "struct<a:int,b c:string>");
  EXPECT_EQ((*ParseGlueType("struct<postal code:string,sub-category:string>"))->fields()[1].name, "sub-category");
}

TEST(GlueTypeTest, RejectsMalformedTypes) {
  for (const char* text : {"", "bigints", "array<int", "map<array<int>,int>", "decimal(39,1)", "decimal(5,6)",
                           "struct<a int>", "int garbage"}) {
    EXPECT_FALSE(ParseGlueType(text).ok()) << text;
  }
  std::string deep;
  for (int i = 0; i < 100; ++i) deep += "array<";
  deep += "int";
  for (int i = 0; i < 100; ++i) deep += ">";
  EXPECT_FALSE(ParseGlueType(deep).ok());
}

TEST(GlueTypeTest, EqualityComparesStructure) {
  EXPECT_TRUE(DataType::Decimal(10, 2)->Equals(*DataType::Decimal(10, 2)));
  EXPECT_FALSE(DataType::Decimal(10, 2)->Equals(*DataType::Decimal(10, 3)));
  EXPECT_FALSE(DataType::Struct({{"a", DataType::Int32()}})->Equals(*DataType::Struct({{"b", DataType::Int32()}})));
}

}  // namespace
}  // namespace sluice::columnar
