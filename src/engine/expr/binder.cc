// The binder: see binder.h.
#include "engine/expr/binder.h"

#include <algorithm>

#include <fmt/format.h>

#include "engine/expr/evaluator.h"
#include "engine/expr/type_coercion.h"

namespace sluice::engine {

using columnar::DataType;
using columnar::Scalar;
using columnar::Schema;
using columnar::TypeId;
using columnar::TypePtr;

namespace {

std::vector<size_t> MergeColumns(const std::vector<BoundExprPtr>& args) {
  std::vector<size_t> out;
  for (const auto& arg : args) out.insert(out.end(), arg->columns_used.begin(), arg->columns_used.end());
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

bool AnyMayFail(const std::vector<BoundExprPtr>& args) {
  return std::any_of(args.begin(), args.end(), [](const BoundExprPtr& a) { return a->may_fail; });
}

BoundExprPtr MakeLiteral(Scalar value, std::string text) {
  auto out = std::make_shared<BoundExpression>();
  out->kind = ExprKind::kLiteral;
  out->type = value.type();
  out->text = std::move(text);
  out->literal = std::move(value);
  return out;
}

// Evaluates a node whose inputs are all constants, replacing it by a literal.
Result<BoundExprPtr> Fold(std::shared_ptr<BoundExpression> node) {
  if (node->type->is_nested()) return BoundExprPtr(node);  // scalars hold no nested values
  for (const auto& arg : node->args) {
    if (!arg->is_constant()) return BoundExprPtr(node);
  }
  ASSIGN_OR_RETURN(Datum value, EvaluateConstant(*node));
  Scalar scalar = value.is_scalar() ? value.scalar() : ScalarAt(*value.column(), 0);
  if (scalar.is_null()) scalar = Scalar::Null(node->type);
  if (!scalar.type()->Equals(*node->type) && !scalar.is_null()) {
    // Kernels return their declared type; keep the declared one for NULLs of type null.
    return BoundExprPtr(node);
  }
  return MakeLiteral(std::move(scalar), node->text);
}

// Whether a failing value is possible when casting `from` to `to` (narrowing or parsing).
bool CastMayFail(const TypePtr& from, const TypePtr& to) {
  if (from->Equals(*to) || from->id() == TypeId::kNull || to->id() == TypeId::kString) return false;
  if (from->is_integer() && to->is_integer()) return to->byte_width() < from->byte_width();
  if (from->is_integer() && to->is_floating()) return false;
  if (from->id() == TypeId::kFloat32 && to->id() == TypeId::kFloat64) return false;
  if (from->id() == TypeId::kDate && (to->id() == TypeId::kTimestamp || to->id() == TypeId::kTimestampTz)) return false;
  return true;
}

class BinderImpl {
 public:
  BinderImpl(const Schema& schema, const FunctionRegistry& registry) : schema_(schema), registry_(registry) {}

  Result<BoundExprPtr> Bind(const ExprPtr& expr) {
    auto bound = BindNode(*expr);
    if (!bound.ok() && !context_added_ && expr->kind() != ExprKind::kColumn) {
      context_added_ = true;
      return bound.status().WithContext("in " + expr->ToString());
    }
    return bound;
  }

 private:
  Result<BoundExprPtr> BindNode(const Expression& expr) {
    switch (expr.kind()) {
      case ExprKind::kColumn: return BindColumn(expr);
      case ExprKind::kLiteral: return MakeLiteral(expr.literal(), expr.ToString());
      case ExprKind::kCast: {
        ASSIGN_OR_RETURN(BoundExprPtr operand, Bind(expr.args()[0]));
        auto cast = BindCast(operand, expr.cast_type(), expr.try_cast());
        if (!cast.ok()) return cast;
        if ((*cast)->kind == ExprKind::kCast || (*cast)->kind == ExprKind::kLiteral) {
          auto node = std::const_pointer_cast<BoundExpression>(*cast);
          node->text = expr.ToString();
        }
        return cast;
      }
      case ExprKind::kAnd:
      case ExprKind::kOr: return BindLogical(expr);
      case ExprKind::kCase: return BindCase(expr);
      case ExprKind::kCall: return BindCall(expr);
    }
    return Internal("unknown expression kind");
  }

  Result<BoundExprPtr> BindColumn(const Expression& expr) {
    const auto& path = expr.path();
    ASSIGN_OR_RETURN(size_t index, ResolveColumn(schema_, path[0]));
    auto out = std::make_shared<BoundExpression>();
    out->kind = ExprKind::kColumn;
    out->text = expr.ToString();
    out->column = index;
    out->columns_used = {index};
    TypePtr type = schema_.field(index).type;
    for (size_t i = 1; i < path.size(); ++i) {
      if (type->id() != TypeId::kStruct) {
        return InvalidArgument(fmt::format("'{}' is {}, not a struct, so it has no field '{}'", path[i - 1],
                                           type->ToGlueType(), path[i]));
      }
      const auto& fields = type->fields();
      auto match = std::find_if(fields.begin(), fields.end(), [&](const columnar::Field& f) { return f.name == path[i]; });
      if (match == fields.end()) {
        match = std::find_if(fields.begin(), fields.end(), [&](const columnar::Field& f) {
          return f.name.size() == path[i].size() &&
                 std::equal(f.name.begin(), f.name.end(), path[i].begin(),
                            [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) ==
                                                        std::tolower(static_cast<unsigned char>(b)); });
        });
      }
      if (match == fields.end()) {
        return InvalidArgument(fmt::format("struct '{}' ({}) has no field '{}'", path[i - 1], type->ToGlueType(), path[i]));
      }
      out->fields.push_back(static_cast<size_t>(match - fields.begin()));
      type = match->type;
    }
    out->type = type;
    return BoundExprPtr(out);
  }

  Result<BoundExprPtr> BindBoolean(const ExprPtr& expr, std::string_view role) {
    ASSIGN_OR_RETURN(BoundExprPtr bound, Bind(expr));
    if (bound->type->id() == TypeId::kNull) return BindCast(bound, DataType::Boolean());
    if (bound->type->id() != TypeId::kBoolean) {
      return InvalidArgument(fmt::format("{} {} must be boolean, not {}", role, expr->ToString(), bound->type->ToGlueType()));
    }
    return bound;
  }

  Result<BoundExprPtr> BindLogical(const Expression& expr) {
    const char* role = expr.kind() == ExprKind::kAnd ? "operand of AND" : "operand of OR";
    ASSIGN_OR_RETURN(BoundExprPtr left, BindBoolean(expr.args()[0], role));
    ASSIGN_OR_RETURN(BoundExprPtr right, BindBoolean(expr.args()[1], role));
    auto out = std::make_shared<BoundExpression>();
    out->kind = expr.kind();
    out->type = DataType::Boolean();
    out->text = expr.ToString();
    out->args = {left, right};
    out->columns_used = MergeColumns(out->args);
    out->may_fail = AnyMayFail(out->args);
    return Fold(out);
  }

  Result<BoundExprPtr> BindCase(const Expression& expr) {
    const auto& args = expr.args();
    size_t pairs = (args.size() - (expr.has_else() ? 1 : 0)) / 2;
    std::vector<BoundExprPtr> bound;
    TypePtr type = DataType::Null();
    for (size_t i = 0; i < pairs; ++i) {
      ASSIGN_OR_RETURN(BoundExprPtr when, BindBoolean(args[2 * i], "WHEN condition"));
      ASSIGN_OR_RETURN(BoundExprPtr then, Bind(args[2 * i + 1]));
      bound.push_back(when);
      bound.push_back(then);
    }
    if (expr.has_else()) {
      ASSIGN_OR_RETURN(BoundExprPtr otherwise, Bind(args.back()));
      bound.push_back(otherwise);
    }
    for (size_t i = 0; i < bound.size(); ++i) {
      bool is_value = i % 2 == 1 || (expr.has_else() && i + 1 == bound.size());
      if (!is_value) continue;
      auto common = CommonType(type, bound[i]->type);
      if (!common.ok()) return InvalidArgument("CASE branches have incompatible types: " + common.status().message());
      type = *common;
    }
    for (size_t i = 0; i < bound.size(); ++i) {
      bool is_value = i % 2 == 1 || (expr.has_else() && i + 1 == bound.size());
      if (is_value) {
        ASSIGN_OR_RETURN(bound[i], BindCast(bound[i], type));
      }
    }
    auto out = std::make_shared<BoundExpression>();
    out->kind = ExprKind::kCase;
    out->type = type;
    out->text = expr.ToString();
    out->args = std::move(bound);
    out->has_else = expr.has_else();
    out->columns_used = MergeColumns(out->args);
    out->may_fail = AnyMayFail(out->args);
    return Fold(out);
  }

  Result<BoundExprPtr> BindCall(const Expression& expr) {
    const ScalarFunction* function = registry_.FindScalar(expr.function());
    if (!function) {
      if (registry_.FindAggregate(expr.function())) {
        return InvalidArgument(fmt::format("aggregate function {} is not allowed here", expr.function()));
      }
      return InvalidArgument(fmt::format("unknown function {}", expr.function()));
    }
    std::vector<BoundExprPtr> args;
    for (const auto& arg : expr.args()) {
      ASSIGN_OR_RETURN(BoundExprPtr bound, Bind(arg));
      args.push_back(std::move(bound));
    }
    std::vector<ArgumentInfo> infos;
    for (const auto& arg : args) infos.push_back({arg->type, arg->is_constant() ? &arg->literal : nullptr});
    ASSIGN_OR_RETURN(Kernel kernel, function->resolve(infos));
    if (!kernel.input_types.empty()) {
      for (size_t i = 0; i < args.size() && i < kernel.input_types.size(); ++i) {
        if (kernel.input_types[i]) {
          ASSIGN_OR_RETURN(args[i], BindCast(args[i], kernel.input_types[i]));
        }
      }
    }
    auto out = std::make_shared<BoundExpression>();
    out->kind = ExprKind::kCall;
    out->type = kernel.output_type;
    out->text = expr.ToString();
    out->function = function->name;
    out->kernel = std::move(kernel.run);
    out->args = std::move(args);
    out->columns_used = MergeColumns(out->args);
    out->may_fail = kernel.may_fail || AnyMayFail(out->args);
    return Fold(out);
  }

  const Schema& schema_;
  const FunctionRegistry& registry_;
  bool context_added_ = false;
};

}  // namespace

Result<size_t> ResolveColumn(const Schema& schema, const std::string& name) {
  auto ambiguous = [&](bool ignore_case) {
    size_t count = 0;
    for (const auto& field : schema.fields()) {
      bool same = ignore_case ? field.name.size() == name.size() &&
                                    std::equal(field.name.begin(), field.name.end(), name.begin(), [](char a, char b) {
                                      return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
                                    })
                              : field.name == name;
      count += same;
    }
    return count > 1;
  };
  if (auto index = schema.FieldIndex(name)) {
    if (ambiguous(false)) return InvalidArgument(fmt::format("column '{}' is ambiguous: more than one input column has that name", name));
    return *index;
  }
  if (auto index = schema.FieldIndexIgnoreCase(name)) {
    if (ambiguous(true)) return InvalidArgument(fmt::format("column '{}' is ambiguous: more than one input column has that name", name));
    return *index;
  }
  std::string available;
  for (size_t i = 0; i < schema.num_fields() && i < 20; ++i) available += (i ? ", " : "") + schema.field(i).name;
  if (schema.num_fields() > 20) available += ", ...";
  return InvalidArgument(fmt::format("column '{}' does not exist (columns: {})", name, available));
}

Result<BoundExprPtr> BindCast(BoundExprPtr operand, const TypePtr& type, bool try_cast) {
  if (operand->type->Equals(*type)) return operand;
  ASSIGN_OR_RETURN(CastFunction cast, ResolveCast(operand->type, type));
  auto out = std::make_shared<BoundExpression>();
  out->kind = ExprKind::kCast;
  out->type = type;
  out->text = fmt::format("{}({} AS {})", try_cast ? "TRY_CAST" : "CAST", operand->text, type->ToGlueType());
  out->cast = std::move(cast);
  out->try_cast = try_cast;
  out->may_fail = operand->may_fail || (!try_cast && CastMayFail(operand->type, type));
  out->columns_used = operand->columns_used;
  out->args = {std::move(operand)};
  return Fold(out);
}

Result<BoundExprPtr> Bind(const ExprPtr& expr, const Schema& schema, const FunctionRegistry& registry) {
  BinderImpl binder(schema, registry);
  return binder.Bind(expr);
}

}  // namespace sluice::engine
