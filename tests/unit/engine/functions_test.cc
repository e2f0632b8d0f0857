// Scalar functions and casts, table-driven: each case evaluates an expression over a column x of
// the given values and compares the results as text ("NULL" for NULL, "error: ..." for a
// failure).
#include <gtest/gtest.h>

#include "columnar/builder.h"
#include "engine/expr/binder.h"
#include "engine/expr/evaluator.h"
#include "unit/engine/test_batches.h"

namespace sluice::engine {
namespace {

using columnar::DataType;
using columnar::TypePtr;
using testing::MakeBatch;
using testing::MakeColumn;
using V = std::vector<std::string>;

struct Case {
  TypePtr type;           // of column x
  V input;                // values of x
  ExprPtr expr;           // over x
  V expected;             // one per row, or one "error: ..." prefix
};

V EvaluateCase(const Case& c) {
  auto batch = MakeBatch({{"x", MakeColumn(c.type, c.input)}});
  auto bound = Bind(c.expr, *batch->schema());
  if (!bound.ok()) return {"error: " + bound.status().message()};
  auto column = EvaluateToColumn(**bound, *batch);
  if (!column.ok()) return {"error: " + column.status().message()};
  return testing::Texts(**column);
}

void RunCases(const std::vector<Case>& cases) {
  for (size_t i = 0; i < cases.size(); ++i) {
    const Case& c = cases[i];
    V got = EvaluateCase(c);
    if (c.expected.size() == 1 && c.expected[0].rfind("error: ", 0) == 0) {
      ASSERT_EQ(got.size(), 1u) << "case " << i << ": " << c.expr->ToString();
      EXPECT_EQ(got[0].substr(0, c.expected[0].size()), c.expected[0]) << "case " << i << ": " << c.expr->ToString();
    } else {
      EXPECT_EQ(got, c.expected) << "case " << i << ": " << c.expr->ToString();
    }
  }
}

const TypePtr kString = DataType::String();
const TypePtr kInt = DataType::Int32();
const TypePtr kBigint = DataType::Int64();
const TypePtr kDouble = DataType::Float64();
const TypePtr kDate = DataType::Date();
const TypePtr kTimestamp = DataType::Timestamp();
ExprPtr X() { return Col("x"); }
ExprPtr F(const char* name, std::vector<ExprPtr> args) { return Call(name, std::move(args)); }

TEST(FunctionsTest, Strings) {
  RunCases({
      {kString, {"Hello", "ÉCOLE", "NULL", ""}, F("lower", {X()}), {"hello", "école", "NULL", ""}},
      // One character maps to one character (Spark would give STRASSE for ß).
      {kString, {"straße", "ǆemal"}, F("upper", {X()}), {"STRAßE", "ǄEMAL"}},
      {kString, {"hello wORLD", "a"}, F("initcap", {X()}), {"Hello World", "A"}},
      {kString, {"  a b  ", "xxaxx", "   "}, F("trim", {X()}), {"a b", "xxaxx", ""}},
      {kString, {"xxaxx", "yxay"}, F("trim", {X(), Lit("xy")}), {"a", "a"}},
      {kString, {"  a  "}, F("ltrim", {X()}), {"a  "}},
      {kString, {"  a  "}, F("rtrim", {X()}), {"  a"}},
      {kString, {"Spark SQL", "héllo"}, F("substring", {X(), Lit(2), Lit(3)}), {"par", "éll"}},
      {kString, {"Spark SQL"}, F("substring", {X(), Lit(-3)}), {"SQL"}},
      {kString, {"Spark SQL"}, F("substring", {X(), Lit(0), Lit(2)}), {"Sp"}},
      {kString, {"Spark SQL"}, F("substring", {X(), Lit(5), Lit(-1)}), {""}},
      {kString, {"abcdef"}, F("left", {X(), Lit(2)}), {"ab"}},
      {kString, {"abcdef"}, F("right", {X(), Lit(2)}), {"ef"}},
      {kString, {"a", "NULL"}, F("concat", {X(), Lit("-"), Lit(1)}), {"a-1", "NULL"}},
      {kString, {"a", "NULL"}, F("concat_ws", {Lit(","), X(), Lit("z"), NullLit()}), {"a,z", "z"}},
      {kString, {"héllo", "", "NULL"}, F("length", {X()}), {"5", "0", "NULL"}},
      {kString, {"héllo"}, F("octet_length", {X()}), {"6"}},
      {kString, {"a.b.c", "none"}, F("replace", {X(), Lit("."), Lit("::")}), {"a::b::c", "none"}},
      {kString, {"a.b.c"}, F("replace", {X(), Lit(".")}), {"abc"}},
      {kString, {"7", "12345"}, F("lpad", {X(), Lit(3), Lit("0")}), {"007", "123"}},
      {kString, {"ab"}, F("rpad", {X(), Lit(5), Lit("xy")}), {"abxyx"}},
      {kString, {"ab"}, F("repeat", {X(), Lit(3)}), {"ababab"}},
      {kString, {"héllo"}, F("reverse", {X()}), {"olléh"}},
      {kString, {"hello", "xyz"}, F("instr", {X(), Lit("ll")}), {"3", "0"}},
      {kString, {"hello", "NULL"}, F("starts_with", {X(), Lit("he")}), {"true", "NULL"}},
      {kString, {"hello"}, F("ends_with", {X(), Lit("lo")}), {"true"}},
      {kString, {"hello"}, F("contains", {X(), Lit("ell")}), {"true"}},
      {kString, {"abc", "abd", "xabc", "a_c", "ac"}, Like(X(), Lit("ab%")), {"true", "true", "false", "false", "false"}},
      {kString, {"abc", "abd", "xabc", "a_c", "ac"}, Like(X(), Lit("%bc")), {"true", "false", "true", "false", "false"}},
      {kString, {"abc", "abd", "xabc", "a_c", "ac"}, Like(X(), Lit("a_c")), {"true", "false", "false", "true", "false"}},
      {kString, {"abc", "a_c"}, Like(X(), Lit("a\\_c")), {"false", "true"}},
      {kString, {"héllo", "hello!", "hxllo"}, Like(X(), Lit("h_llo")), {"true", "false", "true"}},
      {kString, {"banana", "bandana"}, Like(X(), Lit("b%an%a")), {"true", "true"}},
      {kString, {"HeLLo"}, F("ilike", {X(), Lit("%ll%")}), {"true"}},
      {kString, {"AaBb"}, F("translate", {X(), Lit("ab"), Lit("x")}), {"AxB"}},
  });
}

TEST(FunctionsTest, RegularExpressions) {
  RunCases({
      {kString, {"abc123", "abc", "NULL"}, F("regexp_like", {X(), Lit("[0-9]+")}), {"true", "false", "NULL"}},
      {kString, {"100-200", "foo"}, F("regexp_extract", {X(), Lit("(\\d+)-(\\d+)"), Lit(2)}), {"200", ""}},
      {kString, {"100-200"}, F("regexp_extract", {X(), Lit("(\\d+)-(\\d+)")}), {"100"}},
      {kString, {"x"}, F("regexp_extract", {X(), Lit("(x)"), Lit(2)}), {"error: in regexp_extract(x, '(x)', 2): regexp_extract: the pattern has 1 groups"}},
      {kString, {"2024-01-31"}, F("regexp_replace", {X(), Lit("(\\d+)-(\\d+)-(\\d+)"), Lit("$3/$2/$1")}), {"31/01/2024"}},
      {kString, {"a1b22c"}, F("regexp_replace", {X(), Lit("[0-9]"), Lit("")}), {"abc"}},
      {kString, {"cost: 5"}, F("regexp_replace", {X(), Lit("\\d"), Lit("\\$")}), {"cost: $"}},
      {kString, {"x"}, F("regexp_like", {X(), Lit("(")}), {"error: in regexp_like(x, '('): regexp_like: invalid regular expression '('"}},
      {kString, {"x"}, F("regexp_like", {X(), Lit("(a)\\1")}), {"error: "}},  // backreferences are refused (RE2)
      {kString, {"a,b,,c,,", "", "NULL"}, F("split", {X(), Lit(",")}), {"[a, b, , c, , ]", "[]", "NULL"}},
      {kString, {"a1b22c"}, F("split", {X(), Lit("[0-9]+")}), {"[a, b, c]"}},
      {kString, {"a,b,c,d"}, F("split", {X(), Lit(","), Lit(2)}), {"[a, b,c,d]"}},
      {kString, {"abc"}, F("split", {X(), Lit("")}), {"[a, b, c]"}},
  });
}

TEST(FunctionsTest, DatesAndTimes) {
  RunCases({
      {kDate, {"2024-02-29", "1969-12-31", "NULL"}, F("year", {X()}), {"2024", "1969", "NULL"}},
      {kDate, {"2024-02-29"}, F("month", {X()}), {"2"}},
      {kDate, {"2024-02-29"}, F("day", {X()}), {"29"}},
      {kDate, {"2024-02-29"}, F("quarter", {X()}), {"1"}},
      {kDate, {"2024-02-25", "2024-03-02"}, F("dayofweek", {X()}), {"1", "7"}},  // Sunday, Saturday
      {kDate, {"2024-12-31", "2021-01-03"}, F("weekofyear", {X()}), {"1", "53"}},
      {kDate, {"2024-12-31"}, F("dayofyear", {X()}), {"366"}},
      {kTimestamp, {"2024-01-31 13:45:59.5", "1969-12-31 23:59:59"}, F("hour", {X()}), {"13", "23"}},
      {kTimestamp, {"2024-01-31 13:45:59.5"}, F("minute", {X()}), {"45"}},
      {kTimestamp, {"2024-01-31 13:45:59.5"}, F("second", {X()}), {"59"}},
      {kString, {"2024-01-31 13:45:59"}, F("year", {X()}), {"2024"}},
      {kTimestamp, {"2024-01-05 13:04:09.123456"}, F("date_format", {X(), Lit("yyyy-MM-dd HH:mm:ss.SSS")}),
       {"2024-01-05 13:04:09.123"}},
      {kTimestamp, {"2024-01-05 13:04:09"}, F("date_format", {X(), Lit("EEE, d MMM yy h:mm a 'Q'Q")}),
       {"Fri, 5 Jan 24 1:04 PM Q1"}},
      {kDate, {"2024-07-04"}, F("date_format", {X(), Lit("EEEE dd/MMMM/yyyy")}), {"Thursday 04/July/2024"}},
      {kTimestamp, {"2024-01-05 00:00:00"}, F("date_format", {X(), Lit("yyyy-MM-dd'T'HH:mm:ssXXX")}), {"2024-01-05T00:00:00Z"}},
      {kString, {"x"}, F("date_format", {Lit("2024-01-01"), Lit("yyyy-ww")}), {"error: in date_format('2024-01-01', 'yyyy-ww'): datetime pattern 'yyyy-ww': unsupported letter 'w'"}},
      {kString, {"31/01/2024", "2024-01-31", "NULL"}, F("to_date", {X(), Lit("dd/MM/yyyy")}), {"2024-01-31", "NULL", "NULL"}},
      {kString, {"2024-01-31", "2024-1-5", "junk"}, F("to_date", {X()}), {"2024-01-31", "2024-01-05", "NULL"}},
      {kString, {"05 Jan 2024 13:04", "5 Jan 2024 1:04"}, F("to_timestamp", {X(), Lit("d MMM yyyy H:mm")}),
       {"2024-01-05 13:04:00", "2024-01-05 01:04:00"}},
      {kString, {"2024-01-05T10:00:00+02:00"}, F("to_timestamp", {X()}), {"2024-01-05 08:00:00"}},
      {kString, {"1970-01-02 00:00:00"}, F("unix_timestamp", {X()}), {"86400"}},
      {kBigint, {"86400", "NULL"}, F("from_unixtime", {X()}), {"1970-01-02 00:00:00", "NULL"}},
      {kDate, {"2024-01-31"}, F("date_add", {X(), Lit(1)}), {"2024-02-01"}},
      {kDate, {"2024-03-01"}, F("date_sub", {X(), Lit(1)}), {"2024-02-29"}},
      {kDate, {"2024-03-01", "NULL"}, F("datediff", {X(), Lit("2024-01-01")}), {"60", "NULL"}},
      {kDate, {"2024-01-31", "2023-12-15"}, F("add_months", {X(), Lit(1)}), {"2024-02-29", "2024-01-15"}},
      {kDate, {"2024-02-10"}, F("last_day", {X()}), {"2024-02-29"}},
      {kDate, {"2024-05-17"}, F("trunc", {X(), Lit("quarter")}), {"2024-04-01"}},
      {kDate, {"2024-05-17"}, F("trunc", {X(), Lit("week")}), {"2024-05-13"}},
      {kTimestamp, {"2024-05-17 13:45:12"}, F("date_trunc", {Lit("hour"), X()}), {"2024-05-17 13:00:00"}},
      {kInt, {"2", "13"}, F("make_date", {Lit(2024), X(), Lit(29)}), {"2024-02-29", "NULL"}},
  });
  // current_date is one value for the whole query, equal to today.
  auto today = EvaluateCase({kInt, {"1", "2"}, Eq(F("current_date", {}), Cast(F("current_timestamp", {}), kDate)), {}});
  EXPECT_EQ(today, (V{"true", "true"}));
}

TEST(FunctionsTest, Math) {
  RunCases({
      {kDouble, {"2.675", "-2.5", "2.5", "NULL"}, F("round", {X(), Lit(2)}), {"2.68", "-2.5", "2.5", "NULL"}},
      {kDouble, {"-2.5", "2.5", "0.5"}, F("round", {X()}), {"-3", "3", "1"}},
      {kDouble, {"2.5", "3.5", "-2.5"}, F("bround", {X()}), {"2", "4", "-2"}},
      {DataType::Decimal(10, 3), {"1.235", "-1.235"}, F("round", {X(), Lit(2)}), {"1.24", "-1.24"}},
      {kInt, {"1234", "-1250"}, F("round", {X(), Lit(-2)}), {"1200", "-1300"}},
      {kDouble, {"1.5", "-1.5"}, F("floor", {X()}), {"1", "-2"}},
      {kDouble, {"1.5", "-1.5"}, F("ceil", {X()}), {"2", "-1"}},
      {DataType::Decimal(10, 2), {"1.01", "-1.01"}, F("ceil", {X()}), {"2", "-1"}},
      {kDouble, {"4", "-1"}, F("sqrt", {X()}), {"2", "NaN"}},
      {kDouble, {"1", "0", "-1"}, F("ln", {X()}), {"0", "NULL", "NULL"}},
      {kDouble, {"8"}, F("log", {Lit(2), X()}), {"3"}},
      {kInt, {"2"}, F("power", {X(), Lit(10)}), {"1024"}},
      {kInt, {"-3", "NULL"}, F("abs", {X()}), {"3", "NULL"}},
      {kInt, {"-2147483648"}, F("abs", {X()}), {"error: in abs(x): integer overflow: abs(-2147483648) does not fit int"}},
      {kDouble, {"-0.5", "0", "3"}, F("signum", {X()}), {"-1", "0", "1"}},
      {kBigint, {"7", "-7"}, Mod(X(), Lit(3)), {"1", "-1"}},
      {kBigint, {"9223372036854775807"}, Sub(Lit(-2), X()), {"error: in (-2 - x): integer overflow: -2 - 9223372036854775807 does not fit bigint"}},
      {kDouble, {"1", "-1", "0"}, Div(X(), Lit(0.0)), {"NULL", "NULL", "NULL"}},
  });
}

TEST(FunctionsTest, Casts) {
  RunCases({
      {kString, {" 12 ", "+5", "-0", "NULL"}, Cast(X(), kInt), {"12", "5", "0", "NULL"}},
      {kString, {"1.5"}, Cast(X(), kInt), {"error: in CAST(x AS int): cannot cast '1.5' from string to int"}},
      {kString, {"2147483648"}, Cast(X(), kInt), {"error: in CAST(x AS int): cannot cast '2147483648' from string to int"}},
      {kString, {"1.5", "2147483648", "x"}, TryCast(X(), kInt), {"NULL", "NULL", "NULL"}},
      {kString, {"1e3", "NaN", "-Infinity", " .5"}, Cast(X(), kDouble), {"1000", "NaN", "-Infinity", "0.5"}},
      {kString, {"12.345", "-0.005"}, Cast(X(), DataType::Decimal(5, 2)), {"12.35", "-0.01"}},
      {kString, {"123456"}, Cast(X(), DataType::Decimal(5, 2)), {"error: in CAST(x AS decimal(5,2)): cannot cast '123456' from string to decimal(5,2)"}},
      {kString, {"2024-1-5", "2024-01-05 10:00", "2024-02", "2024-02-30"}, TryCast(X(), kDate),
       {"2024-01-05", "2024-01-05", "2024-02-01", "NULL"}},
      {kString, {"2024-01-05", "2024-01-05T10:00:00.5Z"}, Cast(X(), kTimestamp), {"2024-01-05 00:00:00", "2024-01-05 10:00:00.5"}},
      {kString, {"TRUE", "f", "yes", "0", "maybe"}, TryCast(X(), DataType::Boolean()), {"true", "false", "true", "false", "NULL"}},
      {kDouble, {"1.9", "-1.9", "NaN"}, TryCast(X(), kInt), {"1", "-1", "NULL"}},
      {kDouble, {"3e10"}, Cast(X(), kInt), {"error: in CAST(x AS int): cannot cast 30000000000 from double to int"}},
      {DataType::Decimal(10, 2), {"-12.99"}, Cast(X(), kInt), {"-12"}},
      {kInt, {"1000"}, Cast(X(), DataType::Decimal(4, 1)), {"error: in CAST(x AS decimal(4,1)): cannot cast 1000 from int to decimal(4,1)"}},
      {kDate, {"2024-01-05"}, Cast(X(), kTimestamp), {"2024-01-05 00:00:00"}},
      {kTimestamp, {"1969-12-31 23:00:00"}, Cast(X(), kDate), {"1969-12-31"}},
      {kBigint, {"86400"}, Cast(X(), kTimestamp), {"1970-01-02 00:00:00"}},
      {kDouble, {"1e20", "1e-4", "100", "0.001", "1234567.5", "-0.0"}, Cast(X(), kString),
       {"1.0E20", "1.0E-4", "100.0", "0.001", "1234567.5", "-0.0"}},
      {DataType::Float32(), {"0.1"}, Cast(X(), kString), {"0.1"}},
      {DataType::Boolean(), {"true"}, Cast(X(), kString), {"true"}},
      {kInt, {"0", "7"}, Cast(X(), DataType::Boolean()), {"false", "true"}},
      {kDate, {"2024-01-05"}, Cast(X(), DataType::Boolean()), {"error: in CAST(x AS boolean): cannot cast date to boolean"}},
  });
}

TEST(FunctionsTest, ConditionalsAndNested) {
  RunCases({
      {kInt, {"1", "NULL"}, F("coalesce", {X(), Lit(int64_t{9})}), {"1", "9"}},
      {kInt, {"1", "NULL", "5"}, F("if", {Gt(X(), Lit(2)), Lit("big"), Lit("small")}), {"small", "small", "big"}},
      {kInt, {"1", "2"}, F("nullif", {X(), Lit(2)}), {"1", "NULL"}},
      {kInt, {"1", "NULL", "5"}, F("greatest", {X(), Lit(3), NullLit()}), {"3", "3", "5"}},
      {kInt, {"1", "NULL", "5"}, F("least", {X(), Lit(3)}), {"1", "3", "3"}},
      {kString, {"a,b,c", "", "NULL"}, F("size", {F("split", {X(), Lit(",")})}), {"3", "1", "NULL"}},
      {kInt, {"1", "-1", "4", "0"}, F("element_at", {F("split", {Lit("a,b,c"), Lit(",")}), X()}), {"a", "c", "NULL", "NULL"}},
      {kString, {"b", "z"}, F("array_contains", {F("split", {Lit("a,b,c"), Lit(",")}), X()}), {"true", "false"}},
      {kInt, {"1", "NULL"}, F("named_struct", {Lit("n"), X(), Lit("s"), Lit("k")}), {"{n: 1, s: k}", "{n: NULL, s: k}"}},
  });
}

TEST(FunctionsTest, StructFieldsAndNestedCasts) {
  columnar::StructBuilder builder(DataType::Struct({{"city", kString, true}, {"zip", kInt, true}}));
  auto* city = static_cast<columnar::StringBuilder*>(builder.child(0));
  auto* zip = static_cast<columnar::Int32Builder*>(builder.child(1));
  city->Append("Paris");
  zip->Append(75001);
  builder.AppendValid();
  builder.AppendNull();
  city->Append("Lyon");
  zip->AppendNull();
  builder.AppendValid();
  auto batch = MakeBatch({{"address", builder.Finish()}});
  auto eval = [&](const ExprPtr& expr) {
    auto bound = Bind(expr, *batch->schema());
    if (!bound.ok()) return V{"error: " + bound.status().message()};
    return testing::Texts(**EvaluateToColumn(**bound, *batch));
  };
  EXPECT_EQ(eval(ColPath({"address", "city"})), (V{"Paris", "NULL", "Lyon"}));
  EXPECT_EQ(eval(ColPath({"address", "ZIP"})), (V{"75001", "NULL", "NULL"}));
  EXPECT_EQ(eval(ColPath({"address", "street"})), (V{"error: struct 'address' (struct<city:string,zip:int>) has no field 'street'"}));
  auto target = DataType::Struct({{"town", kString, true}, {"code", kString, true}});
  EXPECT_EQ(eval(Cast(Col("address"), target)), (V{"{town: Paris, code: 75001}", "NULL", "{town: Lyon, code: NULL}"}));
  EXPECT_EQ(eval(Cast(Col("address"), kString)), (V{"{Paris, 75001}", "NULL", "{Lyon, null}"}));
}

}  // namespace
}  // namespace sluice::engine
