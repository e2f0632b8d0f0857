// The run-log store: groups, streams, paging tokens, filters.
#include "monitoring/log_store.h"

#include <gtest/gtest.h>

#include "unit/test_dir.h"

namespace sluice::monitoring {
namespace {

std::vector<LogEvent> Events(int64_t first_ts, int count) {
  std::vector<LogEvent> out;
  for (int i = 0; i < count; ++i) out.push_back({first_ts + i, "line " + std::to_string(i)});
  return out;
}

TEST(LogStoreTest, GroupsAndStreamsReportAwsErrors) {
  testing::TestDir dir;
  auto store = *LogStore::Open(dir.Join("logs.db"), &SystemClock::Get());
  ASSERT_TRUE(store->CreateGroup("/g").ok());
  EXPECT_EQ(store->CreateGroup("/g").code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(store->CreateStream("/missing", "s").code(), StatusCode::kNotFound);
  ASSERT_TRUE(store->CreateStream("/g", "s").ok());
  EXPECT_EQ(store->Put("/g", "nope", Events(0, 1)).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(*store->Put("/g", "s", Events(0, 3)), 1);
  auto streams = store->DescribeStreams("/g", "", false, false, std::nullopt, 50);
  ASSERT_EQ(streams->items.size(), 1u);
  EXPECT_EQ(*streams->items[0].first_event_ms, 0);
  EXPECT_EQ(*streams->items[0].last_event_ms, 2);
}

TEST(LogStoreTest, ForwardPagingAndPollingWithTokens) {
  testing::TestDir dir;
  auto store = *LogStore::Open(dir.Join("logs.db"), &SystemClock::Get());
  ASSERT_TRUE(store->Append("/aws-glue/jobs/output", "jr_1", Events(1000, 25)).ok());
  GetEventsRequest request{"/aws-glue/jobs/output", "jr_1"};
  request.start_from_head = true;
  request.limit = 10;
  std::vector<std::string> seen;
  for (int page = 0; page < 5; ++page) {
    auto events = store->GetEvents(request);
    ASSERT_TRUE(events.ok()) << events.status().ToString();
    for (const auto& e : events->events) seen.push_back(e.message);
    request.token = events->next_forward_token;
  }
  ASSERT_EQ(seen.size(), 25u);
  EXPECT_EQ(seen.front(), "line 0");
  EXPECT_EQ(seen.back(), "line 24");
  // The forward token at the end keeps working when new events arrive.
  ASSERT_TRUE(store->Append("/aws-glue/jobs/output", "jr_1", Events(5000, 1)).ok());
  auto more = store->GetEvents(request);
  ASSERT_EQ(more->events.size(), 1u);
  EXPECT_EQ(more->events[0].timestamp_ms, 5000);
}

TEST(LogStoreTest, DefaultReadReturnsTheNewestEvents) {
  testing::TestDir dir;
  auto store = *LogStore::Open(dir.Join("logs.db"), &SystemClock::Get());
  ASSERT_TRUE(store->Append("/g", "s", Events(0, 20)).ok());
  GetEventsRequest request{"/g", "s"};
  request.limit = 5;
  auto events = store->GetEvents(request);
  ASSERT_EQ(events->events.size(), 5u);
  EXPECT_EQ(events->events.front().message, "line 15");
  EXPECT_EQ(events->events.back().message, "line 19");
  request.token = events->next_backward_token;
  auto earlier = store->GetEvents(request);
  EXPECT_EQ(earlier->events.back().message, "line 14");
  request.token = "garbage";
  EXPECT_EQ(store->GetEvents(request).status().code(), StatusCode::kInvalidArgument);
}

TEST(LogStoreTest, FilterPatterns) {
  EXPECT_TRUE(MatchesFilterPattern("", "anything"));
  EXPECT_TRUE(MatchesFilterPattern("ERROR", "an ERROR here"));
  EXPECT_FALSE(MatchesFilterPattern("ERROR table", "an ERROR here"));
  EXPECT_TRUE(MatchesFilterPattern("\"an ERROR\"", "an ERROR here"));
  EXPECT_TRUE(MatchesFilterPattern("?WARN ?ERROR", "WARN x"));
  EXPECT_FALSE(MatchesFilterPattern("?WARN ?ERROR", "INFO x"));
  EXPECT_FALSE(MatchesFilterPattern("ERROR -timeout", "ERROR timeout"));
  testing::TestDir dir;
  auto store = *LogStore::Open(dir.Join("logs.db"), &SystemClock::Get());
  ASSERT_TRUE(store->Append("/g", "a", {{1, "INFO start"}, {2, "ERROR boom"}}).ok());
  ASSERT_TRUE(store->Append("/g", "b", {{3, "ERROR other"}}).ok());
  FilterRequest filter{"/g"};
  filter.pattern = "ERROR";
  auto found = store->Filter(filter);
  ASSERT_EQ(found->items.size(), 2u);
  filter.streams = {"b"};
  EXPECT_EQ(store->Filter(filter)->items.size(), 1u);
}

}  // namespace
}  // namespace sluice::monitoring
