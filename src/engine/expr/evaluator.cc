// Expression evaluation: see evaluator.h.
#include "engine/expr/evaluator.h"

#include <cstring>

#include "engine/expr/selection.h"
#include "engine/expr/validity.h"

namespace sluice::engine {

using columnar::Buffer;
using columnar::BufferPtr;
using columnar::Column;
using columnar::ColumnPtr;
using columnar::DataType;
using columnar::Scalar;
using columnar::TypeId;

namespace {

// A struct field as a column whose rows are NULL where the struct is.
ColumnPtr FieldOf(const ColumnPtr& parent, size_t field) {
  ColumnPtr child = parent->child(field);
  if (parent->null_count() == 0) return child;
  const int64_t n = parent->length();
  const int64_t offset = child->offset();
  auto bits = Buffer::AllocateZeroed(columnar::BitmapBytes(offset + n));
  uint8_t* out = bits->mutable_data();
  for (int64_t i = 0; i < n; ++i) {
    if (parent->IsValid(i) && child->IsValid(i)) columnar::SetBit(out, offset + i);
  }
  return Column::Make(child->type(), n, std::move(bits), child->values(), child->data(), child->children(), -1,
                      offset);
}

Status WithText(const Status& status, const BoundExpression& expr) {
  return status.WithContext("in " + expr.text);
}

// The columns an expression reads, restricted to the given rows.
std::vector<ColumnPtr> Restrict(const BoundExpression& expr, const std::vector<ColumnPtr>& columns,
                                const RowIndices& rows) {
  std::vector<ColumnPtr> out(columns.size());
  for (size_t index : expr.columns_used) {
    out[index] = Take(*columns[index], rows.data(), static_cast<int64_t>(rows.size()));
  }
  return out;
}

// Evaluates `expr` on the rows `subset` only (all rows when it covers them).
Result<Datum> EvaluateOn(const BoundExpression& expr, const std::vector<ColumnPtr>& columns, int64_t rows,
                         const RowIndices& subset) {
  if (static_cast<int64_t>(subset.size()) == rows) return Evaluate(expr, columns, rows);
  return Evaluate(expr, Restrict(expr, columns, subset), static_cast<int64_t>(subset.size()));
}

// Reads a boolean datum row by row: value and validity.
struct BoolReader {
  explicit BoolReader(const Datum& d) : datum(d) {
    if (d.is_scalar()) {
      scalar_valid = !d.scalar().is_null();
      scalar_value = scalar_valid && d.scalar().bool_value();
    } else {
      values = d.column()->Values<uint8_t>();
    }
  }
  bool Valid(int64_t i) const { return values ? datum.column()->IsValid(i) : scalar_valid; }
  bool Value(int64_t i) const { return values ? values[i] != 0 : scalar_value; }
  const Datum& datum;
  const uint8_t* values = nullptr;
  bool scalar_valid = false;
  bool scalar_value = false;
};

Result<Datum> EvaluateLogical(const BoundExpression& expr, const std::vector<ColumnPtr>& columns, int64_t rows) {
  const bool is_and = expr.kind == ExprKind::kAnd;
  ASSIGN_OR_RETURN(Datum left, Evaluate(*expr.args[0], columns, rows));
  BoolReader l(left);
  // Rows the left side does not decide: for AND those not FALSE, for OR those not TRUE.
  auto open = [&](int64_t i) { return !(l.Valid(i) && l.Value(i) == !is_and); };
  RowIndices subset;
  const BoundExpression& right_expr = *expr.args[1];
  bool whole = !right_expr.may_fail;
  if (!whole) {
    for (int64_t i = 0; i < rows; ++i) {
      if (open(i)) subset.push_back(i);
    }
    if (subset.empty()) return left;
    whole = static_cast<int64_t>(subset.size()) == rows;
  }
  Datum right{Scalar()};
  if (whole) {
    ASSIGN_OR_RETURN(right, Evaluate(right_expr, columns, rows));
  } else {
    ASSIGN_OR_RETURN(right, EvaluateOn(right_expr, columns, rows, subset));
  }
  if (whole && !left.is_scalar() && !right.is_scalar() && left.column()->null_count() == 0 &&
      right.column()->null_count() == 0) {
    // No NULLs: plain byte-wise AND / OR.
    const uint8_t* l = left.column()->Values<uint8_t>();
    const uint8_t* r = right.column()->Values<uint8_t>();
    auto values = Buffer::Allocate(static_cast<size_t>(rows));
    uint8_t* out = values->mutable_data();
    if (is_and) {
      for (int64_t i = 0; i < rows; ++i) out[i] = l[i] & r[i];
    } else {
      for (int64_t i = 0; i < rows; ++i) out[i] = l[i] | r[i];
    }
    return Datum(Column::Make(DataType::Boolean(), rows, nullptr, std::move(values), nullptr, {}, 0));
  }
  BoolReader r(right);
  auto values = Buffer::Allocate(static_cast<size_t>(rows));
  uint8_t* out = values->mutable_data();
  auto bits = Buffer::AllocateZeroed(columnar::BitmapBytes(rows));
  uint8_t* valid_bits = bits->mutable_data();
  int64_t nulls = 0;
  size_t k = 0;  // position in `subset` when the right side ran on a subset
  for (int64_t i = 0; i < rows; ++i) {
    bool lv = l.Valid(i), lval = l.Value(i);
    bool value = false, valid = true;
    if (lv && lval == !is_and) {
      value = !is_and;  // decided by the left side
    } else {
      int64_t j = i;
      if (!whole) j = static_cast<int64_t>(k++);
      bool rv = r.Valid(j), rval = r.Value(j);
      if (rv && rval == !is_and) {
        value = !is_and;
      } else if (lv && rv) {
        value = is_and;
      } else {
        valid = false;
      }
    }
    out[i] = value;
    if (valid) columnar::SetBit(valid_bits, i);
    else ++nulls;
  }
  return Datum(Column::Make(DataType::Boolean(), rows, nulls ? std::move(bits) : nullptr, std::move(values), nullptr, {},
                            nulls));
}

Result<Datum> EvaluateCase(const BoundExpression& expr, const std::vector<ColumnPtr>& columns, int64_t rows) {
  const size_t pairs = (expr.args.size() - (expr.has_else ? 1 : 0)) / 2;
  // Which branch each row takes (pairs = ELSE), decided condition by condition on the rows still open.
  std::vector<uint16_t> branch(static_cast<size_t>(rows), static_cast<uint16_t>(pairs));
  RowIndices open(static_cast<size_t>(rows));
  for (int64_t i = 0; i < rows; ++i) open[static_cast<size_t>(i)] = i;
  for (size_t p = 0; p < pairs && !open.empty(); ++p) {
    ASSIGN_OR_RETURN(Datum condition, EvaluateOn(*expr.args[2 * p], columns, rows, open));
    BoolReader c(condition);
    RowIndices still_open;
    for (size_t k = 0; k < open.size(); ++k) {
      auto position = static_cast<int64_t>(k);
      if (c.Valid(position) && c.Value(position)) branch[static_cast<size_t>(open[k])] = static_cast<uint16_t>(p);
      else still_open.push_back(open[k]);
    }
    open = std::move(still_open);
  }
  // Evaluate each branch's value on its rows and gather the results.
  std::vector<RowIndices> rows_of(pairs + 1);
  for (int64_t i = 0; i < rows; ++i) rows_of[branch[static_cast<size_t>(i)]].push_back(i);
  std::vector<ColumnPtr> results;
  std::vector<uint16_t> source_of_branch(pairs + 1, 0);
  std::vector<int64_t> position(static_cast<size_t>(rows), -1);
  for (size_t p = 0; p <= pairs; ++p) {
    if (rows_of[p].empty()) continue;
    ColumnPtr result;
    auto count = static_cast<int64_t>(rows_of[p].size());
    if (p == pairs && !expr.has_else) {
      result = Column::MakeNull(expr.type, count);
    } else {
      const BoundExpression& value = p == pairs ? *expr.args.back() : *expr.args[2 * p + 1];
      ASSIGN_OR_RETURN(Datum datum, EvaluateOn(value, columns, rows, rows_of[p]));
      if (count == rows && !datum.is_scalar()) return datum;  // one branch takes every row
      result = ToColumn(datum, count);
    }
    source_of_branch[p] = static_cast<uint16_t>(results.size());
    results.push_back(result);
    for (size_t k = 0; k < rows_of[p].size(); ++k) position[static_cast<size_t>(rows_of[p][k])] = static_cast<int64_t>(k);
  }
  if (results.empty()) return Datum(Column::MakeNull(expr.type, rows));
  std::vector<uint16_t> source(static_cast<size_t>(rows));
  for (int64_t i = 0; i < rows; ++i) source[static_cast<size_t>(i)] = source_of_branch[branch[static_cast<size_t>(i)]];
  return Datum(TakeFromSources(results, source.data(), position.data(), rows));
}

}  // namespace

Result<Datum> Evaluate(const BoundExpression& expr, const std::vector<ColumnPtr>& columns, int64_t rows) {
  switch (expr.kind) {
    case ExprKind::kLiteral: return Datum(expr.literal);
    case ExprKind::kColumn: {
      ColumnPtr column = columns[expr.column];
      for (size_t field : expr.fields) column = FieldOf(column, field);
      return Datum(std::move(column));
    }
    case ExprKind::kCast: {
      ASSIGN_OR_RETURN(Datum operand, Evaluate(*expr.args[0], columns, rows));
      if (operand.is_scalar()) {
        auto cast = CastScalar(operand.scalar(), expr.type, expr.try_cast);
        if (!cast.ok()) return WithText(cast.status(), expr);
        return Datum(std::move(*cast));
      }
      auto cast = expr.cast(operand.column(), expr.try_cast);
      if (!cast.ok()) return WithText(cast.status(), expr);
      return Datum(std::move(*cast));
    }
    case ExprKind::kCall: {
      std::vector<Datum> args;
      args.reserve(expr.args.size());
      for (const auto& arg : expr.args) {
        ASSIGN_OR_RETURN(Datum value, Evaluate(*arg, columns, rows));
        args.push_back(std::move(value));
      }
      auto result = expr.kernel(args, rows);
      if (!result.ok()) return WithText(result.status(), expr);
      return result;
    }
    case ExprKind::kAnd:
    case ExprKind::kOr: return EvaluateLogical(expr, columns, rows);
    case ExprKind::kCase: return EvaluateCase(expr, columns, rows);
  }
  return Internal("unknown expression kind");
}

Result<Datum> EvaluateConstant(const BoundExpression& expr) {
  if (expr.kind == ExprKind::kCast) {
    const Scalar& operand = expr.args[0]->literal;
    ASSIGN_OR_RETURN(Scalar value, CastScalar(operand, expr.type, expr.try_cast));
    return Datum(std::move(value));
  }
  if (expr.kind == ExprKind::kCall) {
    std::vector<Datum> args;
    for (const auto& arg : expr.args) args.emplace_back(arg->literal);
    return expr.kernel(args, 1);
  }
  return Evaluate(expr, {}, 1);
}

Result<ColumnPtr> EvaluateToColumn(const BoundExpression& expr, const columnar::RecordBatch& batch) {
  ASSIGN_OR_RETURN(Datum value, Evaluate(expr, batch.columns(), batch.num_rows()));
  if (value.is_scalar()) return BroadcastScalar(value.scalar(), expr.type, batch.num_rows());
  return value.column();
}

}  // namespace sluice::engine
