// Tests of job arguments inside node members (jobs/graph/job_arguments.h).
#include "jobs/graph/job_arguments.h"

#include <gtest/gtest.h>

#include "common/json.h"

namespace sluice::jobs {
namespace {

TEST(JobArguments, ReplacesReferencesWithOrWithoutDashes) {
  Arguments arguments = {{"--date", "2024-06-01"}, {"--country", "FR"}};
  auto text = SubstituteText("s3://lake/${date}/${--country}/x", arguments, "here");
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(*text, "s3://lake/2024-06-01/FR/x");
  EXPECT_EQ(*SubstituteText("cost $5 and $${literal}", arguments, "here"), "cost $5 and ${literal}");
}

TEST(JobArguments, NamesTheNodeAndMemberOfAMissingArgument) {
  auto nodes = ParseJson(R"({"src": {"S3CsvSource": {"Paths": ["s3://b/${day}/"]}}})")->as_object();
  auto replaced = SubstituteArguments(nodes, {});
  ASSERT_FALSE(replaced.ok());
  EXPECT_EQ(replaced.status().aws_code(), "InvalidInputException");
  EXPECT_NE(replaced.status().message().find("node 'src'.S3CsvSource.Paths[0]: refers to ${day}"), std::string::npos)
      << replaced.status().message();
  auto unclosed = SubstituteText("s3://b/${day", {{"--day", "1"}}, "x");
  EXPECT_FALSE(unclosed.ok());
}

TEST(JobArguments, SubstitutesEveryStringOfTheGraph) {
  auto nodes = ParseJson(R"({"f": {"Filter": {"Filters": [{"Values": [{"Value": ["${country}"]}]}]}}})")->as_object();
  auto replaced = SubstituteArguments(nodes, {{"--country", "DE"}});
  ASSERT_TRUE(replaced.ok());
  EXPECT_EQ(ToJson(*replaced), R"({"f":{"Filter":{"Filters":[{"Values":[{"Value":["DE"]}]}]}}})");
}

}  // namespace
}  // namespace sluice::jobs
