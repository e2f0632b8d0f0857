// Expressions: binding (types, coercion, errors that name the expression) and evaluation of
// operators, CASE, AND/OR with three-valued logic, IN, and lazy evaluation of branches.
#include "engine/expr/evaluator.h"

#include <gtest/gtest.h>

#include "engine/expr/binder.h"
#include "engine/expr/expression.h"
#include "unit/engine/test_batches.h"

namespace sluice::engine {
namespace {

using columnar::DataType;
using columnar::Scalar;
using testing::MakeBatch;
using testing::MakeColumn;
using testing::Texts;

columnar::BatchPtr Sample() {
  return MakeBatch({
      {"i", MakeColumn(DataType::Int32(), {"1", "2", "NULL", "-4", "2147483647"})},
      {"l", MakeColumn(DataType::Int64(), {"10", "0", "5", "NULL", "1"})},
      {"d", MakeColumn(DataType::Float64(), {"1.5", "NaN", "-0.0", "NULL", "2"})},
      {"s", MakeColumn(DataType::String(), {"abc", "", "NULL", "12", "x y"})},
      {"b", MakeColumn(DataType::Boolean(), {"true", "false", "NULL", "true", "false"})},
      {"m", MakeColumn(DataType::Decimal(10, 2), {"1.25", "-3.50", "NULL", "0.01", "99999999.99"})},
  });
}

// Evaluates `expr` over Sample() and returns the values as text, or the error message.
std::vector<std::string> Eval(const ExprPtr& expr) {
  auto batch = Sample();
  auto bound = Bind(expr, *batch->schema());
  if (!bound.ok()) return {"error: " + bound.status().message()};
  auto column = EvaluateToColumn(**bound, *batch);
  if (!column.ok()) return {"error: " + column.status().message()};
  return Texts(**column);
}

std::string TypeOf(const ExprPtr& expr) {
  auto bound = Bind(expr, *Sample()->schema());
  return bound.ok() ? (*bound)->type->ToGlueType() : "error: " + bound.status().message();
}

using V = std::vector<std::string>;

TEST(ExpressionTest, ArithmeticKeepsTypesAndPropagatesNull) {
  EXPECT_EQ(Eval(Add(Col("l"), Lit(1))), (V{"11", "1", "6", "NULL", "2"}));
  EXPECT_EQ(TypeOf(Add(Col("i"), Col("l"))), "bigint");
  EXPECT_EQ(Eval(Add(Col("i"), Col("l"))), (V{"11", "2", "NULL", "NULL", "2147483648"}));
  EXPECT_EQ(TypeOf(Div(Col("i"), Col("l"))), "double");
  EXPECT_EQ(Eval(Div(Col("i"), Col("l"))), (V{"0.1", "NULL", "NULL", "NULL", "2147483647"}));  // x / 0 is NULL
  EXPECT_EQ(Eval(Mod(Col("l"), Lit(3))), (V{"1", "0", "2", "NULL", "1"}));
  EXPECT_EQ(Eval(Call("div", {Col("l"), Lit(3)})), (V{"3", "0", "1", "NULL", "0"}));
  EXPECT_EQ(Eval(Neg(Col("i"))), (V{"-1", "-2", "NULL", "4", "-2147483647"}));
}

TEST(ExpressionTest, IntegerOverflowIsAnErrorNamingTheExpression) {
  auto result = Eval(Add(Col("i"), Lit(1)));
  ASSERT_EQ(result.size(), 1u);
  EXPECT_EQ(result[0], "error: in (i + 1): integer overflow: 2147483647 + 1 does not fit int");
  EXPECT_EQ(Eval(Mul(Lit(int64_t{1} << 62), Lit(4)))[0].substr(0, 6), "error:");
}

TEST(ExpressionTest, DecimalArithmetic) {
  EXPECT_EQ(TypeOf(Add(Col("m"), Col("m"))), "decimal(11,2)");
  EXPECT_EQ(Eval(Add(Col("m"), Lit(1))), (V{"2.25", "-2.50", "NULL", "1.01", "100000000.99"}));
  EXPECT_EQ(TypeOf(Mul(Col("m"), Col("m"))), "decimal(21,4)");
  EXPECT_EQ(Eval(Mul(Col("m"), Col("m")))[0], "1.5625");
  EXPECT_EQ(TypeOf(Div(Col("m"), Lit(3))), "decimal(21,13)");  // Spark's rule
  EXPECT_EQ(Eval(Div(Col("m"), Lit(3)))[0], "0.4166666666667");
  EXPECT_EQ(Eval(Div(Col("m"), Lit(0)))[0], "NULL");
}

TEST(ExpressionTest, ComparisonsFollowSparkForNaNAndNull) {
  EXPECT_EQ(Eval(Gt(Col("d"), Lit(1.0))), (V{"true", "true", "false", "NULL", "true"}));  // NaN is largest
  EXPECT_EQ(Eval(Eq(Col("d"), Lit(0.0))), (V{"false", "false", "true", "NULL", "false"}));  // -0.0 = 0.0
  EXPECT_EQ(Eval(Eq(Col("s"), Lit("abc"))), (V{"true", "false", "NULL", "false", "false"}));
  EXPECT_EQ(Eval(Lt(Col("s"), Lit("b"))), (V{"true", "true", "NULL", "true", "false"}));
  // a string literal compared with a number is cast to the number's type
  EXPECT_EQ(Eval(Eq(Col("i"), Lit("2"))), (V{"false", "true", "NULL", "false", "false"}));
  EXPECT_EQ(Eval(Call("eq_null_safe", {Col("i"), NullLit()})), (V{"false", "false", "true", "false", "false"}));
}

TEST(ExpressionTest, ThreeValuedLogic) {
  auto is_true = Eq(Col("b"), Lit(true));
  EXPECT_EQ(Eval(And(Col("b"), NullLit())), (V{"NULL", "false", "NULL", "NULL", "false"}));
  EXPECT_EQ(Eval(Or(Col("b"), NullLit())), (V{"true", "NULL", "NULL", "true", "NULL"}));
  EXPECT_EQ(Eval(Not(Col("b"))), (V{"false", "true", "NULL", "false", "true"}));
  EXPECT_EQ(Eval(And(is_true, Gt(Col("i"), Lit(0)))), (V{"true", "false", "NULL", "false", "false"}));
  EXPECT_EQ(Eval(IsNull(Col("i"))), (V{"false", "false", "true", "false", "false"}));
  EXPECT_EQ(Eval(IsNotNull(Col("s"))), (V{"true", "true", "false", "true", "true"}));
}

TEST(ExpressionTest, InListWithNulls) {
  EXPECT_EQ(Eval(In(Col("i"), {Lit(1), Lit(-4)})), (V{"true", "false", "NULL", "true", "false"}));
  EXPECT_EQ(Eval(In(Col("i"), {Lit(1), NullLit()})), (V{"true", "NULL", "NULL", "NULL", "NULL"}));
  EXPECT_EQ(Eval(In(Col("s"), {Lit("abc"), Lit("12")})), (V{"true", "false", "NULL", "true", "false"}));
  EXPECT_EQ(Eval(In(Col("i"), {Col("l"), Lit(2)})), (V{"false", "true", "NULL", "NULL", "false"}));
}

TEST(ExpressionTest, CaseEvaluatesOnlyTheBranchARowTakes) {
  // The cast would fail on 'abc', '' and 'x y', but those rows take the ELSE branch.
  auto numeric = Call("regexp_like", {Col("s"), Lit("^[0-9]+$")});
  auto expr = Case({{numeric, Cast(Col("s"), DataType::Int32())}}, Lit(-1));
  EXPECT_EQ(Eval(expr), (V{"-1", "-1", "-1", "12", "-1"}));
  EXPECT_EQ(TypeOf(Case({{Col("b"), Col("i")}}, Col("l"))), "bigint");
  EXPECT_EQ(Eval(Case({{Col("b"), Col("s")}}, nullptr)), (V{"abc", "NULL", "NULL", "12", "NULL"}));
  // And the right side of AND only runs where the left side is not FALSE.
  EXPECT_EQ(Eval(And(numeric, Gt(Cast(Col("s"), DataType::Int32()), Lit(5)))), (V{"false", "false", "NULL", "true", "false"}));
}

TEST(ExpressionTest, CastErrorsNameTheValueAndTypes) {
  EXPECT_EQ(Eval(Cast(Col("s"), DataType::Int32()))[0],
            "error: in CAST(s AS int): cannot cast 'abc' from string to int");
  EXPECT_EQ(Eval(TryCast(Col("s"), DataType::Int32())), (V{"NULL", "NULL", "NULL", "12", "NULL"}));
  EXPECT_EQ(TypeOf(Cast(Col("d"), DataType::Date())), "error: in CAST(d AS date): cannot cast double to date");
  // a constant that cannot be cast fails when the plan is built
  EXPECT_EQ(TypeOf(Eq(Col("i"), Lit("x"))), "error: in (i = 'x'): cannot cast 'x' from string to int");
}

TEST(ExpressionTest, BindErrorsNameColumnsAndFunctions) {
  EXPECT_EQ(TypeOf(Col("nope")), "error: column 'nope' does not exist (columns: i, l, d, s, b, m)");
  EXPECT_EQ(TypeOf(Call("nope", {Col("i")})), "error: in nope(i): unknown function nope");
  EXPECT_EQ(TypeOf(Call("lower", {Col("i")})), "error: in lower(i): lower expects a string as argument 1, got int");
  EXPECT_EQ(TypeOf(And(Col("i"), Col("b"))), "error: in (i AND b): operand of AND i must be boolean, not int");
  EXPECT_EQ(TypeOf(Col("I")), "int");  // names are matched ignoring case when there is no exact match
}

TEST(ExpressionTest, ConstantsAreFolded) {
  auto bound = Bind(Add(Lit(1), Mul(Lit(2), Lit(3))), *Sample()->schema());
  ASSERT_TRUE(bound.ok());
  EXPECT_EQ((*bound)->kind, ExprKind::kLiteral);
  EXPECT_EQ((*bound)->literal.ToString(), "7");
}

}  // namespace
}  // namespace sluice::engine
