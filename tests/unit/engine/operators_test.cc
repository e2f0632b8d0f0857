// Operators end to end through ExecuteQuery on batches built in memory: filter, project, joins
// of every type, aggregates, distinct, union, sort (in memory, top-N and spilled), limit, and
// the order and error guarantees of the pipelines.
#include <gtest/gtest.h>

#include "engine/plan/plan_builder.h"
#include "engine/query.h"
#include "unit/engine/plan_runner.h"
#include "unit/engine/test_batches.h"

namespace sluice::engine {
namespace {

using columnar::DataType;
using testing::MakeBatch;
using testing::MakeColumn;
using testing::RunRows;
using testing::RunSorted;
using testing::Split;
using V = std::vector<std::string>;

PlanBuilder Orders(int64_t batch_rows = 2) {
  auto batch = MakeBatch({
      {"id", MakeColumn(DataType::Int64(), {"1", "2", "3", "4", "5", "6"})},
      {"customer", MakeColumn(DataType::String(), {"a", "b", "a", "NULL", "c", "a"})},
      {"amount", MakeColumn(DataType::Decimal(10, 2), {"10.00", "20.50", "5.25", "7.00", "NULL", "1.00"})},
      {"day", MakeColumn(DataType::Date(), {"2024-01-01", "2024-01-02", "2024-01-02", "2024-01-03", "2024-01-03", "2024-01-04"})},
  });
  return PlanBuilder::Values(batch->schema(), Split(batch, batch_rows));
}

PlanBuilder Customers() {
  auto batch = MakeBatch({
      {"name", MakeColumn(DataType::String(), {"a", "b", "d", "NULL", "a"})},
      {"country", MakeColumn(DataType::String(), {"FR", "DE", "US", "XX", "ES"})},
  });
  return PlanBuilder::Values(batch->schema(), Split(batch, 2));
}

TEST(OperatorsTest, FilterAndProjectKeepInputOrder) {
  auto plan = Orders(1).Filter(Gt(Col("amount"), Lit(2))).Project({{Col("id"), "id"}, {Mul(Col("amount"), Lit(2)), "twice"}});
  EXPECT_EQ(RunRows(plan), (V{"1|20.00", "2|41.00", "3|10.50", "4|14.00"}));
  EXPECT_EQ(RunRows(Orders().Select({"customer", "ID"})), (V{"a|1", "b|2", "a|3", "NULL|4", "c|5", "a|6"}));
  EXPECT_EQ(RunRows(Orders().Drop({"customer", "amount", "day"}).Rename("id", "n")), (V{"1", "2", "3", "4", "5", "6"}));
}

TEST(OperatorsTest, JoinTypes) {
  auto join = [](JoinType type) {
    return Orders().Select({"id", "customer"}).Join(Customers(), type, {Col("customer")}, {Col("name")});
  };
  EXPECT_EQ(RunSorted(join(JoinType::kInner)),
            (V{"1|a|a|ES", "1|a|a|FR", "2|b|b|DE", "3|a|a|ES", "3|a|a|FR", "6|a|a|ES", "6|a|a|FR"}));
  EXPECT_EQ(RunSorted(join(JoinType::kLeft)), (V{"1|a|a|ES", "1|a|a|FR", "2|b|b|DE", "3|a|a|ES", "3|a|a|FR", "4|NULL|NULL|NULL",
                                                 "5|c|NULL|NULL", "6|a|a|ES", "6|a|a|FR"}));
  EXPECT_EQ(RunSorted(join(JoinType::kRight)), (V{"1|a|a|ES", "1|a|a|FR", "2|b|b|DE", "3|a|a|ES", "3|a|a|FR", "6|a|a|ES",
                                                  "6|a|a|FR", "NULL|NULL|NULL|XX", "NULL|NULL|d|US"}));
  EXPECT_EQ(RunSorted(join(JoinType::kFull)).size(), 11u);
  EXPECT_EQ(RunSorted(join(JoinType::kSemi)), (V{"1|a", "2|b", "3|a", "6|a"}));
  // NULL keys never match, so the NULL customer survives an anti join (NOT EXISTS semantics).
  EXPECT_EQ(RunSorted(join(JoinType::kAnti)), (V{"4|NULL", "5|c"}));
}

TEST(OperatorsTest, JoinOnSeveralKeysWithCoercion) {
  auto left = MakeBatch({{"k1", MakeColumn(DataType::Int32(), {"1", "1", "2"})},
                         {"k2", MakeColumn(DataType::String(), {"x", "y", "x"})}});
  auto right = MakeBatch({{"r1", MakeColumn(DataType::Int64(), {"1", "2", "1"})},
                          {"r2", MakeColumn(DataType::String(), {"y", "x", "z"})},
                          {"v", MakeColumn(DataType::Int32(), {"10", "20", "30"})}});
  auto plan = PlanBuilder::Values(left->schema(), {left})
                  .Join(PlanBuilder::Values(right->schema(), {right}), JoinType::kInner, {Col("k1"), Col("k2")},
                        {Col("r1"), Col("r2")});
  EXPECT_EQ(RunSorted(plan), (V{"1|y|1|y|10", "2|x|2|x|20"}));
  auto bad = PlanBuilder::Values(left->schema(), {left})
                 .Join(PlanBuilder::Values(right->schema(), {right}), JoinType::kInner, {Col("k2")}, {Col("v")});
  EXPECT_EQ(RunRows(bad), (V{"error: Join (inner): left key k2 (string) cannot be compared with right key v (int)"}));
}

TEST(OperatorsTest, AggregatesByKey) {
  auto plan = Orders().Aggregate({{Col("customer"), "customer"}},
                                 {{"count", nullptr, "n"},
                                  {"count", Col("amount"), "with_amount"},
                                  {"sum", Col("amount"), "total"},
                                  {"avg", Col("amount"), "mean"},
                                  {"min", Col("day"), "first_day"},
                                  {"max", Col("id"), "max_id"},
                                  {"first", Col("id"), "first_id"},
                                  {"last", Col("id"), "last_id"},
                                  {"count_distinct", Col("day"), "days"}});
  EXPECT_EQ(RunSorted(plan), (V{"NULL|1|1|7.00|7.000000|2024-01-03|4|4|4|1",
                                "a|3|3|16.25|5.416667|2024-01-01|6|1|6|3",
                                "b|1|1|20.50|20.500000|2024-01-02|2|2|2|1",
                                "c|1|0|NULL|NULL|2024-01-03|5|5|5|1"}));
  EXPECT_EQ(plan.schema()->ToString(),
            "customer: string, n: bigint, with_amount: bigint, total: decimal(20,2), mean: decimal(14,6), first_day: date, "
            "max_id: bigint, first_id: bigint, last_id: bigint, days: bigint");
}

TEST(OperatorsTest, GlobalAggregateOverNoRowsHasOneRow) {
  auto plan = Orders().Filter(Lt(Col("id"), Lit(0))).Aggregate({}, {{"count", nullptr, "n"}, {"sum", Col("id"), "s"}, {"max", Col("customer"), "m"}});
  EXPECT_EQ(RunRows(plan), (V{"0|NULL|NULL"}));
}

TEST(OperatorsTest, VarianceFamily) {
  auto batch = MakeBatch({{"x", MakeColumn(DataType::Float64(), {"2", "4", "4", "4", "5", "5", "7", "9"})}});
  auto plan = PlanBuilder::Values(batch->schema(), Split(batch, 3))
                  .Aggregate({}, {{"var_pop", Col("x"), "vp"},
                                  {"stddev_pop", Col("x"), "sp"},
                                  {"var_samp", Col("x"), "vs"},
                                  {"skewness", Col("x"), "sk"},
                                  {"kurtosis", Col("x"), "ku"}})
                  .Project({{Call("round", {Col("vp"), Lit(6)}), "vp"},
                            {Call("round", {Col("sp"), Lit(6)}), "sp"},
                            {Call("round", {Col("vs"), Lit(6)}), "vs"},
                            {Call("round", {Col("sk"), Lit(6)}), "sk"},
                            {Call("round", {Col("ku"), Lit(6)}), "ku"}});
  EXPECT_EQ(RunRows(plan), (V{"4|2|4.571429|0.65625|-0.21875"}));
}

TEST(OperatorsTest, DistinctKeepsTheFirstRowOfEachKey) {
  EXPECT_EQ(RunRows(Orders().Distinct({"customer"}).Select({"id", "customer"}).Sort({SortBy("id")})),
            (V{"1|a", "2|b", "4|NULL", "5|c"}));
  EXPECT_EQ(RunSorted(Orders().Select({"customer"}).Distinct()), (V{"NULL", "a", "b", "c"}));
}

TEST(OperatorsTest, UnionAllAndDistinct) {
  auto ids = [] { return Orders().Select({"id"}); };
  auto small = [] {
    auto b = MakeBatch({{"n", MakeColumn(DataType::Int32(), {"1", "100"})}});
    return PlanBuilder::Values(b->schema(), {b});
  };
  EXPECT_EQ(RunRows(ids().Union({small()}, true)), (V{"1", "2", "3", "4", "5", "6", "1", "100"}));
  EXPECT_EQ(RunSorted(ids().Union({small()}, false)), (V{"1", "100", "2", "3", "4", "5", "6"}));
  EXPECT_EQ(ids().Union({small()}).schema()->ToString(), "id: bigint");
}

TEST(OperatorsTest, SortWithNullOrderingAndStability) {
  auto plan = Orders(1).Sort({SortKey{Col("customer"), true, false}, SortKey{Col("amount"), false, true}});
  EXPECT_EQ(RunRows(plan.Select({"id"})), (V{"1", "3", "6", "2", "5", "4"}));
  // Equal keys keep their input order.
  EXPECT_EQ(RunRows(Orders(1).Sort({SortBy("day")}).Select({"id"})), (V{"1", "2", "3", "4", "5", "6"}));
  EXPECT_EQ(RunRows(Orders(1).Sort({SortBy("day", false)}).Select({"id"})), (V{"6", "4", "5", "2", "3", "1"}));
}

TEST(OperatorsTest, LimitAndTopN) {
  EXPECT_EQ(RunRows(Orders(1).Limit(2, 3).Select({"id"})), (V{"4", "5"}));
  EXPECT_EQ(RunRows(Orders(1).Sort({SortBy("amount", false)}).Limit(2).Select({"id"})), (V{"2", "1"}));
  EXPECT_EQ(RunRows(Orders().Limit(0)), V{});
}

TEST(OperatorsTest, ExternalSortSpillsAndMerges) {
  // 20000 rows in batches of 100 with a tiny memory budget: many runs merged back.
  columnar::Int64Builder ids(DataType::Int64());
  columnar::StringBuilder names(DataType::String());
  for (int64_t i = 0; i < 20000; ++i) {
    ids.Append((i * 7919) % 20000);
    names.Append("n" + std::to_string(i % 97));
  }
  auto batch = MakeBatch({{"id", ids.Finish()}, {"name", names.Finish()}});
  ExecutionOptions options;
  options.memory_limit_bytes = 64 * 1024;
  options.batch_rows = 1000;
  auto plan = PlanBuilder::Values(batch->schema(), Split(batch, 100)).Sort({SortBy("name"), SortBy("id", false)});
  auto built = plan.Build();
  ASSERT_TRUE(built.ok());
  ExecutionContext context(options);
  auto result = ExecuteQuery(*built, context);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_GT(context.stats().spill_files.load(), 5);
  std::vector<std::pair<std::string, int64_t>> rows;
  for (const auto& b : result->batches) {
    for (int64_t r = 0; r < b->num_rows(); ++r) rows.emplace_back(std::string(b->column(1)->GetView(r)), b->column(0)->Values<int64_t>()[r]);
  }
  ASSERT_EQ(rows.size(), 20000u);
  for (size_t i = 1; i < rows.size(); ++i) {
    bool ordered = rows[i - 1].first < rows[i].first || (rows[i - 1].first == rows[i].first && rows[i - 1].second > rows[i].second);
    ASSERT_TRUE(ordered) << i;
  }
}

TEST(OperatorsTest, ScanOrderIsKeptAcrossThreads) {
  columnar::Int64Builder ids(DataType::Int64());
  for (int64_t i = 0; i < 100000; ++i) ids.Append(i);
  auto batch = MakeBatch({{"id", ids.Finish()}});
  ExecutionOptions options;
  options.threads = 4;
  options.reorder_window_batches = 2;
  auto plan = PlanBuilder::Values(batch->schema(), Split(batch, 997)).Filter(Ne(Mod(Col("id"), Lit(3)), Lit(0)));
  auto rows = RunRows(plan, options);
  ASSERT_EQ(rows.size(), 66666u);
  int64_t previous = -1;
  for (const auto& row : rows) {
    int64_t id = std::stoll(row);
    ASSERT_GT(id, previous);
    previous = id;
  }
}

TEST(OperatorsTest, PlanErrorsNameTheNodeAndField) {
  EXPECT_EQ(RunRows(Orders().Filter(Col("id"))), (V{"error: Filter id: the condition id is bigint, not boolean"}));
  EXPECT_EQ(RunRows(Orders().Select({"nope"})), (V{"error: Select: column 'nope' does not exist (columns: id, customer, amount, day)"}));
  EXPECT_EQ(RunRows(Orders().Aggregate({}, {{"sum", Col("customer"), "s"}})),
            (V{"error: Aggregate s: sum expects a number, got string"}));
  EXPECT_EQ(RunRows(Orders().Join(Customers(), JoinType::kInner, {Col("id")}, {Col("country")})), (V{"error: Join (inner): left key id (bigint) cannot be compared with right key country (string)"}));
  EXPECT_EQ(RunRows(Orders().Project({{Col("id"), "x"}, {Col("customer"), "x"}})),
            (V{"error: Project: output column 'x' appears more than once"}));
}

TEST(OperatorsTest, RuntimeErrorsStopTheQuery) {
  auto plan = Orders(1).Project({{Cast(Col("customer"), DataType::Int32()), "n"}});
  EXPECT_EQ(RunRows(plan), (V{"error: in CAST(customer AS int): cannot cast 'a' from string to int"}));
}

TEST(OperatorsTest, ExplainShowsPushdownAndPruning) {
  auto plan = Orders().Filter(And(Gt(Col("id"), Lit(2)), IsNotNull(Col("customer")))).Select({"customer"}).Build();
  ASSERT_TRUE(plan.ok());
  ExecutionContext context;
  auto text = ExplainQuery(*plan, context);
  ASSERT_TRUE(text.ok());
  EXPECT_NE(text->find("Scan values (3 batches in memory) [id, customer] filter ((id > 2) AND (customer IS NOT NULL)) "
                       "pushdown (customer IS NOT NULL AND id > 2)"),
            std::string::npos)
      << *text;
}

}  // namespace
}  // namespace sluice::engine
