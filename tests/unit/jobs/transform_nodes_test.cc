// Tests of the transform nodes run on small data through the engine (jobs/nodes/*.h):
// each builds a job around one node, runs it and reads the output back.
#include <gtest/gtest.h>

#include "unit/jobs/job_fixture.h"

namespace sluice::jobs::testing {
namespace {

using Rows = std::vector<std::string>;

class TransformNodesTest : public JobFixture {
 protected:
  void SetUp() override {
    JobFixture::SetUp();
    PutOrdersAndCustomers();
  }
  // Runs orders → node(s) → JSON target; returns the output rows.
  Rows RunOn(const std::string& nodes, const std::string& last, Arguments arguments = {}) {
    // Each run writes to a folder of its own, so runs in one test do not see each other's output.
    std::string folder = "t" + std::to_string(runs_ + 1);
    std::string job = "{" + OrdersSource() + "," + CustomersSource() + "," + nodes + "," + JsonTarget(last, folder) + "}";
    auto result = Run(job, std::move(arguments));
    EXPECT_TRUE(result.ok()) << result.status().ToString();
    return ReadJsonLines("out/" + folder + "/");
  }
};

TEST_F(TransformNodesTest, ApplyMappingRenamesCastsDropsAndNullsBadValues) {
  Put("raw/orders/more.csv", "order_id,customer_id,amount,country\nx9,c9,1,IT\n");
  Rows rows = RunOn(R"("map": {"ApplyMapping": {"Name": "Cast", "Inputs": ["orders"], "Mapping": [
      {"ToKey": "id", "FromPath": ["order_id"], "FromType": "string", "ToType": "int"},
      {"ToKey": "cust", "FromPath": ["customer_id"], "ToType": "string"},
      {"ToKey": "amount", "FromPath": ["amount"], "ToType": "string", "Dropped": true}]}})",
                    "map");
  // order_id is inferred as text because of "x9", which does not convert to int: NULL.
  Rows expected = {R"({"id":1,"cust":"c1"})", R"({"id":2,"cust":"c2"})", R"({"id":3,"cust":"c1"})",
                   R"({"id":4,"cust":"c3"})", R"({"id":5,"cust":"c2"})", R"({"id":null,"cust":"c9"})"};
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(rows, expected);
}

TEST_F(TransformNodesTest, FilterWithEveryOperationAndNegation) {
  Rows rows = RunOn(R"("f": {"Filter": {"Name": "F", "Inputs": ["orders"], "LogicalOperator": "AND", "Filters": [
      {"Operation": "GT", "Values": [{"Type": "COLUMNEXTRACTED", "Value": ["amount"]}, {"Type": "CONSTANT", "Value": ["0"]}]},
      {"Operation": "ISNULL", "Negated": true, "Values": [{"Type": "COLUMNEXTRACTED", "Value": ["customer_id"]}]},
      {"Operation": "REGEX", "Values": [{"Type": "COLUMNEXTRACTED", "Value": ["country"]}, {"Type": "CONSTANT", "Value": ["F"]}]}]}},
      "s": {"SelectFields": {"Name": "S", "Inputs": ["f"], "Paths": [["order_id"]]}})",
                    "s");
  EXPECT_EQ(rows, (Rows{R"({"order_id":1})", R"({"order_id":3})"}));
  Rows either = RunOn(R"("f": {"Filter": {"Name": "F", "Inputs": ["orders"], "LogicalOperator": "OR", "Filters": [
      {"Operation": "EQ", "Values": [{"Type": "COLUMNEXTRACTED", "Value": ["country"]}, {"Type": "CONSTANT", "Value": ["US"]}]},
      {"Operation": "LTE", "Negated": true, "Values": [{"Type": "COLUMNEXTRACTED", "Value": ["order_id"]}, {"Type": "CONSTANT", "Value": ["4"]}]}]}},
      "s": {"SelectFields": {"Name": "S", "Inputs": ["f"], "Paths": [["order_id"]]}})",
                      "s");
  EXPECT_EQ(either, (Rows{R"({"order_id":4})", R"({"order_id":5})"}));
}

