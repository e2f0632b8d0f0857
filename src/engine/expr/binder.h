// The binder: checks an Expression against the schema of its input and produces the
// BoundExpression operators evaluate. Columns are found by exact name, then ignoring case (Glue
// column names are case-insensitive); nested struct fields by path. Functions are resolved in
// the FunctionRegistry, implicit casts inserted (type_coercion.h), and constant
// sub-expressions evaluated once here, so a bad literal cast fails when the plan is built.
// Every error names the expression it is about.
//
// Thread safety: pure functions; the registry is read-only.
#pragma once

#include "columnar/schema.h"
#include "common/status.h"
#include "engine/expr/bound_expression.h"
#include "engine/expr/expression.h"
#include "engine/expr/function_registry.h"

namespace sluice::engine {

// The bound form of `expr` over rows of `schema`, or InvalidArgument naming the expression
// ("in (amount > 'abc'): cannot cast 'abc' from string to double").
Result<BoundExprPtr> Bind(const ExprPtr& expr, const columnar::Schema& schema,
                          const FunctionRegistry& registry = FunctionRegistry::Default());

// A bound expression that casts `operand` to `type` (itself when the type already matches).
Result<BoundExprPtr> BindCast(BoundExprPtr operand, const columnar::TypePtr& type, bool try_cast = false);

// The position of a column by name (exact, then ignoring case), or InvalidArgument naming the
// column and listing the available ones.
Result<size_t> ResolveColumn(const columnar::Schema& schema, const std::string& name);

}  // namespace sluice::engine
