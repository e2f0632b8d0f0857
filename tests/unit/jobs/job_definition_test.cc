// Tests of job documents: Glue's defaults and cross-member checks (jobs/job_definition.h).
#include "jobs/job_definition.h"

#include <gtest/gtest.h>

#include "common/json.h"

namespace sluice::jobs {
namespace {

Result<boost::json::object> Normalize(std::string_view text) { return NormalizeJobDocument(ParseJson(text)->as_object()); }

TEST(JobDefinition, FillsGlueDefaults) {
  auto document = Normalize(R"({"Name": "j", "Role": "r", "Command": {"ScriptLocation": "s3://b/x.py"}})");
  ASSERT_TRUE(document.ok()) << document.status().ToString();
  JobDefinition job{"j", *document};
  EXPECT_EQ(job.command_name(), "glueetl");
  EXPECT_EQ(job.max_concurrent_runs(), 1);
  EXPECT_EQ(job.max_retries(), 0);
  EXPECT_EQ(job.timeout_minutes(), 2880);
  EXPECT_EQ(GetNumber(*document, "MaxCapacity"), 10.0);
  EXPECT_EQ(GetString(*document, "JobMode"), "SCRIPT");
  EXPECT_FALSE(document->contains("Name"));
}

TEST(JobDefinition, CapacityFollowsWorkers) {
  auto document = Normalize(R"({"Role": "r", "Command": {"Name": "glueetl"}, "WorkerType": "G.2X",
                                "NumberOfWorkers": 5, "GlueVersion": "5.0"})");
  ASSERT_TRUE(document.ok());
  EXPECT_EQ(GetNumber(*document, "MaxCapacity"), 10.0);
  EXPECT_EQ(GetInt(*document, "AllocatedCapacity"), 10);
  EXPECT_EQ(GetInt(*document, "Timeout"), 480);
  auto shell = Normalize(R"({"Role": "r", "Command": {"Name": "pythonshell"}})");
  ASSERT_TRUE(shell.ok());
  EXPECT_EQ(GetNumber(*shell, "MaxCapacity"), 0.0625);
}

TEST(JobDefinition, RefusesConflictingCapacity) {
  auto both = Normalize(R"({"Role": "r", "Command": {}, "WorkerType": "G.1X", "NumberOfWorkers": 2, "MaxCapacity": 2})");
  ASSERT_FALSE(both.ok());
  EXPECT_EQ(both.status().aws_code(), "InvalidInputException");
  EXPECT_FALSE(Normalize(R"({"Role": "r", "Command": {}, "WorkerType": "G.1X"})").ok());
  EXPECT_FALSE(Normalize(R"({"Role": "r", "Command": {"Name": "pythonshell"}, "MaxCapacity": 3})").ok());
  EXPECT_FALSE(Normalize(R"({"Role": "r", "Command": {"Name": "sparkle"}})").ok());
}

}  // namespace
}  // namespace sluice::jobs