TEST_F(TransformNodesTest, JoinTypes) {
  auto join = [&](const std::string& type) {
    return RunOn(R"("j": {"Join": {"Name": "J", "Inputs": ["orders", "customers"], "JoinType": ")" + type +
                     R"(", "Columns": [{"From": "orders", "Keys": [["customer_id"]]}, {"From": "customers", "Keys": [["id"]]}]}},
      "s": {"SelectFields": {"Name": "S", "Inputs": ["j"], "Paths": [["order_id"], ["name"]]}})",
                 "s");
  };
  EXPECT_EQ(join("equijoin").size(), 4u);
  Rows left = join("left");
  EXPECT_EQ(left.size(), 5u);
  EXPECT_NE(std::find(left.begin(), left.end(), R"({"order_id":4,"name":null})"), left.end());
  Rows right = join("right");
  EXPECT_EQ(right.size(), 5u);
  EXPECT_NE(std::find(right.begin(), right.end(), R"({"order_id":null,"name":"Dan"})"), right.end());
  EXPECT_EQ(join("outer").size(), 6u);
  Rows semi = RunOn(R"("j": {"Join": {"Name": "J", "Inputs": ["orders", "customers"], "JoinType": "leftsemi",
      "Columns": [{"From": "customers", "Keys": [["id"]]}, {"From": "orders", "Keys": [["customer_id"]]}]}},
      "s": {"SelectFields": {"Name": "S", "Inputs": ["j"], "Paths": [["order_id"]]}})",
                    "s");
  EXPECT_EQ(semi, (Rows{R"({"order_id":1})", R"({"order_id":2})", R"({"order_id":3})", R"({"order_id":5})"}));
  Rows anti = RunOn(R"("j": {"Join": {"Name": "J", "Inputs": ["orders", "customers"], "JoinType": "leftanti",
      "Columns": [{"From": "orders", "Keys": [["customer_id"]]}, {"From": "customers", "Keys": [["id"]]}]}},
      "s": {"SelectFields": {"Name": "S", "Inputs": ["j"], "Paths": [["order_id"]]}})",
                    "s");
  EXPECT_EQ(anti, (Rows{R"({"order_id":4})"}));
}

TEST_F(TransformNodesTest, AggregateNamesColumnsAsSpark) {
  Rows rows = RunOn(R"("a": {"Aggregate": {"Name": "A", "Inputs": ["orders"], "Groups": [["country"]], "Aggs": [
      {"Column": ["amount"], "AggFunc": "sum"}, {"Column": ["customer_id"], "AggFunc": "countDistinct"},
      {"Column": ["order_id"], "AggFunc": "count"}, {"Column": ["order_id"], "AggFunc": "max"}]}})",
                    "a");
  EXPECT_EQ(rows, (Rows{R"x({"country":"DE","sum(amount)":1.7E1,"count(DISTINCT customer_id)":1,"count(order_id)":2,"max(order_id)":5})x",
                        R"x({"country":"FR","sum(amount)":1.75E1,"count(DISTINCT customer_id)":1,"count(order_id)":2,"max(order_id)":3})x",
                        R"x({"country":"US","sum(amount)":null,"count(DISTINCT customer_id)":1,"count(order_id)":1,"max(order_id)":4})x"}));
}

TEST_F(TransformNodesTest, UnionDropDuplicatesAndSelectFromCollection) {
  Rows all = RunOn(R"("s1": {"SelectFields": {"Name": "S1", "Inputs": ["orders"], "Paths": [["country"]]}},
      "s2": {"SelectFields": {"Name": "S2", "Inputs": ["orders"], "Paths": [["country"]]}},
      "u": {"Union": {"Name": "U", "Inputs": ["s1", "s2"], "UnionType": "ALL"}})",
                   "u");
  EXPECT_EQ(all.size(), 10u);
  Rows distinct = RunOn(R"("s1": {"SelectFields": {"Name": "S1", "Inputs": ["orders"], "Paths": [["country"]]}},
      "s2": {"SelectFields": {"Name": "S2", "Inputs": ["orders"], "Paths": [["country"]]}},
      "u": {"Union": {"Name": "U", "Inputs": ["s1", "s2"], "UnionType": "DISTINCT"}})",
                        "u");
  EXPECT_EQ(distinct, (Rows{R"({"country":"DE"})", R"({"country":"FR"})", R"({"country":"US"})"}));
  Rows first = RunOn(R"("d": {"DropDuplicates": {"Name": "D", "Inputs": ["orders"], "Columns": [["customer_id"]]}},
      "s": {"SelectFields": {"Name": "S", "Inputs": ["d"], "Paths": [["order_id"]]}})",
                     "s");
  EXPECT_EQ(first, (Rows{R"({"order_id":1})", R"({"order_id":2})", R"({"order_id":4})"}));
  Rows split = RunOn(R"("sp": {"SplitFields": {"Name": "Sp", "Inputs": ["orders"], "Paths": [["order_id"], ["country"]]}},
      "pick": {"SelectFromCollection": {"Name": "P", "Inputs": ["sp"], "Index": 1}},
      "f": {"Filter": {"Name": "F", "Inputs": ["pick"], "LogicalOperator": "AND", "Filters": [
        {"Operation": "EQ", "Values": [{"Type": "COLUMNEXTRACTED", "Value": ["customer_id"]}, {"Type": "CONSTANT", "Value": ["c3"]}]}]}})",
                     "f");
  EXPECT_EQ(split, (Rows{R"({"customer_id":"c3","amount":null})"}));
}

