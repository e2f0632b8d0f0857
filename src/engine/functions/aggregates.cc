// Aggregate functions: count, sum, avg, min, max, first, last, the variance family (var_samp,
// var_pop, stddev_samp, stddev_pop, skewness, kurtosis) and the distinct forms (count_distinct,
// sum_distinct). Spark's result types: count gives bigint; sum of integers bigint (overflow is
// an error), of floats double, of decimal(p,s) decimal(p+10,s); avg gives double, or
// decimal(p+4,s+4) for decimals; the variance family gives double (NULL below two rows for the
// sample forms). Aggregates skip NULLs, except first and last, which return the first / last
// row's value in input order even when it is NULL (Spark's default). Over no rows every
// aggregate but count gives NULL.
#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include <absl/container/flat_hash_set.h>
#include <fmt/format.h>

#include "columnar/builder.h"
#include "columnar/decimal.h"
#include "engine/expr/physical_type.h"
#include "engine/expr/type_coercion.h"
#include "engine/functions/aggregate_function.h"
#include "engine/functions/function_list.h"

namespace sluice::engine {

using columnar::Buffer;
using columnar::Column;
using columnar::ColumnPtr;
using columnar::DataType;
using columnar::Int128;
using columnar::TypeId;
using columnar::TypePtr;

namespace {

// Builds a fixed-width result column from per-group values and a presence flag.
template <typename T>
ColumnPtr FixedResult(const TypePtr& type, const std::vector<T>& values, const std::vector<uint8_t>* present,
                      int64_t groups) {
  columnar::FixedWidthBuilder<T> builder(type);
  builder.Reserve(groups);
  for (int64_t g = 0; g < groups; ++g) {
    if (present && !(*present)[static_cast<size_t>(g)]) builder.AppendNull();
    else builder.UnsafeAppend(values[static_cast<size_t>(g)]);
  }
  return builder.Finish();
}

// ---- count -------------------------------------------------------------------------------

class CountState final : public AggregateState {
 public:
  void Resize(int64_t groups) override { counts_.resize(static_cast<size_t>(groups), 0); }
  Status Update(const Column* arg, const uint32_t* groups, int64_t rows, int64_t) override {
    int64_t* counts = counts_.data();
    if (!arg || arg->null_count() == 0) {
      for (int64_t i = 0; i < rows; ++i) ++counts[groups[i]];
    } else {
      for (int64_t i = 0; i < rows; ++i) counts[groups[i]] += arg->IsValid(i);
    }
    return Status::Ok();
  }
  Status Merge(AggregateState& other, const uint32_t* mapping) override {
    auto& o = static_cast<CountState&>(other);
    for (size_t g = 0; g < o.counts_.size(); ++g) counts_[mapping[g]] += o.counts_[g];
    return Status::Ok();
  }
  Result<ColumnPtr> Finish(int64_t groups) override {
    counts_.resize(static_cast<size_t>(groups), 0);
    return FixedResult<int64_t>(DataType::Int64(), counts_, nullptr, groups);
  }

