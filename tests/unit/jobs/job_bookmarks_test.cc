// Tests of job bookmark filtering (jobs/data/job_bookmarks.h).
#include "jobs/data/job_bookmarks.h"

#include <gtest/gtest.h>

namespace sluice::jobs {
namespace {

constexpr int64_t kMinute = 60'000'000;

SourceObject Object(std::string key, int64_t modified) { return {"b", std::move(key), 10, modified, {}}; }

std::vector<std::string> Keys(const std::vector<SourceObject>& objects) {
  std::vector<std::string> keys;
  for (const auto& object : objects) keys.push_back(object.key);
  return keys;
}

TEST(JobBookmarks, SecondRunReadsOnlyNewObjects) {
  int64_t t0 = 1'700'000'000'000'000;
  std::vector<SourceObject> first = {Object("a.csv", t0 - 60 * kMinute), Object("b.csv", t0 - 1 * kMinute)};
  JobBookmarks run1(BookmarkMode::kEnable, "", t0);
  EXPECT_EQ(Keys(run1.Filter("src", first, 900000)), (std::vector<std::string>{"a.csv", "b.csv"}));
  std::string state = run1.CommitState();

  // b.csv is inside the band: tracked by name, so not read again; c.csv is new; a.csv changed.
  std::vector<SourceObject> second = first;
  second.push_back(Object("c.csv", t0 + 2 * kMinute));
  second[0].modified_micros = t0 + 3 * kMinute;
  JobBookmarks run2(BookmarkMode::kEnable, state, t0 + 5 * kMinute);
  EXPECT_EQ(Keys(run2.Filter("src", second, 900000)), (std::vector<std::string>{"a.csv", "c.csv"}));
  JobBookmarks run3(BookmarkMode::kEnable, run2.CommitState(), t0 + 60 * kMinute);
  EXPECT_TRUE(run3.Filter("src", second, 900000).empty());
}

TEST(JobBookmarks, ObjectsThatShowUpLateAreStillRead) {
  int64_t t0 = 1'700'000'000'000'000;
  JobBookmarks run1(BookmarkMode::kEnable, "", t0);
  run1.Filter("src", {Object("a", t0 - kMinute)}, 900000);
  // "late" was modified before run 1 started but was not listed by it.
  JobBookmarks run2(BookmarkMode::kEnable, run1.CommitState(), t0 + kMinute);
  EXPECT_EQ(Keys(run2.Filter("src", {Object("a", t0 - kMinute), Object("late", t0 - 2 * kMinute)}, 900000)),
            std::vector<std::string>{"late"});
}

TEST(JobBookmarks, DisableAndPause) {
  int64_t t0 = 1'700'000'000'000'000;
  JobBookmarks run1(BookmarkMode::kEnable, "", t0);
  run1.Filter("src", {Object("a", t0 - kMinute)}, 900000);
  std::string state = run1.CommitState();
  JobBookmarks off(BookmarkMode::kDisable, state, t0);
  EXPECT_EQ(off.Filter("src", {Object("a", t0 - kMinute)}, 900000).size(), 1u);
  JobBookmarks paused(BookmarkMode::kPause, state, t0 + kMinute);
  EXPECT_EQ(Keys(paused.Filter("src", {Object("a", t0 - kMinute), Object("b", t0)}, 900000)),
            std::vector<std::string>{"b"});
  EXPECT_EQ(*JobBookmarks::ModeFromArgument(nullptr), BookmarkMode::kDisable);
  std::string bad = "job-bookmark-sometimes";
  EXPECT_FALSE(JobBookmarks::ModeFromArgument(&bad).ok());
}

}  // namespace
}  // namespace sluice::jobs
