// A bound expression: an Expression checked against an input schema, with every column
// resolved to its position, every function to its kernel, implicit casts inserted, constant
// sub-expressions folded and the output type known. This is what operators evaluate.
//
// Thread safety: immutable after binding; evaluate from any number of threads.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "columnar/scalar.h"
#include "columnar/type.h"
#include "engine/expr/cast.h"
#include "engine/expr/expression.h"
#include "engine/expr/function_registry.h"

namespace sluice::engine {

struct BoundExpression;
using BoundExprPtr = std::shared_ptr<const BoundExpression>;

struct BoundExpression {
  ExprKind kind;
  columnar::TypePtr type;
  // The source expression's text, for error messages.
  std::string text;
  std::vector<BoundExprPtr> args;
  // Top-level input columns this expression (and everything below it) reads, sorted.
  std::vector<size_t> columns_used;
  // Whether evaluating this expression (or anything below it) can fail on some values.
  bool may_fail = false;

  // kColumn: the input column, then the struct field positions walked down from it.
  size_t column = 0;
  std::vector<size_t> fields;
  // kLiteral
  columnar::Scalar literal;
  // kCall
  std::string function;
  KernelFunction kernel;
  // kCast
  CastFunction cast;
  bool try_cast = false;
  // kCase
  bool has_else = false;

  bool is_constant() const { return kind == ExprKind::kLiteral; }
};

}  // namespace sluice::engine