 private:
  std::vector<int64_t> counts_;
};

class CountFunction final : public AggregateFunction {
 public:
  CountFunction() : AggregateFunction("count", "count(x): rows where x is not NULL; count() / count(*): all rows") {}
  bool allows_no_argument() const override { return true; }
  Result<BoundAggregate> Bind(const TypePtr&) const override {
    return BoundAggregate{DataType::Int64(), nullptr, [] { return std::make_unique<CountState>(); }};
  }
};

// ---- sum and avg -------------------------------------------------------------------------

// Sums values of physical type In into Acc. Exact types (integers, decimals) check overflow.
template <typename In, typename Acc>
class SumState final : public AggregateState {
 public:
  SumState(TypePtr output, bool average, int input_scale) : output_(std::move(output)), average_(average), input_scale_(input_scale) {}
  void Resize(int64_t groups) override {
    sums_.resize(static_cast<size_t>(groups), Acc{});
    counts_.resize(static_cast<size_t>(groups), 0);
  }
  Status Update(const Column* arg, const uint32_t* groups, int64_t rows, int64_t) override {
    const In* values = arg->Values<In>();
    Acc* sums = sums_.data();
    int64_t* counts = counts_.data();
    bool overflow = false;
    const bool has_nulls = arg->null_count() > 0;
    for (int64_t i = 0; i < rows; ++i) {
      if (has_nulls && !arg->IsValid(i)) continue;
      uint32_t g = groups[i];
      if constexpr (std::is_floating_point_v<Acc>) {
        sums[g] += static_cast<Acc>(values[i]);
      } else {
        overflow |= __builtin_add_overflow(sums[g], static_cast<Acc>(values[i]), &sums[g]);
      }
      ++counts[g];
    }
    if (overflow) return Overflow();
    return Status::Ok();
  }
  Status Merge(AggregateState& other, const uint32_t* mapping) override {
    auto& o = static_cast<SumState&>(other);
    bool overflow = false;
    for (size_t g = 0; g < o.sums_.size(); ++g) {
      uint32_t to = mapping[g];
      if constexpr (std::is_floating_point_v<Acc>) sums_[to] += o.sums_[g];
      else overflow |= __builtin_add_overflow(sums_[to], o.sums_[g], &sums_[to]);
      counts_[to] += o.counts_[g];
    }
    if (overflow) return Overflow();
    return Status::Ok();
  }
  Result<ColumnPtr> Finish(int64_t groups) override {
    Resize(groups);
    std::vector<uint8_t> present(static_cast<size_t>(groups));
    for (int64_t g = 0; g < groups; ++g) present[static_cast<size_t>(g)] = counts_[static_cast<size_t>(g)] > 0;
    if (!average_) {
      if constexpr (std::is_same_v<Acc, Int128>) {
        for (int64_t g = 0; g < groups; ++g) {
          if (present[static_cast<size_t>(g)] && !columnar::FitsPrecision(sums_[static_cast<size_t>(g)], output_->precision())) {
            return Overflow();
          }
        }
      }
      return FixedResult<Acc>(output_, sums_, &present, groups);
    }
    if constexpr (std::is_same_v<Acc, Int128>) {
      if (output_->id() == TypeId::kDecimal) {
        // sum * 10^(output scale - input scale) / count, rounded half away from zero
        std::vector<Int128> averages(static_cast<size_t>(groups));
        Int128 factor = columnar::Pow10(output_->scale() - input_scale_);
        for (int64_t g = 0; g < groups; ++g) {
          size_t k = static_cast<size_t>(g);
          if (!present[k]) continue;
          Int128 scaled;
          if (__builtin_mul_overflow(sums_[k], factor, &scaled)) return Overflow();
          Int128 count = counts_[k];
          Int128 q = scaled / count, r = scaled % count;
          if ((r < 0 ? -r : r) * 2 >= count) q += scaled < 0 ? -1 : 1;
          averages[k] = q;
        }
        return FixedResult<Int128>(output_, averages, &present, groups);
      }
    }
    std::vector<double> averages(static_cast<size_t>(groups));
    for (int64_t g = 0; g < groups; ++g) {
      size_t k = static_cast<size_t>(g);
      if (!present[k]) continue;
      double sum;
      if constexpr (std::is_same_v<Acc, Int128>) sum = columnar::DecimalToDouble(sums_[k], input_scale_);
      else sum = static_cast<double>(sums_[k]);
      averages[k] = sum / static_cast<double>(counts_[k]);
    }
    return FixedResult<double>(DataType::Float64(), averages, &present, groups);
  }

