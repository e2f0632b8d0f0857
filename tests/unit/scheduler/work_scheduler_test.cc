// The durable work scheduler: work runs, is recorded, can be cancelled, and what a dead
// process left running shows up as orphans in the next one.
#include "scheduler/work_scheduler.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <thread>

#include "unit/test_dir.h"

namespace sluice::scheduler {
namespace {

WorkState StateOf(WorkScheduler& work, const std::string& id) {
  auto recent = work.Recent(100);
  for (const auto& item : *recent) {
    if (item.id == id) return item.state;
  }
  return WorkState::kAbandoned;
}

void WaitFor(const std::function<bool()>& condition) {
  for (int i = 0; i < 500 && !condition(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
}

TEST(WorkSchedulerTest, RecordsOutcomes) {
  testing::TestDir dir;
  MetricsRegistry metrics;
  auto work = *WorkScheduler::Open(dir.Join("work.db"), {2}, &metrics);
  auto ok = *work->Submit("test", "a", "", [](WorkContext&) { return Status::Ok(); });
  auto failed = *work->Submit("test", "b", "", [](WorkContext&) { return Internal("boom"); });
  WaitFor([&] { return StateOf(*work, ok) == WorkState::kSucceeded && StateOf(*work, failed) == WorkState::kFailed; });
  EXPECT_EQ(StateOf(*work, ok), WorkState::kSucceeded);
  EXPECT_EQ(StateOf(*work, failed), WorkState::kFailed);
}

TEST(WorkSchedulerTest, CancelStopsRunningWork) {
  testing::TestDir dir;
  MetricsRegistry metrics;
  auto work = *WorkScheduler::Open(dir.Join("work.db"), {2}, &metrics);
  std::atomic<bool> started{false};
  auto id = *work->Submit("test", "long", "", [&](WorkContext& context) {
    started = true;
    while (!context.cancelled()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    return Cancelled("stopped");
  });
  WaitFor([&] { return started.load(); });
  EXPECT_TRUE(work->Cancel(id));
  WaitFor([&] { return StateOf(*work, id) == WorkState::kCancelled; });
  EXPECT_EQ(StateOf(*work, id), WorkState::kCancelled);
}

TEST(WorkSchedulerTest, UnfinishedWorkBecomesAnOrphanAfterRestart) {
  testing::TestDir dir;
  MetricsRegistry metrics;
  std::string id;
  {
    auto work = *WorkScheduler::Open(dir.Join("work.db"), {1}, &metrics);
    std::promise<void> running;
    id = *work->Submit("crawl", "my-crawler", "detail", [&](WorkContext& context) {
      running.set_value();
      while (!context.cancelled()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
      return Cancelled("server stopping");
    });
    running.get_future().wait();
    EXPECT_TRUE(work->Orphans("crawl")->empty());  // its own work is not an orphan
    work->Shutdown(5);                             // cancelled by shutdown: stays RUNNING on record
  }
  auto work = *WorkScheduler::Open(dir.Join("work.db"), {1}, &metrics);
  auto orphans = *work->Orphans("crawl");
  ASSERT_EQ(orphans.size(), 1u);
  EXPECT_EQ(orphans[0].id, id);
  EXPECT_EQ(orphans[0].key, "my-crawler");
  EXPECT_EQ(orphans[0].detail, "detail");
  EXPECT_TRUE(work->Orphans("job-run")->empty());
  ASSERT_TRUE(work->Abandon(id, "the server stopped during the crawl").ok());
  EXPECT_TRUE(work->Orphans("crawl")->empty());
}

TEST(TimerQueueTest, FiresInOrderAndCancels) {
  TimerQueue timers;
  std::vector<int> fired;
  std::mutex mutex;
  auto record = [&](int n) {
    return [&, n] {
      std::lock_guard lock(mutex);
      fired.push_back(n);
    };
  };
  timers.After(30000, record(3));
  timers.After(10000, record(1));
  auto cancelled = timers.After(20000, record(2));
  EXPECT_TRUE(timers.Cancel(cancelled));
  WaitFor([&] {
    std::lock_guard lock(mutex);
    return fired.size() == 2;
  });
  std::lock_guard lock(mutex);
  EXPECT_EQ(fired, (std::vector<int>{1, 3}));
}

}  // namespace
}  // namespace sluice::scheduler