TEST_F(TransformNodesTest, RenameDropAndNestedFields) {
  Put("raw/people/p.json",
      "{\"id\":1,\"address\":{\"city\":\"Lyon\",\"zip\":\"69001\"}}\n"
      "{\"id\":2,\"address\":null}\n");
  std::string nodes = R"({"p": {"S3JsonSource": {"Name": "P", "Paths": ["s3://lake/raw/people/"]}},
      "r": {"RenameField": {"Name": "R", "Inputs": ["p"], "SourcePath": ["address", "city"], "TargetPath": ["address", "town"]}},
      "d": {"DropFields": {"Name": "D", "Inputs": ["r"], "Paths": [["address", "zip"]]}},
      )" + JsonTarget("d", "nested") + "}";
  auto result = Run(nodes);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(ReadJsonLines("out/nested/"), (Rows{R"({"id":1,"address":{"town":"Lyon"}})", R"({"id":2,"address":null})"}));
}

TEST_F(TransformNodesTest, DropNullFieldsLooksAtTheData) {
  Put("raw/sparse/s.csv", "a,b,c,d\n1,,null,-1\n2,,null,-1\n");
  std::string nodes = R"({"s": {"S3CsvSource": {"Name": "S", "Paths": ["s3://lake/raw/sparse/"], "Separator": "comma",
        "QuoteChar": "quote", "WithHeader": true}},
      "n": {"DropNullFields": {"Name": "N", "Inputs": ["s"], "NullCheckBoxList": {"IsNullString": true, "IsNegOne": true}}},
      )" + JsonTarget("n", "dropped") + "}";
  auto result = Run(nodes);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(ReadJsonLines("out/dropped/"), (Rows{R"({"a":1})", R"({"a":2})"}));
  // Before a run, the schema is the input's and says it depends on the data.
  auto built = Validate(nodes);
  ASSERT_TRUE(built.ok() && built->status.ok());
  EXPECT_TRUE(built->nodes[1].data_dependent);
  EXPECT_EQ(built->nodes[1].frames[0]->num_fields(), 4u);
}

TEST_F(TransformNodesTest, FillMissingValuesAddsAFilledColumn) {
  Rows rows = RunOn(R"("m": {"FillMissingValues": {"Name": "M", "Inputs": ["orders"], "ImputedPath": "amount"}},
      "s": {"SelectFields": {"Name": "S", "Inputs": ["m"], "Paths": [["order_id"], ["amount_filled"]]}})",
                    "s");
  // The mean of 10.5, -3, 7 and 20 fills order 4.
  EXPECT_EQ(rows, (Rows{R"({"order_id":1,"amount_filled":1.05E1})", R"({"order_id":2,"amount_filled":-3E0})",
                        R"({"order_id":3,"amount_filled":7E0})", R"({"order_id":4,"amount_filled":8.625E0})",
                        R"({"order_id":5,"amount_filled":2E1})"}));
}

TEST_F(TransformNodesTest, SpigotWritesASampleAndPassesRowsThrough) {
  Rows rows = RunOn(R"("sp": {"Spigot": {"Name": "Sp", "Inputs": ["orders"], "Path": "s3://lake/samples/", "Topk": 2}})", "sp");
  EXPECT_EQ(rows.size(), 5u);
  EXPECT_EQ(ReadJsonLines("samples/").size(), 2u);
}

TEST_F(TransformNodesTest, ArgumentsReachNodeOptions) {
  Rows rows = RunOn(R"("f": {"Filter": {"Name": "F", "Inputs": ["orders"], "LogicalOperator": "AND", "Filters": [
      {"Operation": "EQ", "Values": [{"Type": "COLUMNEXTRACTED", "Value": ["country"]}, {"Type": "CONSTANT", "Value": ["${country}"]}]}]}},
      "s": {"SelectFields": {"Name": "S", "Inputs": ["f"], "Paths": [["order_id"]]}})",
                    "s", {{"--country", "DE"}});
  EXPECT_EQ(rows, (Rows{R"({"order_id":2})", R"({"order_id":5})"}));
}

}  // namespace
}  // namespace sluice::jobs::testing
