// Tests of the visual job graph's structure checks and order (jobs/graph/job_graph.h).
#include "jobs/graph/job_graph.h"

#include <gtest/gtest.h>

#include "common/json.h"

namespace sluice::jobs {
namespace {

boost::json::object Nodes(std::string_view text) { return ParseJson(text)->as_object(); }

TEST(JobGraph, OrdersInputsBeforeReaders) {
  auto graph = JobGraph::Parse(Nodes(R"({
    "out": {"S3DirectTarget": {"Name": "out", "Inputs": ["map"], "Path": "s3://b/o/", "Format": "json"}},
    "map": {"SelectFields": {"Name": "keep", "Inputs": ["src"], "Paths": [["a"]]}},
    "src": {"S3JsonSource": {"Name": "in", "Paths": ["s3://b/i/"]}}})"));
  ASSERT_TRUE(graph.ok()) << graph.status().ToString();
  ASSERT_EQ(graph->nodes().size(), 3u);
  EXPECT_EQ(graph->nodes()[0].header.id, "src");
  EXPECT_EQ(graph->nodes()[1].header.id, "map");
  EXPECT_EQ(graph->nodes()[2].header.id, "out");
  EXPECT_EQ(graph->nodes()[1].header.name, "keep");
  EXPECT_EQ(graph->ConsumersOf("src"), std::vector<std::string>{"map"});
}

TEST(JobGraph, RejectsCyclesNamingTheNodes) {
  auto graph = JobGraph::Parse(Nodes(R"({
    "a": {"SelectFields": {"Name": "a", "Inputs": ["b"], "Paths": [["x"]]}},
    "b": {"SelectFields": {"Name": "b", "Inputs": ["a"], "Paths": [["x"]]}}})"));
  ASSERT_FALSE(graph.ok());
  EXPECT_EQ(graph.status().aws_code(), "InvalidInputException");
  EXPECT_NE(graph.status().message().find("'a', 'b' form a cycle"), std::string::npos) << graph.status().message();
}

TEST(JobGraph, RejectsMissingInputs) {
  auto graph = JobGraph::Parse(Nodes(R"({
    "t": {"S3DirectTarget": {"Name": "t", "Inputs": ["nowhere"], "Path": "s3://b/o/", "Format": "json"}}})"));
  ASSERT_FALSE(graph.ok());
  EXPECT_NE(graph.status().message().find("node 't' (S3DirectTarget): input 'nowhere' is not a node of this job"),
            std::string::npos)
      << graph.status().message();
}

TEST(JobGraph, RejectsWrongInputCounts) {
  auto graph = JobGraph::Parse(Nodes(R"({
    "s": {"S3JsonSource": {"Name": "s", "Paths": ["s3://b/i/"]}},
    "j": {"Join": {"Name": "j", "Inputs": ["s"], "JoinType": "equijoin", "Columns": []}}})"));
  ASSERT_FALSE(graph.ok());
  EXPECT_NE(graph.status().message().find("a Join node takes 2 inputs, this one has 1"), std::string::npos)
      << graph.status().message();
}

TEST(JobGraph, RejectsUnionsWithTwoTypesAndUnknownTypes) {
  auto two = JobGraph::Parse(Nodes(R"({"x": {"S3JsonSource": {"Paths": []}, "S3CsvSource": {"Paths": []}}})"));
  ASSERT_FALSE(two.ok());
  EXPECT_NE(two.status().message().find("exactly one node type, found 2"), std::string::npos);
  auto unknown = JobGraph::Parse(Nodes(R"({"x": {"MagicSource": {"Name": "m"}}})"));
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.status().message().find("unknown node type MagicSource"), std::string::npos);
}

TEST(JobGraph, AcceptsTypesSluiceCannotRunForStorage) {
  // A job exported from AWS with a SparkSQL node can be stored; running it is refused later.
  auto graph = JobGraph::Parse(Nodes(R"({
    "s": {"S3JsonSource": {"Name": "s", "Paths": ["s3://b/i/"]}},
    "q": {"SparkSQL": {"Name": "q", "Inputs": ["s"], "SqlQuery": "select 1", "SqlAliases": []}}})"));
  ASSERT_TRUE(graph.ok()) << graph.status().ToString();
  EXPECT_FALSE(graph->nodes()[1].info->runnable());
}

}  // namespace
}  // namespace sluice::jobs
