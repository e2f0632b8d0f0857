// Pushdown predicate evaluation against statistics: see batch_stream.h.
#include "formats/batch_stream.h"

namespace sluice::formats {

bool MayMatch(const ColumnPredicate& predicate, const std::optional<columnar::Scalar>& min,
              const std::optional<columnar::Scalar>& max, int64_t null_count, int64_t value_count) {
  const bool all_null = value_count > 0 && null_count == value_count;
  switch (predicate.op) {
    case PredicateOp::kIsNull: return null_count != 0;
    case PredicateOp::kIsNotNull: return !all_null;
    default: break;
  }
  if (all_null) return false;  // comparisons are never true for NULL
  if (predicate.values.empty()) return true;
  // Compares, treating an unknown comparison as "may match".
  auto below_min = [&](const columnar::Scalar& v) {  // v < min
    if (!min) return false;
    auto c = columnar::CompareScalars(v, *min);
    return c && *c < 0;
  };
  auto above_max = [&](const columnar::Scalar& v) {  // v > max
    if (!max) return false;
    auto c = columnar::CompareScalars(v, *max);
    return c && *c > 0;
  };
  const columnar::Scalar& v = predicate.values[0];
  switch (predicate.op) {
    case PredicateOp::kEq: return !below_min(v) && !above_max(v);
    case PredicateOp::kIn:
      for (const auto& value : predicate.values) {
        if (!below_min(value) && !above_max(value)) return true;
      }
      return false;
    case PredicateOp::kNe: {
      if (!min || !max) return true;
      auto a = columnar::CompareScalars(*min, v), b = columnar::CompareScalars(*max, v);
      return !(a && b && *a == 0 && *b == 0);  // only a chunk of all-v values can be skipped
    }
    case PredicateOp::kLt: {  // some x < v  ⇔ min < v
      if (!min) return true;
      auto c = columnar::CompareScalars(*min, v);
      return !c || *c < 0;
    }
    case PredicateOp::kLe: {
      if (!min) return true;
      auto c = columnar::CompareScalars(*min, v);
      return !c || *c <= 0;
    }
    case PredicateOp::kGt: {
      if (!max) return true;
      auto c = columnar::CompareScalars(*max, v);
      return !c || *c > 0;
    }
    case PredicateOp::kGe: {
      if (!max) return true;
      auto c = columnar::CompareScalars(*max, v);
      return !c || *c >= 0;
    }
    default: return true;
  }
}

}  // namespace sluice::formats