 private:
  Status Overflow() const {
    return InvalidArgument(fmt::format("{} overflow: the total does not fit {}", average_ ? "avg" : "sum", output_->ToGlueType()));
  }
  TypePtr output_;
  bool average_;
  int input_scale_;
  std::vector<Acc> sums_;
  std::vector<int64_t> counts_;
};

class SumFunction final : public AggregateFunction {
 public:
  SumFunction(bool average)
      : AggregateFunction(average ? "avg" : "sum",
                          average ? "avg(x): the mean of the non-NULL values (double; decimal(p+4,s+4) for decimals)"
                                  : "sum(x): the total of the non-NULL values (bigint for integers; overflow is an error)"),
        average_(average) {}
  Result<BoundAggregate> Bind(const TypePtr& arg) const override {
    if (!arg || !(arg->is_numeric() || arg->id() == TypeId::kNull)) {
      return InvalidArgument(fmt::format("{} expects a number, got {}", name(), arg ? arg->ToGlueType() : "no argument"));
    }
    bool average = average_;
    if (arg->is_integer() || arg->id() == TypeId::kNull) {
      TypePtr input = DataType::Int64();
      TypePtr output = average ? DataType::Float64() : DataType::Int64();
      return BoundAggregate{output, input, [output, average] { return std::make_unique<SumState<int64_t, int64_t>>(output, average, 0); }};
    }
    if (arg->is_floating()) {
      TypePtr input = DataType::Float64(), output = DataType::Float64();
      return BoundAggregate{output, input, [output, average] { return std::make_unique<SumState<double, double>>(output, average, 0); }};
    }
    int p = arg->precision(), s = arg->scale();
    TypePtr output = average ? BoundedDecimal(p + 4, s + 4) : DataType::Decimal(std::min(38, p + 10), s);
    return BoundAggregate{output, arg, [output, average, s] { return std::make_unique<SumState<Int128, Int128>>(output, average, s); }};
  }

 private:
  bool average_;
};

// ---- min and max -------------------------------------------------------------------------

template <typename T>
bool Better(T candidate, T current, bool max) {
  if constexpr (std::is_floating_point_v<T>) {
    // NaN is larger than every other value, as in Spark.
    bool cn = std::isnan(candidate), un = std::isnan(current);
    if (cn || un) return max ? (cn && !un) : (!cn && un);
  }
  return max ? current < candidate : candidate < current;
}

template <typename T>
class MinMaxState final : public AggregateState {
 public:
  MinMaxState(TypePtr type, bool max) : type_(std::move(type)), max_(max) {}
  void Resize(int64_t groups) override {
    values_.resize(static_cast<size_t>(groups), T{});
    present_.resize(static_cast<size_t>(groups), 0);
  }
  Status Update(const Column* arg, const uint32_t* groups, int64_t rows, int64_t) override {
    const T* values = arg->Values<T>();
    const bool has_nulls = arg->null_count() > 0;
    for (int64_t i = 0; i < rows; ++i) {
      if (has_nulls && !arg->IsValid(i)) continue;
      Offer(groups[i], values[i]);
    }
    return Status::Ok();
  }
  Status Merge(AggregateState& other, const uint32_t* mapping) override {
    auto& o = static_cast<MinMaxState&>(other);
    for (size_t g = 0; g < o.values_.size(); ++g) {
      if (o.present_[g]) Offer(mapping[g], o.values_[g]);
    }
    return Status::Ok();
  }
  Result<ColumnPtr> Finish(int64_t groups) override {
    Resize(groups);
    return FixedResult<T>(type_, values_, &present_, groups);
  }

 private:
  void Offer(uint32_t g, T value) {
    if (!present_[g] || Better(value, values_[g], max_)) {
      values_[g] = value;
      present_[g] = 1;
    }
  }
  TypePtr type_;
  bool max_;
  std::vector<T> values_;
  std::vector<uint8_t> present_;
};

class StringMinMaxState final : public AggregateState {
 public:
  StringMinMaxState(TypePtr type, bool max) : type_(std::move(type)), max_(max) {}
  void Resize(int64_t groups) override {
    values_.resize(static_cast<size_t>(groups));
    present_.resize(static_cast<size_t>(groups), 0);
  }
  Status Update(const Column* arg, const uint32_t* groups, int64_t rows, int64_t) override {
    for (int64_t i = 0; i < rows; ++i) {
      if (arg->IsValid(i)) Offer(groups[i], arg->GetView(i));
    }
    return Status::Ok();
  }
  Status Merge(AggregateState& other, const uint32_t* mapping) override {
    auto& o = static_cast<StringMinMaxState&>(other);
    for (size_t g = 0; g < o.values_.size(); ++g) {
      if (o.present_[g]) Offer(mapping[g], o.values_[g]);
    }
    return Status::Ok();
  }
  Result<ColumnPtr> Finish(int64_t groups) override {
    Resize(groups);
    columnar::StringBuilder builder(type_);
    builder.Reserve(groups);
    for (int64_t g = 0; g < groups; ++g) {
      if (present_[static_cast<size_t>(g)]) builder.Append(values_[static_cast<size_t>(g)]);
      else builder.AppendNull();
    }
    return builder.Finish();
  }

