// Expressions as users (PlanBuilder, the Glue job compiler, a SQL front end) write them, before
// they are checked against a schema: column references (nested struct fields by path),
// literals, function calls by name (operators are calls too: "add", "eq", ...), CAST, CASE, and
// the lazy AND / OR. binder.h checks and types them; evaluator.h runs the bound form.
//
// Thread safety: immutable once built; share freely through ExprPtr.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "columnar/scalar.h"
#include "columnar/type.h"

namespace sluice::engine {

enum class ExprKind {
  kColumn,   // a column, or a field of a struct column reached by a path
  kLiteral,  // a constant
  kCall,     // a scalar function (operators included) resolved through the FunctionRegistry
  kCast,     // CAST / TRY_CAST to a type
  kCase,     // CASE WHEN c1 THEN v1 ... [ELSE e] END: only the branch a row takes is evaluated
  kAnd,      // SQL AND (three-valued); the right side only runs on rows the left leaves open
  kOr,       // SQL OR (three-valued); likewise
};

class Expression;
using ExprPtr = std::shared_ptr<const Expression>;

class Expression {
 public:
  ExprKind kind() const { return kind_; }
  // kColumn: field names from the top-level column down through structs.
  const std::vector<std::string>& path() const { return path_; }
  // kLiteral.
  const columnar::Scalar& literal() const { return literal_; }
  // kCall: the function's name as written.
  const std::string& function() const { return function_; }
  // kCall: the arguments; kAnd/kOr: the two operands; kCast: the one operand; kCase: the
  // conditions and values interleaved (c1, v1, c2, v2, ...), then the ELSE value if any.
  const std::vector<ExprPtr>& args() const { return args_; }
  // kCast: the target type and whether a failed conversion gives NULL instead of an error.
  const columnar::TypePtr& cast_type() const { return cast_type_; }
  bool try_cast() const { return try_cast_; }
  // kCase: whether the last argument is the ELSE value.
  bool has_else() const { return has_else_; }

  // SQL-like text for messages and plans: "(amount > 100)", "lower(name)", "address.city".
  std::string ToString() const;

  // Construction goes through the functions below.
 private:
  explicit Expression(ExprKind kind) : kind_(kind) {}
  friend ExprPtr ColPath(std::vector<std::string> path);
  friend ExprPtr Lit(columnar::Scalar value);
  friend ExprPtr Call(std::string function, std::vector<ExprPtr> args);
  friend ExprPtr Cast(ExprPtr operand, columnar::TypePtr type);
  friend ExprPtr TryCast(ExprPtr operand, columnar::TypePtr type);
  friend ExprPtr Case(std::vector<std::pair<ExprPtr, ExprPtr>> branches, ExprPtr otherwise);
  friend ExprPtr And(ExprPtr left, ExprPtr right);
  friend ExprPtr Or(ExprPtr left, ExprPtr right);

  ExprKind kind_;
  std::vector<std::string> path_;
  columnar::Scalar literal_;
  std::string function_;
  std::vector<ExprPtr> args_;
  columnar::TypePtr cast_type_;
  bool try_cast_ = false;
  bool has_else_ = false;
};

// A nested struct field by path: ColPath({"address", "city"}).
ExprPtr ColPath(std::vector<std::string> path);
// A column by name.
inline ExprPtr Col(std::string name) { return ColPath(std::vector<std::string>{std::move(name)}); }
inline ExprPtr Col(const char* name) { return Col(std::string(name)); }
ExprPtr Lit(columnar::Scalar value);
ExprPtr Lit(int64_t value);
ExprPtr Lit(int value);
ExprPtr Lit(double value);
ExprPtr Lit(bool value);
ExprPtr Lit(std::string value);
ExprPtr Lit(const char* value);
// A NULL of type null (coerced to whatever the context needs).
ExprPtr NullLit();
ExprPtr Call(std::string function, std::vector<ExprPtr> args);
ExprPtr Cast(ExprPtr operand, columnar::TypePtr type);
ExprPtr TryCast(ExprPtr operand, columnar::TypePtr type);
// `otherwise` may be null (ELSE NULL).
ExprPtr Case(std::vector<std::pair<ExprPtr, ExprPtr>> branches, ExprPtr otherwise);
ExprPtr And(ExprPtr left, ExprPtr right);
ExprPtr Or(ExprPtr left, ExprPtr right);
// AND / OR of all (a single operand is returned as is). REQUIRES: at least one operand.
ExprPtr AndAll(std::vector<ExprPtr> operands);
ExprPtr OrAll(std::vector<ExprPtr> operands);

// Operators, as calls of the functions of the same meaning.
ExprPtr Not(ExprPtr operand);
ExprPtr IsNull(ExprPtr operand);
ExprPtr IsNotNull(ExprPtr operand);
ExprPtr Eq(ExprPtr left, ExprPtr right);
ExprPtr Ne(ExprPtr left, ExprPtr right);
ExprPtr Lt(ExprPtr left, ExprPtr right);
ExprPtr Le(ExprPtr left, ExprPtr right);
ExprPtr Gt(ExprPtr left, ExprPtr right);
ExprPtr Ge(ExprPtr left, ExprPtr right);
ExprPtr Add(ExprPtr left, ExprPtr right);
ExprPtr Sub(ExprPtr left, ExprPtr right);
ExprPtr Mul(ExprPtr left, ExprPtr right);
ExprPtr Div(ExprPtr left, ExprPtr right);
ExprPtr Mod(ExprPtr left, ExprPtr right);
ExprPtr Neg(ExprPtr operand);
// value IN (list...)
ExprPtr In(ExprPtr value, std::vector<ExprPtr> list);
ExprPtr Like(ExprPtr value, ExprPtr pattern);

// The top-level column names an expression reads, in first-use order, without duplicates.
std::vector<std::string> ReferencedColumns(const Expression& expr);
// Splits an AND tree into its conjuncts.
std::vector<ExprPtr> SplitConjuncts(const ExprPtr& expr);

}  // namespace sluice::engine
