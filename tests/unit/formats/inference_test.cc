// The type ladder (text values) and type unification, case by case as
// docs/formats/type-inference.md lists them.
#include "formats/inference/column_inference.h"

#include <gtest/gtest.h>

#include "formats/inference/text_value_parser.h"
#include "formats/inference/type_unification.h"

namespace sluice::formats::inference {
namespace {

using columnar::DataType;

std::string Infer(std::vector<std::string> values, InferenceOptions options = {}) {
  ColumnInference column(options);
  for (const auto& value : values) {
    if (value == "<null>") column.AddNull();
    else column.Add(value);
  }
  return column.Finish().type->ToGlueType();
}

TEST(InferenceTest, Ladder) {
  EXPECT_EQ(Infer({"<null>", "<null>"}), "void");  // the null type; CSV makes such columns string
  EXPECT_EQ(Infer({"true", "FALSE", "<null>"}), "boolean");
  EXPECT_EQ(Infer({"1", "-2", "+3"}), "bigint");
  InferenceOptions narrow;
  narrow.min_integer_bits = 32;
  EXPECT_EQ(Infer({"1", "-2147483648"}, narrow), "int");
  EXPECT_EQ(Infer({"1", "2147483648"}, narrow), "bigint");
  EXPECT_EQ(Infer({"1", "123456789012345678901234"}), "decimal(24,0)");
  EXPECT_EQ(Infer({"1", "2.5"}), "double");
  InferenceOptions exact;
  exact.fractions_as_decimal = true;
  EXPECT_EQ(Infer({"1", "12.50", "-0.125"}, exact), "decimal(5,3)");
  EXPECT_EQ(Infer({"1.5", "1e10", "nan", "-inf"}), "double");
  EXPECT_EQ(Infer({"2024-01-31", "1999-12-31"}), "date");
  EXPECT_EQ(Infer({"01/31/2024", "12/01/1999"}), "date");
  EXPECT_EQ(Infer({"2024-01-31", "2024-01-31 10:00:00"}), "timestamp");
  EXPECT_EQ(Infer({"2024-01-31T10:00:00Z", "2024-01-31 10:00:00+02:00"}), "timestamp with local time zone");
  EXPECT_EQ(Infer({"1", "x"}), "string");
  EXPECT_EQ(Infer({"true", "1"}), "string");
  EXPECT_EQ(Infer({"2024-02-30"}), "string");  // not a real day
  EXPECT_EQ(Infer({"0x10"}), "string");
  EXPECT_EQ(Infer({" 1"}), "string");  // no trimming
}

TEST(InferenceTest, ReasonsNameTheDecidingValue) {
  ColumnInference column;
  column.Add("12");
  column.Add("twelve");
  auto inferred = column.Finish();
  EXPECT_EQ(inferred.type->ToGlueType(), "string");
  EXPECT_NE(inferred.reason.find("'twelve'"), std::string::npos) << inferred.reason;
}

TEST(InferenceTest, DateLayoutsAreChosenOnePerColumn) {
  ColumnInference us;
  us.Add("1/5/2024");
  us.Add("12/31/2024");
  EXPECT_EQ(us.Finish().date_layout, DateLayout::kUs);
  ColumnInference european;
  european.Add("31/12/2024");
  european.Add("1/5/2024");
  EXPECT_EQ(european.Finish().date_layout, DateLayout::kEuropean);
  ColumnInference dotted;
  dotted.Add("31.12.2024");
  EXPECT_EQ(dotted.Finish().date_layout, DateLayout::kDotted);
}

TEST(TextValueParserTest, Numbers) {
  int64_t i;
  EXPECT_TRUE(ParseInt64Text("9223372036854775807", &i));
  EXPECT_EQ(i, INT64_MAX);
  EXPECT_TRUE(ParseInt64Text("-9223372036854775808", &i));
  EXPECT_EQ(i, INT64_MIN);
  EXPECT_FALSE(ParseInt64Text("9223372036854775808", &i));
  EXPECT_FALSE(ParseInt64Text("-", &i));
  EXPECT_FALSE(ParseInt64Text("1.0", &i));
  double d;
  for (const char* text : {"0.1", "123456.789", "-0.000001", "1e300", "3.14159265358979", "7.", ".5"}) {
    ASSERT_TRUE(ParseDoubleText(text, &d)) << text;
    EXPECT_EQ(d, std::strtod(text, nullptr)) << text;  // correctly rounded, like strtod
  }
  EXPECT_FALSE(ParseDoubleText("1.2.3", &d));
  EXPECT_FALSE(ParseDoubleText("", &d));
  EXPECT_FALSE(ParseDoubleText("+-1", &d));
  DecimalShape shape;
  EXPECT_TRUE(ParseDecimalShape("-00012.340", &shape));
  EXPECT_EQ(shape.integer_digits, 2);
  EXPECT_EQ(shape.scale, 3);
  EXPECT_FALSE(ParseDecimalShape("1e5", &shape));
}

TEST(TextValueParserTest, Timestamps) {
  int64_t micros;
  bool zone;
  ASSERT_TRUE(ParseTimestampText("2024-01-31 10:11:12.123456789", DateLayout::kIso, &micros, &zone));
  EXPECT_EQ(micros % 1000000, 123456);
  EXPECT_FALSE(zone);
  int64_t utc;
  ASSERT_TRUE(ParseTimestampText("2024-01-31T10:11:12Z", DateLayout::kIso, &utc, &zone));
  EXPECT_TRUE(zone);
  ASSERT_TRUE(ParseTimestampText("2024-01-31T12:11:12+02:00", DateLayout::kIso, &micros, &zone));
  EXPECT_EQ(micros, utc);
  ASSERT_TRUE(ParseTimestampText("01/31/2024 10:11:12 UTC", DateLayout::kUs, &micros, &zone));
  EXPECT_EQ(micros, utc);
  EXPECT_FALSE(ParseTimestampText("2024-01-31 24:00:00", DateLayout::kIso, &micros, &zone));
  EXPECT_FALSE(ParseTimestampText("2024-01-31 10:00:00+05:", DateLayout::kIso, &micros, &zone));
}

TEST(TypeUnificationTest, Rules) {
  EXPECT_EQ(UnifyTypes(DataType::Null(), DataType::Int64())->ToGlueType(), "bigint");
  EXPECT_EQ(UnifyTypes(DataType::Int32(), DataType::Int64())->ToGlueType(), "bigint");
  EXPECT_EQ(UnifyTypes(DataType::Int64(), DataType::Float64())->ToGlueType(), "double");
  EXPECT_EQ(UnifyTypes(DataType::Int32(), DataType::Decimal(5, 2))->ToGlueType(), "decimal(12,2)");
  EXPECT_EQ(UnifyTypes(DataType::Decimal(5, 2), DataType::Float32())->ToGlueType(), "double");
  EXPECT_EQ(UnifyTypes(DataType::Decimal(38, 0), DataType::Decimal(10, 5))->ToGlueType(), "double");
  EXPECT_EQ(UnifyTypes(DataType::Date(), DataType::Timestamp())->ToGlueType(), "timestamp");
  EXPECT_EQ(UnifyTypes(DataType::Boolean(), DataType::Int64())->ToGlueType(), "string");
  auto a = DataType::Struct({{"x", DataType::Int32()}, {"y", DataType::String()}});
  auto b = DataType::Struct({{"y", DataType::String()}, {"z", DataType::List(DataType::Float64())}, {"x", DataType::Float64()}});
  EXPECT_EQ(UnifyTypes(a, b)->ToGlueType(), "struct<x:double,y:string,z:array<double>>");
  EXPECT_EQ(UnifyTypes(DataType::List(DataType::Int64()), DataType::List(DataType::String()))->ToGlueType(),
            "array<string>");
  EXPECT_EQ(UnifyTypes(a, DataType::List(DataType::Int64()))->ToGlueType(), "string");
  EXPECT_EQ(ResolveNullType(DataType::Struct({{"n", DataType::Null()}}))->ToGlueType(), "struct<n:string>");
}

}  // namespace
}  // namespace sluice::formats::inference