 private:
  void Offer(uint32_t g, std::string_view value) {
    if (!present_[g] || (max_ ? value > values_[g] : value < values_[g])) {
      values_[g].assign(value);
      present_[g] = 1;
    }
  }
  TypePtr type_;
  bool max_;
  std::vector<std::string> values_;
  std::vector<uint8_t> present_;
};

class MinMaxFunction final : public AggregateFunction {
 public:
  explicit MinMaxFunction(bool max)
      : AggregateFunction(max ? "max" : "min", max ? "max(x): the largest non-NULL value" : "min(x): the smallest non-NULL value"),
        max_(max) {}
  Result<BoundAggregate> Bind(const TypePtr& arg) const override {
    if (!arg || arg->is_nested()) {
      return InvalidArgument(fmt::format("{} expects a comparable value, got {}", name(), arg ? arg->ToGlueType() : "no argument"));
    }
    bool max = max_;
    TypePtr type = arg->id() == TypeId::kNull ? DataType::Int32() : arg;
    if (type->is_binary_like()) {
      return BoundAggregate{type, type, [type, max] { return std::make_unique<StringMinMaxState>(type, max); }};
    }
    return VisitFixedWidth(type->id(), [&](auto tag) -> Result<BoundAggregate> {
      using T = typename decltype(tag)::Type;
      return BoundAggregate{type, type, [type, max] { return std::make_unique<MinMaxState<T>>(type, max); }};
    });
  }

 private:
  bool max_;
};

// ---- first and last ----------------------------------------------------------------------

// Keeps, per group, the row with the smallest (first) or largest (last) input position,
// NULL values included. Values are held as T (fixed width) or std::string.
template <typename T>
class FirstLastState final : public AggregateState {
 public:
  FirstLastState(TypePtr type, bool last) : type_(std::move(type)), last_(last) {}
  void Resize(int64_t groups) override {
    values_.resize(static_cast<size_t>(groups), T{});
    valid_.resize(static_cast<size_t>(groups), 0);
    positions_.resize(static_cast<size_t>(groups), last_ ? std::numeric_limits<int64_t>::min() : std::numeric_limits<int64_t>::max());
  }
  Status Update(const Column* arg, const uint32_t* groups, int64_t rows, int64_t base_position) override {
    for (int64_t i = 0; i < rows; ++i) {
      uint32_t g = groups[i];
      int64_t position = base_position + i;
      if (last_ ? position <= positions_[g] : position >= positions_[g]) continue;
      positions_[g] = position;
      valid_[g] = arg->IsValid(i);
      if (valid_[g]) Store(g, *arg, i);
    }
    return Status::Ok();
  }
  Status Merge(AggregateState& other, const uint32_t* mapping) override {
    auto& o = static_cast<FirstLastState&>(other);
    for (size_t g = 0; g < o.values_.size(); ++g) {
      uint32_t to = mapping[g];
      int64_t position = o.positions_[g];
      bool empty = position == (last_ ? std::numeric_limits<int64_t>::min() : std::numeric_limits<int64_t>::max());
      if (empty || (last_ ? position <= positions_[to] : position >= positions_[to])) continue;
      positions_[to] = position;
      valid_[to] = o.valid_[g];
      values_[to] = std::move(o.values_[g]);
    }
    return Status::Ok();
  }
  Result<ColumnPtr> Finish(int64_t groups) override {
    Resize(groups);
    if constexpr (std::is_same_v<T, std::string>) {
      columnar::StringBuilder builder(type_);
      for (int64_t g = 0; g < groups; ++g) {
        if (valid_[static_cast<size_t>(g)]) builder.Append(values_[static_cast<size_t>(g)]);
        else builder.AppendNull();
      }
      return builder.Finish();
    } else {
      return FixedResult<T>(type_, values_, &valid_, groups);
    }
  }

