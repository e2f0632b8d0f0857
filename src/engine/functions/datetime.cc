// Date and time functions, in UTC (Sluice's session time zone): parts (year ... second,
// dayofweek, weekofyear ...), date_format / from_unixtime with Spark patterns, to_date /
// to_timestamp / unix_timestamp (NULL when the text does not match, as in Spark), date
// arithmetic (date_add, date_sub, datediff, add_months, last_day, trunc, date_trunc),
// make_date, and current_date / current_timestamp (fixed for the whole query when the plan is
// built). Arguments that are strings are read as timestamps or dates first.
#include <memory>

#include <fmt/format.h>

#include "columnar/temporal.h"
#include "common/clock.h"
#include "engine/expr/cast.h"
#include "engine/expr/kernel_loops.h"
#include "engine/functions/datetime_pattern.h"
#include "engine/functions/function_list.h"
#include "engine/functions/function_signature.h"
#include "engine/functions/utf8_text.h"

namespace sluice::engine {

using columnar::DataType;
using columnar::Scalar;
using columnar::TypeId;
using columnar::TypePtr;

namespace {

constexpr int64_t kMicrosPerDay = 86400000000LL;

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

bool IsDateLike(const TypePtr& t) {
  return t->id() == TypeId::kDate || t->id() == TypeId::kTimestamp || t->id() == TypeId::kTimestampTz ||
         t->id() == TypeId::kString || t->id() == TypeId::kNull;
}

struct Civil {
  int64_t year;
  int month, day;
};

Civil CivilOfDays(int64_t days) {
  Civil c;
  unsigned m, d;
  CivilFromDays(days, &c.year, &m, &d);
  c.month = static_cast<int>(m);
  c.day = static_cast<int>(d);
  return c;
}

int DaysInMonth(int64_t year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

// ISO-8601 week number of a day.
int32_t IsoWeek(int64_t days) {
  int weekday = static_cast<int>(((days + 3) % 7 + 7) % 7);  // 0 = Monday
  int64_t thursday = days - weekday + 3;
  Civil c = CivilOfDays(thursday);
  int64_t first = DaysFromCivil(c.year, 1, 1);
  return static_cast<int32_t>((thursday - first) / 7 + 1);
}

// A part of a date (days since the epoch) or of a timestamp (micros).
enum class Part { kYear, kMonth, kDay, kQuarter, kDayOfWeek, kWeekday, kDayOfYear, kWeekOfYear, kHour, kMinute, kSecond };

int32_t DatePart(Part part, int64_t days) {
  Civil c = CivilOfDays(days);
  switch (part) {
    case Part::kYear: return static_cast<int32_t>(c.year);
    case Part::kMonth: return c.month;
    case Part::kDay: return c.day;
    case Part::kQuarter: return (c.month - 1) / 3 + 1;
    case Part::kDayOfWeek: return static_cast<int32_t>(((days + 4) % 7 + 7) % 7) + 1;  // 1 = Sunday
    case Part::kWeekday: return static_cast<int32_t>(((days + 3) % 7 + 7) % 7);        // 0 = Monday
    case Part::kDayOfYear: return static_cast<int32_t>(days - DaysFromCivil(c.year, 1, 1) + 1);
    case Part::kWeekOfYear: return IsoWeek(days);
    default: return 0;
  }
}

int32_t TimestampPart(Part part, int64_t micros) {
  int64_t within = micros - FloorDiv(micros, kMicrosPerDay) * kMicrosPerDay;
  switch (part) {
    case Part::kHour: return static_cast<int32_t>(within / 3600000000LL);
    case Part::kMinute: return static_cast<int32_t>(within / 60000000LL % 60);
    case Part::kSecond: return static_cast<int32_t>(within / 1000000 % 60);
    default: return DatePart(part, FloorDiv(micros, kMicrosPerDay));
  }
}

Result<Kernel> ResolvePart(const char* name, Part part, const std::vector<ArgumentInfo>& args) {
  RETURN_IF_ERROR(ExpectArgumentCount(name, args, 1, 1));
  if (!IsDateLike(args[0].type)) return WrongArgument(name, 0, "a date or timestamp", args[0].type);
  TypePtr i32 = DataType::Int32();
  bool time_part = part == Part::kHour || part == Part::kMinute || part == Part::kSecond;
  if (args[0].type->id() == TypeId::kDate && !time_part) {
    return Kernel{i32, {DataType::Date()}, [i32, part](const std::vector<Datum>& in, int64_t rows) -> Result<Datum> {
                    return UnaryFixed<int32_t, int32_t>(in[0], rows, i32, [part](int32_t d) { return DatePart(part, d); });
                  }, false};
  }
  TypePtr ts = args[0].type->id() == TypeId::kTimestampTz ? args[0].type : DataType::Timestamp();
  return Kernel{i32, {ts}, [i32, part](const std::vector<Datum>& in, int64_t rows) -> Result<Datum> {
                  return UnaryFixed<int64_t, int32_t>(in[0], rows, i32, [part](int64_t t) { return TimestampPart(part, t); });
                }, args[0].type->id() == TypeId::kString};
}

Result<std::shared_ptr<const DateTimePattern>> ConstantPattern(const char* name, const std::vector<ArgumentInfo>& args,
                                                                size_t index) {
  if (index >= args.size()) return std::shared_ptr<const DateTimePattern>();
  if (!IsStringLike(args[index].type)) return WrongArgument(name, index, "a string pattern", args[index].type);
  if (!args[index].constant || args[index].constant->is_null()) return std::shared_ptr<const DateTimePattern>();
  ASSIGN_OR_RETURN(DateTimePattern pattern, DateTimePattern::Compile(args[index].constant->string_value()));
  return std::make_shared<const DateTimePattern>(std::move(pattern));
}

// The pattern of row i: the constant one, or the row's own (cached while it repeats).
class PatternSource {
 public:
  PatternSource(std::shared_ptr<const DateTimePattern> constant, const Datum* patterns)
      : constant_(std::move(constant)), patterns_(patterns ? std::make_unique<StringReader>(*patterns) : nullptr) {}
  Result<const DateTimePattern*> At(int64_t i) {
    if (constant_) return constant_.get();
    std::string_view text = patterns_->Value(i);
    if (!current_ || text != text_) {
      ASSIGN_OR_RETURN(DateTimePattern pattern, DateTimePattern::Compile(text));
      current_ = std::make_unique<DateTimePattern>(std::move(pattern));
      text_.assign(text);
    }
    return current_.get();
  }

 private:
  std::shared_ptr<const DateTimePattern> constant_;
  std::unique_ptr<StringReader> patterns_;
  std::unique_ptr<DateTimePattern> current_;
  std::string text_;
};

// date_format(ts, pattern) and from_unixtime(seconds[, pattern]).
Result<Kernel> ResolveFormat(const char* name, bool from_seconds, const std::vector<ArgumentInfo>& args) {
  RETURN_IF_ERROR(ExpectArgumentCount(name, args, from_seconds ? 1 : 2, 2));
  if (from_seconds ? !IsNumericLike(args[0].type) : !IsDateLike(args[0].type)) {
    return WrongArgument(name, 0, from_seconds ? "a number of seconds" : "a date or timestamp", args[0].type);
  }
  ASSIGN_OR_RETURN(auto constant, ConstantPattern(name, args, 1));
  if (!constant && args.size() == 1) {
    ASSIGN_OR_RETURN(DateTimePattern pattern, DateTimePattern::Compile("yyyy-MM-dd HH:mm:ss"));
    constant = std::make_shared<const DateTimePattern>(std::move(pattern));
  }
  TypePtr s = DataType::String();
  std::vector<TypePtr> inputs{from_seconds ? DataType::Int64() : DataType::Timestamp(), s};
  inputs.resize(args.size());
  return Kernel{s, inputs, [constant, from_seconds](const std::vector<Datum>& in, int64_t rows) -> Result<Datum> {
                  FixedReader<int64_t> time(in[0]);
                  PatternSource patterns(constant, in.size() > 1 ? &in[1] : nullptr);
                  Status error;
                  Datum out = BuildStrings(in, rows, [&](int64_t i, std::string& text) {
                    auto pattern = patterns.At(i);
                    if (!pattern.ok()) {
                      error = pattern.status();
                      return false;
                    }
                    int64_t micros = time.Value(i);
                    if (from_seconds && __builtin_mul_overflow(micros, int64_t{1000000}, &micros)) return false;
                    (*pattern)->Format(micros, text);
                    return true;
                  });
                  if (!error.ok()) return error;
                  return out;
                }, constant == nullptr};
}

// to_timestamp / to_date / unix_timestamp: text (with an optional pattern) to a time; NULL
// when the text does not match. Dates and timestamps pass through.
enum class ParseTarget { kTimestamp, kDate, kUnixSeconds };

Result<Kernel> ResolveParse(const char* name, ParseTarget target, const std::vector<ArgumentInfo>& args) {
  RETURN_IF_ERROR(ExpectArgumentCount(name, args, 1, 2));
  if (!IsDateLike(args[0].type)) return WrongArgument(name, 0, "a string, date or timestamp", args[0].type);
  ASSIGN_OR_RETURN(auto constant, ConstantPattern(name, args, 1));
  TypePtr out = target == ParseTarget::kDate ? DataType::Date()
                : target == ParseTarget::kTimestamp ? DataType::Timestamp()
                                                    : DataType::Int64();
  bool text_input = args[0].type->id() == TypeId::kString || args[0].type->id() == TypeId::kNull;
  std::vector<TypePtr> inputs{text_input ? DataType::String() : DataType::Timestamp(), DataType::String()};
  inputs.resize(args.size());
  bool has_pattern = args.size() > 1;
  return Kernel{out, inputs, [constant, target, out, text_input, has_pattern](const std::vector<Datum>& in, int64_t rows) -> Result<Datum> {
                  auto finish = [&](int64_t micros) -> int64_t {
                    if (target == ParseTarget::kDate) return FloorDiv(micros, kMicrosPerDay);
                    if (target == ParseTarget::kUnixSeconds) return FloorDiv(micros, 1000000);
                    return micros;
                  };
                  if (!text_input) {
                    FixedReader<int64_t> time(in[0]);
                    if (target == ParseTarget::kDate) {
                      return BuildFixed<int32_t>({in[0]}, rows, out, [&](int64_t i) { return static_cast<int32_t>(finish(time.Value(i))); });
                    }
                    return BuildFixed<int64_t>({in[0]}, rows, out, [&](int64_t i) { return finish(time.Value(i)); });
                  }
                  StringReader text(in[0]);
                  PatternSource patterns(constant, has_pattern ? &in[1] : nullptr);
                  Status error;
                  std::vector<int64_t> values(static_cast<size_t>(rows), 0);
                  ValidityWriter validity(nullptr, rows);
                  for (int64_t i = 0; i < rows; ++i) {
                    if (!text.Valid(i) || (has_pattern && in[1].IsNull(i))) {
                      validity.SetNull(i);
                      continue;
                    }
                    std::optional<int64_t> micros;
                    if (has_pattern) {
                      ASSIGN_OR_RETURN(const DateTimePattern* pattern, patterns.At(i));
                      micros = pattern->Parse(text.Value(i));
                    } else {
                      std::string_view t = text.Value(i);
                      micros = columnar::ParseTimestamp(t);
                      if (!micros) {
                        if (auto date = ParseDateLenient(t)) micros = int64_t{*date} * kMicrosPerDay;
                      }
                    }
                    if (!micros) validity.SetNull(i);
                    else values[static_cast<size_t>(i)] = finish(*micros);
                  }
                  int64_t nulls = 0;
                  auto bits = validity.Finish(&nulls);
                  if (target == ParseTarget::kDate) {
                    auto buffer = columnar::Buffer::Allocate(static_cast<size_t>(rows) * sizeof(int32_t));
                    for (int64_t i = 0; i < rows; ++i) buffer->mutable_as<int32_t>()[i] = static_cast<int32_t>(values[static_cast<size_t>(i)]);
                    return Datum(columnar::Column::Make(out, rows, std::move(bits), std::move(buffer), nullptr, {}, nulls));
                  }
                  auto buffer = columnar::Buffer::Allocate(static_cast<size_t>(rows) * sizeof(int64_t));
                  std::memcpy(buffer->mutable_data(), values.data(), static_cast<size_t>(rows) * sizeof(int64_t));
                  return Datum(columnar::Column::Make(out, rows, std::move(bits), std::move(buffer), nullptr, {}, nulls));
                }, constant == nullptr && has_pattern};
}

// date_add(date, n) / date_sub(date, n)
Result<Kernel> ResolveDateAdd(const char* name, int sign, const std::vector<ArgumentInfo>& args) {
  RETURN_IF_ERROR(ExpectArgumentCount(name, args, 2, 2));
  if (!IsDateLike(args[0].type)) return WrongArgument(name, 0, "a date", args[0].type);
  if (!IsIntegerLike(args[1].type)) return WrongArgument(name, 1, "an integer number of days", args[1].type);
  TypePtr date = DataType::Date(), i64 = DataType::Int64();
  return Kernel{date, {date, i64}, [date, sign](const std::vector<Datum>& in, int64_t rows) -> Result<Datum> {
                  return BinaryFixedChecked<int32_t, int64_t, int32_t>(in[0], in[1], rows, date, [sign](int32_t d, int64_t n, int32_t* out) {
                    int64_t result = int64_t{d} + sign * n;
                    if (result < INT32_MIN || result > INT32_MAX) return RowOutcome::kError;
                    *out = static_cast<int32_t>(result);
                    return RowOutcome::kOk;
                  }, [](int32_t d, int64_t n) {
                    return InvalidArgument(fmt::format("date overflow adding {} days to {}", n, columnar::FormatDate(d)));
                  });
                }, true};
}

Result<Kernel> ResolveDateDiff(const std::vector<ArgumentInfo>& args) {
  RETURN_IF_ERROR(ExpectArgumentCount("datediff", args, 2, 2));
  for (size_t i = 0; i < 2; ++i) {
    if (!IsDateLike(args[i].type)) return WrongArgument("datediff", i, "a date", args[i].type);
  }
  TypePtr date = DataType::Date(), i32 = DataType::Int32();
  return Kernel{i32, {date, date}, [i32](const std::vector<Datum>& in, int64_t rows) -> Result<Datum> {
                  return BinaryFixed<int32_t, int32_t, int32_t>(in[0], in[1], rows, i32, [](int32_t a, int32_t b) { return a - b; });
                }, false};
}

int32_t AddMonths(int32_t days, int64_t months) {
  Civil c = CivilOfDays(days);
  int64_t total = c.year * 12 + (c.month - 1) + months;
  int64_t year = FloorDiv(total, 12);
  int month = static_cast<int>(total - year * 12) + 1;
  int day = std::min(c.day, DaysInMonth(year, month));
  return static_cast<int32_t>(DaysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)));
}

Result<Kernel> ResolveAddMonths(const std::vector<ArgumentInfo>& args) {
  RETURN_IF_ERROR(ExpectArgumentCount("add_months", args, 2, 2));
  if (!IsDateLike(args[0].type)) return WrongArgument("add_months", 0, "a date", args[0].type);
  if (!IsIntegerLike(args[1].type)) return WrongArgument("add_months", 1, "an integer", args[1].type);
  TypePtr date = DataType::Date(), i64 = DataType::Int64();
  return Kernel{date, {date, i64}, [date](const std::vector<Datum>& in, int64_t rows) -> Result<Datum> {
                  return BinaryFixedChecked<int32_t, int64_t, int32_t>(in[0], in[1], rows, date, [](int32_t d, int64_t n, int32_t* out) {
                    if (n > 1000000 || n < -1000000) return RowOutcome::kError;
                    *out = AddMonths(d, n);
                    return RowOutcome::kOk;
                  }, [](int32_t d, int64_t n) {
                    return InvalidArgument(fmt::format("date overflow adding {} months to {}", n, columnar::FormatDate(d)));
                  });
                }, true};
}

Result<Kernel> ResolveLastDay(const std::vector<ArgumentInfo>& args) {
  RETURN_IF_ERROR(ExpectArgumentCount("last_day", args, 1, 1));
  if (!IsDateLike(args[0].type)) return WrongArgument("last_day", 0, "a date", args[0].type);
  TypePtr date = DataType::Date();
  return Kernel{date, {date}, [date](const std::vector<Datum>& in, int64_t rows) -> Result<Datum> {
                  return UnaryFixed<int32_t, int32_t>(in[0], rows, date, [](int32_t d) {
                    Civil c = CivilOfDays(d);
                    return static_cast<int32_t>(d + DaysInMonth(c.year, c.month) - c.day);
                  });
                }, false};
}

// Truncation units shared by trunc (dates) and date_trunc (timestamps).
enum class Unit { kYear, kQuarter, kMonth, kWeek, kDay, kHour, kMinute, kSecond };

std::optional<Unit> ParseUnit(std::string_view text) {
  std::string lower;
  AppendLower(text, lower);
  if (lower == "year" || lower == "yyyy" || lower == "yy") return Unit::kYear;
  if (lower == "quarter") return Unit::kQuarter;
  if (lower == "month" || lower == "mon" || lower == "mm") return Unit::kMonth;
  if (lower == "week") return Unit::kWeek;
  if (lower == "day" || lower == "dd") return Unit::kDay;
  if (lower == "hour") return Unit::kHour;
  if (lower == "minute") return Unit::kMinute;
  if (lower == "second") return Unit::kSecond;
  return std::nullopt;
}

int64_t TruncateMicros(int64_t micros, Unit unit) {
  int64_t days = FloorDiv(micros, kMicrosPerDay);
  Civil c = CivilOfDays(days);
  switch (unit) {
    case Unit::kYear: return DaysFromCivil(c.year, 1, 1) * kMicrosPerDay;
    case Unit::kQuarter: return DaysFromCivil(c.year, static_cast<unsigned>((c.month - 1) / 3 * 3 + 1), 1) * kMicrosPerDay;
    case Unit::kMonth: return DaysFromCivil(c.year, static_cast<unsigned>(c.month), 1) * kMicrosPerDay;
    case Unit::kWeek: return (days - ((days + 3) % 7 + 7) % 7) * kMicrosPerDay;
    case Unit::kDay: return days * kMicrosPerDay;
    case Unit::kHour: return FloorDiv(micros, 3600000000LL) * 3600000000LL;
    case Unit::kMinute: return FloorDiv(micros, 60000000LL) * 60000000LL;
    case Unit::kSecond: return FloorDiv(micros, 1000000LL) * 1000000LL;
  }
  return micros;
}

// trunc(date, unit) -> date; date_trunc(unit, ts) -> timestamp. The unit must be constant.
Result<Kernel> ResolveTrunc(const char* name, bool timestamp, const std::vector<ArgumentInfo>& args) {
  RETURN_IF_ERROR(ExpectArgumentCount(name, args, 2, 2));
  size_t value_index = timestamp ? 1 : 0, unit_index = timestamp ? 0 : 1;
  if (!IsDateLike(args[value_index].type)) return WrongArgument(name, value_index, "a date or timestamp", args[value_index].type);
  if (!args[unit_index].constant || args[unit_index].constant->is_null() || args[unit_index].type->id() != TypeId::kString) {
    return InvalidArgument(fmt::format("{} expects a constant unit ('year', 'month', ...) as argument {}", name, unit_index + 1));
  }
  auto unit = ParseUnit(args[unit_index].constant->string_value());
  if (!unit || (!timestamp && *unit > Unit::kWeek)) {
    return InvalidArgument(fmt::format("{}: unknown unit '{}'", name, args[unit_index].constant->string_value()));
  }
  Unit u = *unit;
  if (!timestamp) {
    TypePtr date = DataType::Date();
    return Kernel{date, {date, nullptr}, [date, u](const std::vector<Datum>& in, int64_t rows) -> Result<Datum> {
                    return UnaryFixed<int32_t, int32_t>(in[0], rows, date, [u](int32_t d) {
                      return static_cast<int32_t>(TruncateMicros(int64_t{d} * kMicrosPerDay, u) / kMicrosPerDay);
                    });
                  }, false};
  }
  TypePtr ts = DataType::Timestamp();
  return Kernel{ts, {nullptr, ts}, [ts, u](const std::vector<Datum>& in, int64_t rows) -> Result<Datum> {
                  return UnaryFixed<int64_t, int64_t>(in[1], rows, ts, [u](int64_t t) { return TruncateMicros(t, u); });
                }, false};
}

Result<Kernel> ResolveMakeDate(const std::vector<ArgumentInfo>& args) {
  RETURN_IF_ERROR(ExpectArgumentCount("make_date", args, 3, 3));
  for (size_t i = 0; i < 3; ++i) {
    if (!IsIntegerLike(args[i].type)) return WrongArgument("make_date", i, "an integer", args[i].type);
  }
  TypePtr date = DataType::Date(), i64 = DataType::Int64();
  return Kernel{date, {i64, i64, i64}, [date](const std::vector<Datum>& in, int64_t rows) -> Result<Datum> {
                  FixedReader<int64_t> y(in[0]), m(in[1]), d(in[2]);
                  bool all_null = false;
                  ValidityWriter validity(CombinedValidity(in, rows, &all_null), rows);
                  if (all_null) return Datum(Scalar::Null(date));
                  auto buffer = columnar::Buffer::Allocate(static_cast<size_t>(rows) * sizeof(int32_t));
                  int32_t* out = buffer->mutable_as<int32_t>();
                  for (int64_t i = 0; i < rows; ++i) {
                    out[i] = 0;
                    if (!validity.IsValid(i)) continue;
                    int64_t year = y.Value(i), month = m.Value(i), day = d.Value(i);
                    if (year < -290000 || year > 290000 || month < 1 || month > 12 || day < 1 ||
                        day > DaysInMonth(year, static_cast<int>(month))) {
                      validity.SetNull(i);  // Spark gives NULL for an invalid date
                      continue;
                    }
                    out[i] = static_cast<int32_t>(DaysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)));
                  }
                  int64_t nulls = 0;
                  auto bits = validity.Finish(&nulls);
                  return Datum(columnar::Column::Make(date, rows, std::move(bits), std::move(buffer), nullptr, {}, nulls));
                }, false};
}

