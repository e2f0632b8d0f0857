// AWS cron schedule expressions, as Glue crawlers, Glue triggers and EventBridge take them:
//
//   cron(Minutes Hours Day-of-month Month Day-of-week Year)        evaluated in UTC
//
//   Minutes 0-59, Hours 0-23            , - * /
//   Day-of-month 1-31                   , - * ? / L W   (L last day, LW last weekday,
//                                                        15W weekday nearest the 15th)
//   Month 1-12 or JAN-DEC               , - * /
//   Day-of-week 1-7 (1 = SUN) or SUN-SAT , - * ? / L #  (6L last Friday, 2#1 first Monday)
//   Year 1970-2199                      , - * /
//
// Exactly one of Day-of-month and Day-of-week is '?'. Parse() rejects anything else with a
// message naming the field; NextAfter() finds the next firing.
//
// Thread safety: a parsed schedule is immutable; its methods may be called concurrently.
#pragma once

#include <bitset>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"

namespace sluice::scheduler {

class CronSchedule {
 public:
  // Parses "cron(...)"; InvalidArgument saying what is wrong otherwise.
  static Result<CronSchedule> Parse(std::string_view expression);

  // The first firing strictly after `after_micros` (UTC microseconds since the epoch), on a
  // whole minute; nullopt when there is none before the end of 2199.
  std::optional<int64_t> NextAfter(int64_t after_micros) const;

  // The shortest gap between consecutive firings among the first `firings` after `from_micros`
  // (INT64_MAX when it fires fewer than twice). Glue refuses schedules firing more often than
  // every 5 minutes.
  int64_t ShortestInterval(int64_t from_micros, int firings = 600) const;

  const std::string& expression() const { return expression_; }

 private:
  bool DayMatches(int64_t year, unsigned month, unsigned day) const;

  std::string expression_;
  std::bitset<60> minutes_;
  std::bitset<24> hours_;
  std::bitset<32> days_of_month_;  // bit d for day d (1-31)
  std::bitset<13> months_;         // bit m for month m (1-12)
  std::bitset<8> days_of_week_;    // bit d for weekday d (1 = Sunday .. 7 = Saturday)
  std::bitset<230> years_;         // bit y-1970
  bool day_of_month_any_ = false;  // '?' in Day-of-month: Day-of-week decides
  bool last_day_of_month_ = false;         // L
  bool last_weekday_of_month_ = false;     // LW
  int nearest_weekday_ = 0;                // nW: the weekday nearest day n
  int last_weekday_in_month_ = 0;          // Day-of-week nL: the last weekday n of the month
  int nth_weekday_ = 0;                    // Day-of-week d#n: weekday d ...
  int nth_weekday_ordinal_ = 0;            // ... the n-th of the month
};

}  // namespace sluice::scheduler