 private:
  void Store(uint32_t g, const Column& arg, int64_t i) {
    if constexpr (std::is_same_v<T, std::string>) values_[g].assign(arg.GetView(i));
    else values_[g] = arg.Values<T>()[i];
  }
  TypePtr type_;
  bool last_;
  std::vector<T> values_;
  std::vector<uint8_t> valid_;
  std::vector<int64_t> positions_;
};

class FirstLastFunction final : public AggregateFunction {
 public:
  explicit FirstLastFunction(bool last)
      : AggregateFunction(last ? "last" : "first",
                          last ? "last(x): the value of the last row in input order (NULL included)"
                               : "first(x): the value of the first row in input order (NULL included)"),
        last_(last) {}
  Result<BoundAggregate> Bind(const TypePtr& arg) const override {
    if (!arg || arg->is_nested()) {
      return InvalidArgument(fmt::format("{} does not support {}", name(), arg ? arg->ToGlueType() : "no argument"));
    }
    bool last = last_;
    TypePtr type = arg->id() == TypeId::kNull ? DataType::Int32() : arg;
    if (type->is_binary_like()) {
      return BoundAggregate{type, type, [type, last] { return std::make_unique<FirstLastState<std::string>>(type, last); }};
    }
    return VisitFixedWidth(type->id(), [&](auto tag) -> Result<BoundAggregate> {
      using T = typename decltype(tag)::Type;
      return BoundAggregate{type, type, [type, last] { return std::make_unique<FirstLastState<T>>(type, last); }};
    });
  }

 private:
  bool last_;
};

// ---- variance family ---------------------------------------------------------------------

enum class Moment { kVarSamp, kVarPop, kStddevSamp, kStddevPop, kSkewness, kKurtosis };

// Count, mean and central moment sums M2..M4, updated one value at a time (Welford /
// Terriberry) and merged pairwise (Chan et al.), which stays accurate where the naive sums
// of squares cancel.
class MomentsState final : public AggregateState {
 public:
  explicit MomentsState(Moment moment) : moment_(moment) {}
  void Resize(int64_t groups) override { m_.resize(static_cast<size_t>(groups)); }
  Status Update(const Column* arg, const uint32_t* groups, int64_t rows, int64_t) override {
    const double* values = arg->Values<double>();
    for (int64_t i = 0; i < rows; ++i) {
      if (arg->IsValid(i)) Add(m_[groups[i]], values[i]);
    }
    return Status::Ok();
  }
  Status Merge(AggregateState& other, const uint32_t* mapping) override {
    auto& o = static_cast<MomentsState&>(other);
    for (size_t g = 0; g < o.m_.size(); ++g) Combine(m_[mapping[g]], o.m_[g]);
    return Status::Ok();
  }
  Result<ColumnPtr> Finish(int64_t groups) override {
    Resize(groups);
    columnar::Float64Builder builder(DataType::Float64());
    for (int64_t g = 0; g < groups; ++g) {
      const Moments& m = m_[static_cast<size_t>(g)];
      double n = m.n;
      switch (moment_) {
        case Moment::kVarSamp:
        case Moment::kStddevSamp:
          if (m.n < 2) {
            builder.AppendNull();
            continue;
          }
          builder.Append(moment_ == Moment::kVarSamp ? m.m2 / (n - 1) : std::sqrt(m.m2 / (n - 1)));
          continue;
        case Moment::kVarPop:
        case Moment::kStddevPop:
          if (m.n < 1) {
            builder.AppendNull();
            continue;
          }
          builder.Append(moment_ == Moment::kVarPop ? m.m2 / n : std::sqrt(m.m2 / n));
          continue;
        case Moment::kSkewness:
          if (m.n < 1) {
            builder.AppendNull();
            continue;
          }
          builder.Append(std::sqrt(n) * m.m3 / std::pow(m.m2, 1.5));
          continue;
        case Moment::kKurtosis:
          if (m.n < 1) {
            builder.AppendNull();
            continue;
          }
          builder.Append(n * m.m4 / (m.m2 * m.m2) - 3.0);
          continue;
      }
    }
    return builder.Finish();
  }