// current_date() / current_timestamp(): one value for the whole query, taken when the plan is
// built (the binder folds the call).
Result<Kernel> ResolveNow(const char* name, bool date, const std::vector<ArgumentInfo>& args) {
  RETURN_IF_ERROR(ExpectArgumentCount(name, args, 0, 0));
  int64_t now = NowMicros();
  TypePtr type = date ? DataType::Date() : DataType::Timestamp();
  Scalar value = date ? Scalar::Date(static_cast<int32_t>(FloorDiv(now, kMicrosPerDay))) : Scalar::Timestamp(now);
  return Kernel{type, {}, [value](const std::vector<Datum>&, int64_t) -> Result<Datum> { return Datum(value); }, false};
}

}  // namespace

void RegisterDatetimeFunctions(FunctionRegistry& registry) {
  struct PartFunction {
    const char* name;
    Part part;
    const char* doc;
  };
  static const PartFunction kParts[] = {
      {"year", Part::kYear, "year(d): the year"},
      {"month", Part::kMonth, "month(d): the month, 1-12"},
      {"day", Part::kDay, "day(d): the day of the month, 1-31"},
      {"quarter", Part::kQuarter, "quarter(d): the quarter, 1-4"},
      {"dayofweek", Part::kDayOfWeek, "dayofweek(d): 1 (Sunday) to 7 (Saturday)"},
      {"weekday", Part::kWeekday, "weekday(d): 0 (Monday) to 6 (Sunday)"},
      {"dayofyear", Part::kDayOfYear, "dayofyear(d): 1-366"},
      {"weekofyear", Part::kWeekOfYear, "weekofyear(d): the ISO-8601 week number"},
      {"hour", Part::kHour, "hour(ts): 0-23"},
      {"minute", Part::kMinute, "minute(ts): 0-59"},
      {"second", Part::kSecond, "second(ts): 0-59"},
  };
  for (const auto& p : kParts) {
    registry.AddScalar({p.name, p.doc, [p](const std::vector<ArgumentInfo>& a) { return ResolvePart(p.name, p.part, a); }});
  }
  registry.AddAlias("dayofmonth", "day");
  registry.AddScalar({"date_format", "date_format(ts, pattern): ts as text in a Spark datetime pattern",
                      [](const std::vector<ArgumentInfo>& a) { return ResolveFormat("date_format", false, a); }});
  registry.AddScalar({"from_unixtime", "from_unixtime(seconds[, pattern]): seconds since the epoch as text (default 'yyyy-MM-dd HH:mm:ss')",
                      [](const std::vector<ArgumentInfo>& a) { return ResolveFormat("from_unixtime", true, a); }});
  registry.AddScalar({"to_timestamp", "to_timestamp(s[, pattern]): text as a timestamp; NULL when it does not match",
                      [](const std::vector<ArgumentInfo>& a) { return ResolveParse("to_timestamp", ParseTarget::kTimestamp, a); }});
  registry.AddScalar({"to_date", "to_date(s[, pattern]): text as a date; NULL when it does not match",
                      [](const std::vector<ArgumentInfo>& a) { return ResolveParse("to_date", ParseTarget::kDate, a); }});
  registry.AddScalar({"unix_timestamp", "unix_timestamp(s[, pattern]): seconds since the epoch; NULL when it does not match",
                      [](const std::vector<ArgumentInfo>& a) { return ResolveParse("unix_timestamp", ParseTarget::kUnixSeconds, a); }});
  registry.AddAlias("to_unix_timestamp", "unix_timestamp");
  registry.AddScalar({"date_add", "date_add(d, n): n days after d",
                      [](const std::vector<ArgumentInfo>& a) { return ResolveDateAdd("date_add", 1, a); }});
  registry.AddScalar({"date_sub", "date_sub(d, n): n days before d",
                      [](const std::vector<ArgumentInfo>& a) { return ResolveDateAdd("date_sub", -1, a); }});
  registry.AddScalar({"datediff", "datediff(end, start): days from start to end", ResolveDateDiff});
  registry.AddScalar({"add_months", "add_months(d, n): n months after d (clamped to the month's last day)", ResolveAddMonths});
  registry.AddScalar({"last_day", "last_day(d): the last day of d's month", ResolveLastDay});
  registry.AddScalar({"trunc", "trunc(d, unit): d truncated to 'year', 'quarter', 'month' or 'week'",
                      [](const std::vector<ArgumentInfo>& a) { return ResolveTrunc("trunc", false, a); }});
  registry.AddScalar({"date_trunc", "date_trunc(unit, ts): ts truncated to 'year' ... 'second'",
                      [](const std::vector<ArgumentInfo>& a) { return ResolveTrunc("date_trunc", true, a); }});
  registry.AddScalar({"make_date", "make_date(year, month, day): a date; NULL when invalid", ResolveMakeDate});
  registry.AddScalar({"current_date", "current_date(): today (UTC), fixed for the query",
                      [](const std::vector<ArgumentInfo>& a) { return ResolveNow("current_date", true, a); }});
  registry.AddScalar({"current_timestamp", "current_timestamp(): now (UTC), fixed for the query",
                      [](const std::vector<ArgumentInfo>& a) { return ResolveNow("current_timestamp", false, a); }});
  registry.AddAlias("now", "current_timestamp");
}

}  // namespace sluice::engine
