// Evaluates a bound expression over a batch a column at a time. Column references and literals
// cost nothing; calls run their kernels once per batch; CASE branches and the right side of
// AND / OR run only on the rows that reach them when they could fail there (a cast of text that
// a preceding WHEN ruled out), and on the whole batch otherwise.
//
// Thread safety: stateless; any number of threads may evaluate the same expression at once.
#pragma once

#include <cstdint>
#include <vector>

#include "columnar/column.h"
#include "columnar/record_batch.h"
#include "common/status.h"
#include "engine/expr/bound_expression.h"
#include "engine/expr/datum.h"

namespace sluice::engine {

// The value of `expr` for each of `rows` rows, whose columns are `columns` (entries the
// expression does not read may be null). Errors are prefixed with the expression's text.
Result<Datum> Evaluate(const BoundExpression& expr, const std::vector<columnar::ColumnPtr>& columns, int64_t rows);
// The value of a node whose arguments are all literals (constant folding, one row). Errors
// are returned as the kernel gives them: the binder names the expression itself.
Result<Datum> EvaluateConstant(const BoundExpression& expr);
// The same over a batch, as a column of batch.num_rows() values.
Result<columnar::ColumnPtr> EvaluateToColumn(const BoundExpression& expr, const columnar::RecordBatch& batch);

}  // namespace sluice::engine