 private:
  struct Moments {
    int64_t n = 0;
    double mean = 0, m2 = 0, m3 = 0, m4 = 0;
  };
  static void Add(Moments& m, double x) {
    double n1 = static_cast<double>(m.n);
    m.n += 1;
    double n = static_cast<double>(m.n);
    double delta = x - m.mean;
    double delta_n = delta / n;
    double delta_n2 = delta_n * delta_n;
    double term1 = delta * delta_n * n1;
    m.mean += delta_n;
    m.m4 += term1 * delta_n2 * (n * n - 3 * n + 3) + 6 * delta_n2 * m.m2 - 4 * delta_n * m.m3;
    m.m3 += term1 * delta_n * (n - 2) - 3 * delta_n * m.m2;
    m.m2 += term1;
  }
  static void Combine(Moments& a, const Moments& b) {
    if (b.n == 0) return;
    if (a.n == 0) {
      a = b;
      return;
    }
    double na = static_cast<double>(a.n), nb = static_cast<double>(b.n), n = na + nb;
    double delta = b.mean - a.mean, delta2 = delta * delta, delta3 = delta2 * delta, delta4 = delta2 * delta2;
    double m2 = a.m2 + b.m2 + delta2 * na * nb / n;
    double m3 = a.m3 + b.m3 + delta3 * na * nb * (na - nb) / (n * n) + 3 * delta * (na * b.m2 - nb * a.m2) / n;
    double m4 = a.m4 + b.m4 + delta4 * na * nb * (na * na - na * nb + nb * nb) / (n * n * n) +
                6 * delta2 * (na * na * b.m2 + nb * nb * a.m2) / (n * n) + 4 * delta * (na * b.m3 - nb * a.m3) / n;
    a.mean = (na * a.mean + nb * b.mean) / n;
    a.m2 = m2;
    a.m3 = m3;
    a.m4 = m4;
    a.n += b.n;
  }
  Moment moment_;
  std::vector<Moments> m_;
};

class MomentFunction final : public AggregateFunction {
 public:
  MomentFunction(std::string name, std::string doc, Moment moment)
      : AggregateFunction(std::move(name), std::move(doc)), moment_(moment) {}
  Result<BoundAggregate> Bind(const TypePtr& arg) const override {
    if (!arg || !(arg->is_numeric() || arg->id() == TypeId::kNull)) {
      return InvalidArgument(fmt::format("{} expects a number, got {}", name(), arg ? arg->ToGlueType() : "no argument"));
    }
    Moment moment = moment_;
    return BoundAggregate{DataType::Float64(), DataType::Float64(), [moment] { return std::make_unique<MomentsState>(moment); }};
  }

