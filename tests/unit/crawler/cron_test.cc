#include "scheduler/cron.h"

#include <gtest/gtest.h>

#include "common/clock.h"

namespace sluice::scheduler {
namespace {

int64_t At(int year, unsigned month, unsigned day, int hour = 0, int minute = 0) {
  return (DaysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60) * 1000000;
}

int64_t Next(const char* expression, int64_t after) {
  auto schedule = CronSchedule::Parse(expression);
  EXPECT_TRUE(schedule.ok()) << expression << ": " << schedule.status().ToString();
  if (!schedule.ok()) return -1;
  return schedule->NextAfter(after).value_or(-1);
}

TEST(CronScheduleTest, EveryFifteenMinutes) {
  EXPECT_EQ(Next("cron(0/15 * * * ? *)", At(2024, 3, 1, 10, 7)), At(2024, 3, 1, 10, 15));
  EXPECT_EQ(Next("cron(0/15 * * * ? *)", At(2024, 3, 1, 10, 15)), At(2024, 3, 1, 10, 30));
  EXPECT_EQ(Next("cron(0/15 * * * ? *)", At(2024, 3, 1, 23, 50)), At(2024, 3, 2, 0, 0));
}

TEST(CronScheduleTest, DailyWeekdaysMonthly) {
  EXPECT_EQ(Next("cron(15 12 * * ? *)", At(2024, 3, 1, 12, 15)), At(2024, 3, 2, 12, 15));
  // 2024-03-01 is a Friday: the next weekday 18:00 after Friday 19:00 is Monday 4th.
  EXPECT_EQ(Next("cron(0 18 ? * MON-FRI *)", At(2024, 3, 1, 19, 0)), At(2024, 3, 4, 18, 0));
  EXPECT_EQ(Next("cron(0 8 1 * ? *)", At(2024, 3, 1, 9, 0)), At(2024, 4, 1, 8, 0));
  EXPECT_EQ(Next("cron(0 10 * JAN,JUL ? 2025)", At(2024, 3, 1)), At(2025, 1, 1, 10, 0));
}

TEST(CronScheduleTest, LastDaysAndNthWeekday) {
  EXPECT_EQ(Next("cron(0 0 L * ? *)", At(2024, 2, 1)), At(2024, 2, 29));          // leap year
  EXPECT_EQ(Next("cron(0 0 LW * ? *)", At(2024, 8, 1)), At(2024, 8, 30));         // Aug 31 is a Saturday
  EXPECT_EQ(Next("cron(0 0 15W * ? *)", At(2024, 6, 1)), At(2024, 6, 14));        // June 15 is a Saturday
  EXPECT_EQ(Next("cron(0 0 ? * 6L *)", At(2024, 5, 1)), At(2024, 5, 31));         // last Friday of May
  EXPECT_EQ(Next("cron(0 0 ? * 2#1 *)", At(2024, 9, 3)), At(2024, 10, 7));        // first Monday
}

TEST(CronScheduleTest, RejectsWhatAwsRejects) {
  for (const char* bad : {"0 12 * * ? *", "cron(0 12 * * *)", "cron(0 12 * * * *)", "cron(0 12 ? * ? *)",
                          "cron(60 * * * ? *)", "cron(0 24 * * ? *)", "cron(0 0 32 * ? *)", "cron(0 0 ? * 8 *)",
                          "cron(0 0 * 13 ? *)", "cron(0 0 * * ? 1969)", "cron(0/0 * * * ? *)", "cron(a * * * ? *)",
                          "cron(0 0 ? * 2#6 *)", "cron(0 0 5-2 * ? *)"}) {
    EXPECT_FALSE(CronSchedule::Parse(bad).ok()) << bad;
  }
}

TEST(CronScheduleTest, ShortestInterval) {
  auto every_minute = CronSchedule::Parse("cron(* * * * ? *)");
  ASSERT_TRUE(every_minute.ok());
  EXPECT_EQ(every_minute->ShortestInterval(At(2024, 1, 1)), 60 * 1000000);
  auto every_five = CronSchedule::Parse("cron(0/5 * * * ? *)");
  ASSERT_TRUE(every_five.ok());
  EXPECT_EQ(every_five->ShortestInterval(At(2024, 1, 1)), 300 * 1000000);
  auto past = CronSchedule::Parse("cron(0 0 1 1 ? 1999)");
  ASSERT_TRUE(past.ok());
  EXPECT_FALSE(past->NextAfter(At(2024, 1, 1)).has_value());
}

}  // namespace
}  // namespace sluice::scheduler
