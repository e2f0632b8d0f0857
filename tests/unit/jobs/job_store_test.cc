// Tests of the jobs metadata store (jobs/job_store.h) on a real SQLite file.
#include "jobs/job_store.h"

#include <gtest/gtest.h>

#include "common/clock.h"
#include "unit/test_dir.h"

namespace sluice::jobs {
namespace {

class JobStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = JobStore::Open(dir_.Join("jobs.db"), &SystemClock::Get());
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(*store);
  }
  void CreateJob(const std::string& name) {
    JobDefinition job;
    job.name = name;
    job.document["Role"] = "r";
    ASSERT_TRUE(store_->CreateJob(job).ok());
  }
  JobRun NewRun(const std::string& job) {
    JobRun run;
    run.id = NewJobRunId();
    run.job_name = job;
    return run;
  }
  testing::TestDir dir_;
  std::unique_ptr<JobStore> store_;
};

TEST_F(JobStoreTest, JobsAreCreatedListedUpdatedAndDeleted) {
  CreateJob("b");
  CreateJob("a");
  CreateJob("c");
  JobDefinition again;
  again.name = "a";
  EXPECT_EQ(store_->CreateJob(again).aws_code(), "AlreadyExistsException");
  auto first = store_->ListJobs(std::nullopt, 2);
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first->items.size(), 2u);
  EXPECT_EQ(first->items[0].name, "a");
  ASSERT_TRUE(first->next_token);
  auto second = store_->ListJobs(first->next_token, 2);
  ASSERT_TRUE(second.ok());
  ASSERT_EQ(second->items.size(), 1u);
  EXPECT_EQ(second->items[0].name, "c");
  EXPECT_FALSE(second->next_token);

  boost::json::object document{{"Role", "other"}};
  ASSERT_TRUE(store_->UpdateJob("b", document).ok());
  EXPECT_EQ(store_->GetJob("b")->document.at("Role").as_string(), "other");
  EXPECT_EQ(store_->UpdateJob("zz", document).aws_code(), "EntityNotFoundException");
  EXPECT_TRUE(*store_->DeleteJob("b"));
  EXPECT_FALSE(*store_->DeleteJob("b"));
  EXPECT_EQ(store_->GetJob("b").status().aws_code(), "EntityNotFoundException");
}

TEST_F(JobStoreTest, ConcurrentRunsAreLimitedOrQueued) {
  CreateJob("j");
  auto one = store_->InsertRun(NewRun("j"), /*slots=*/1, /*queue=*/false);
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(one->state, JobRunState::kStarting);
  auto refused = store_->InsertRun(NewRun("j"), 1, false);
  EXPECT_EQ(refused.status().aws_code(), "ConcurrentRunsExceededException");
  auto waiting = store_->InsertRun(NewRun("j"), 1, true);
  ASSERT_TRUE(waiting.ok());
  EXPECT_EQ(waiting->state, JobRunState::kWaiting);
  EXPECT_FALSE(waiting->state_detail.empty());
  EXPECT_FALSE(store_->NextWaitingRun("j", 1)->has_value());

  ASSERT_TRUE(store_->Transition(one->id, JobRunState::kRunning).ok());
  auto done = store_->Transition(one->id, JobRunState::kSucceeded);
  ASSERT_TRUE(done.ok() && *done);
  EXPECT_TRUE((*done)->completed_micros.has_value());
  auto next = store_->NextWaitingRun("j", 1);
  ASSERT_TRUE(next.ok() && *next);
  EXPECT_EQ((*next)->id, waiting->id);
  // Terminal states never change.
  auto again = store_->Transition(one->id, JobRunState::kFailed);
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->has_value());
}

TEST_F(JobStoreTest, RunsListNewestFirstAcrossPages) {
  CreateJob("j");
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i) {
    auto run = store_->InsertRun(NewRun("j"), 100, false);
    ASSERT_TRUE(run.ok());
    ids.push_back(run->id);
  }
  std::vector<std::string> seen;
  std::optional<std::string> token;
  do {
    auto page = store_->ListRuns("j", token, 2);
    ASSERT_TRUE(page.ok());
    for (const auto& run : page->items) seen.push_back(run.id);
    token = page->next_token;
  } while (token);
  std::reverse(ids.begin(), ids.end());
  EXPECT_EQ(seen, ids);
}

TEST_F(JobStoreTest, BookmarksCommitWithSuccessAndRewind) {
  CreateJob("j");
  EXPECT_FALSE(store_->GetBookmark("j", std::nullopt)->has_value());
  std::vector<std::string> ids;
  for (const char* state : {R"({"s":1})", R"({"s":2})"}) {
    auto run = store_->InsertRun(NewRun("j"), 1, false);
    ASSERT_TRUE(run.ok());
    ASSERT_TRUE(store_->Transition(run->id, JobRunState::kRunning).ok());
    RunUpdate update;
    update.bookmark_state = state;
    ASSERT_TRUE(store_->Transition(run->id, JobRunState::kSucceeded, update).ok());
    ids.push_back(run->id);
  }
  auto entry = store_->GetBookmark("j", std::nullopt);
  ASSERT_TRUE(entry.ok() && *entry);
  EXPECT_EQ((*entry)->state, R"({"s":2})");
  EXPECT_EQ((*entry)->run, 2);
  EXPECT_EQ((*entry)->version, 2);
  EXPECT_EQ((*entry)->run_id, ids[1]);
  EXPECT_EQ((*entry)->previous_run_id, ids[0]);
  auto rewound = store_->ResetBookmark("j", ids[0]);
  ASSERT_TRUE(rewound.ok() && *rewound);
  EXPECT_EQ((*rewound)->state, R"({"s":1})");
  EXPECT_EQ((*rewound)->version, 3);
  auto cleared = store_->ResetBookmark("j", std::nullopt);
  ASSERT_TRUE(cleared.ok() && *cleared);
  EXPECT_EQ((*cleared)->state, "{}");
  EXPECT_EQ((*cleared)->run, 0);
}

TEST_F(JobStoreTest, RetriesAreFoundByTheirFirstAttempt) {
  CreateJob("j");
  JobRun first = NewRun("j");
  std::string id = first.id;
  ASSERT_TRUE(store_->InsertRun(first, 5, false).ok());
  JobRun retry = NewRun("j");
  retry.id = AttemptRunId(id, 1);
  retry.attempt = 1;
  retry.previous_run_id = id;
  ASSERT_TRUE(store_->InsertRun(retry, 5, false).ok());
  auto attempts = store_->Attempts(id);
  ASSERT_TRUE(attempts.ok());
  ASSERT_EQ(attempts->size(), 2u);
  EXPECT_EQ((*attempts)[1].id, id + "_attempt_1");
  EXPECT_EQ(FirstAttemptId((*attempts)[1].id), id);
}

}  // namespace
}  // namespace sluice::jobs