 private:
  Moment moment_;
};

// ---- distinct ----------------------------------------------------------------------------

// The distinct values of each group, as (group, value) pairs; count_distinct counts them,
// sum_distinct adds them up. Values of up to 8 bytes are held as a number (their bits, floats
// normalised so that -0.0 = 0.0 and all NaNs are one value), others as their bytes.
template <typename Key>
class DistinctState final : public AggregateState {
 public:
  DistinctState(TypePtr input, TypePtr output, bool sum) : input_(std::move(input)), output_(std::move(output)), sum_(sum) {}
  void Resize(int64_t) override {}
  Status Update(const Column* arg, const uint32_t* groups, int64_t rows, int64_t) override {
    const bool has_nulls = arg->null_count() > 0;
    for (int64_t i = 0; i < rows; ++i) {
      if (!has_nulls || arg->IsValid(i)) seen_.emplace(groups[i], ValueKey(*arg, i));
    }
    return Status::Ok();
  }
  Status Merge(AggregateState& other, const uint32_t* mapping) override {
    auto& o = static_cast<DistinctState&>(other);
    seen_.reserve(seen_.size() + o.seen_.size());
    for (auto& [group, key] : o.seen_) seen_.emplace(mapping[group], key);
    o.seen_.clear();
    return Status::Ok();
  }
  Result<ColumnPtr> Finish(int64_t groups) override {
    if (!sum_) {
      std::vector<int64_t> counts(static_cast<size_t>(groups), 0);
      for (const auto& entry : seen_) ++counts[entry.first];
      return FixedResult<int64_t>(output_, counts, nullptr, groups);
    }
    std::vector<uint8_t> present(static_cast<size_t>(groups), 0);
    if (output_->id() == TypeId::kFloat64) {
      std::vector<double> sums(static_cast<size_t>(groups), 0);
      for (const auto& [group, key] : seen_) {
        sums[group] += Decode<double>(key);
        present[group] = 1;
      }
      return FixedResult<double>(output_, sums, &present, groups);
    }
    std::vector<Int128> sums(static_cast<size_t>(groups), 0);
    const bool integer = output_->id() == TypeId::kInt64;
    for (const auto& [group, key] : seen_) {
      Int128 v = integer ? Int128{Decode<int64_t>(key)} : Decode<Int128>(key);
      if (__builtin_add_overflow(sums[group], v, &sums[group])) return InvalidArgument("sum_distinct overflow");
      present[group] = 1;
    }
    if (integer) {
      std::vector<int64_t> out(static_cast<size_t>(groups), 0);
      for (size_t g = 0; g < out.size(); ++g) {
        if (sums[g] > std::numeric_limits<int64_t>::max() || sums[g] < std::numeric_limits<int64_t>::min()) {
          return InvalidArgument("sum_distinct overflow: the total does not fit bigint");
        }
        out[g] = static_cast<int64_t>(sums[g]);
      }
      return FixedResult<int64_t>(output_, out, &present, groups);
    }
    for (size_t g = 0; g < sums.size(); ++g) {
      if (present[g] && !columnar::FitsPrecision(sums[g], output_->precision())) {
        return InvalidArgument(fmt::format("sum_distinct overflow: the total does not fit {}", output_->ToGlueType()));
      }
    }
    return FixedResult<Int128>(output_, sums, &present, groups);
  }

 private:
  static double Normalised(double v) {
    if (v == 0) return 0;
    if (std::isnan(v)) return std::numeric_limits<double>::quiet_NaN();
    return v;
  }
  static Key ValueKey(const Column& column, int64_t i) {
    const TypeId id = column.type_id();
    if constexpr (std::is_same_v<Key, uint64_t>) {
      uint64_t bits = 0;
      if (id == TypeId::kFloat64 || id == TypeId::kFloat32) {
        double v = Normalised(id == TypeId::kFloat64 ? column.Values<double>()[i] : column.Values<float>()[i]);
        std::memcpy(&bits, &v, sizeof(v));
      } else {
        int64_t v = VisitFixedWidth(id, [&](auto tag) -> int64_t {
          using T = typename decltype(tag)::Type;
          if constexpr (std::is_same_v<T, Int128> || std::is_floating_point_v<T>) return 0;  // not reached
          else return static_cast<int64_t>(column.Values<T>()[i]);
        });
        std::memcpy(&bits, &v, sizeof(v));
      }
      return bits;
    } else {
      if (column.type()->is_binary_like()) return std::string(column.GetView(i));
      int width = column.type()->byte_width();
      return std::string(reinterpret_cast<const char*>(column.values()->data() + (column.offset() + i) * width),
                         static_cast<size_t>(width));
    }
  }
  template <typename T>
  static T Decode(const Key& key) {
    T v{};
    if constexpr (std::is_same_v<Key, uint64_t>) std::memcpy(&v, &key, sizeof(T) < 8 ? sizeof(T) : 8);
    else std::memcpy(&v, key.data(), std::min(sizeof(T), key.size()));
    return v;
  }
  TypePtr input_;
  TypePtr output_;
  bool sum_;
  absl::flat_hash_set<std::pair<uint32_t, Key>> seen_;
};

// The distinct state for values of `type`: numeric keys up to 8 bytes, bytes otherwise.
std::function<std::unique_ptr<AggregateState>()> MakeDistinctState(TypePtr input, TypePtr output, bool sum) {
  bool small = !input->is_binary_like() && input->id() != TypeId::kDecimal && input->byte_width() <= 8;
  if (small) return [=] { return std::make_unique<DistinctState<uint64_t>>(input, output, sum); };
  return [=] { return std::make_unique<DistinctState<std::string>>(input, output, sum); };
}

class DistinctFunction final : public AggregateFunction {
 public:
  explicit DistinctFunction(bool sum)
      : AggregateFunction(sum ? "sum_distinct" : "count_distinct",
                          sum ? "sum_distinct(x): the total of the distinct non-NULL values"
                              : "count_distinct(x): the number of distinct non-NULL values"),
        sum_(sum) {}
  Result<BoundAggregate> Bind(const TypePtr& arg) const override {
    if (!arg || arg->is_nested()) {
      return InvalidArgument(fmt::format("{} does not support {}", name(), arg ? arg->ToGlueType() : "no argument"));
    }
    bool sum = sum_;
    if (!sum) {
      TypePtr input = arg->id() == TypeId::kNull ? DataType::Int32() : arg;
      if (input->id() == TypeId::kFloat32) input = DataType::Float64();
      return BoundAggregate{DataType::Int64(), input, MakeDistinctState(input, DataType::Int64(), false)};
    }
    if (!(arg->is_numeric() || arg->id() == TypeId::kNull)) {
      return InvalidArgument(fmt::format("sum_distinct expects a number, got {}", arg->ToGlueType()));
    }
    TypePtr input, output;
    if (arg->is_integer() || arg->id() == TypeId::kNull) {
      input = output = DataType::Int64();
    } else if (arg->is_floating()) {
      input = output = DataType::Float64();
    } else {
      input = arg;
      output = DataType::Decimal(std::min(38, arg->precision() + 10), arg->scale());
    }
    return BoundAggregate{output, input, MakeDistinctState(input, output, true)};
  }

 private:
  bool sum_;
};

}  // namespace

void RegisterAggregateFunctions(FunctionRegistry& registry) {
  registry.AddAggregate(std::make_shared<CountFunction>());
  registry.AddAggregate(std::make_shared<SumFunction>(false));
  registry.AddAggregate(std::make_shared<SumFunction>(true));
  registry.AddAggregate(std::make_shared<MinMaxFunction>(false));
  registry.AddAggregate(std::make_shared<MinMaxFunction>(true));
  registry.AddAggregate(std::make_shared<FirstLastFunction>(false));
  registry.AddAggregate(std::make_shared<FirstLastFunction>(true));
  registry.AddAggregate(std::make_shared<DistinctFunction>(false));
  registry.AddAggregate(std::make_shared<DistinctFunction>(true));
  registry.AddAggregate(std::make_shared<MomentFunction>("var_samp", "var_samp(x): sample variance (NULL below 2 rows)", Moment::kVarSamp));
  registry.AddAggregate(std::make_shared<MomentFunction>("var_pop", "var_pop(x): population variance", Moment::kVarPop));
  registry.AddAggregate(std::make_shared<MomentFunction>("stddev_samp", "stddev_samp(x): sample standard deviation (NULL below 2 rows)",
                                                         Moment::kStddevSamp));
  registry.AddAggregate(std::make_shared<MomentFunction>("stddev_pop", "stddev_pop(x): population standard deviation", Moment::kStddevPop));
  registry.AddAggregate(std::make_shared<MomentFunction>("skewness", "skewness(x): population skewness", Moment::kSkewness));
  registry.AddAggregate(std::make_shared<MomentFunction>("kurtosis", "kurtosis(x): excess kurtosis", Moment::kKurtosis));
  registry.AddAlias("mean", "avg");
  registry.AddAlias("variance", "var_samp");
  registry.AddAlias("stddev", "stddev_samp");
  registry.AddAlias("std", "stddev_samp");
  registry.AddAlias("countdistinct", "count_distinct");
  registry.AddAlias("sumdistinct", "sum_distinct");
  registry.AddAlias("first_value", "first");
  registry.AddAlias("last_value", "last");
}

}  // namespace sluice::engine
