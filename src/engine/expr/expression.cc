// Expressions: see expression.h.
#include "engine/expr/expression.h"

#include <algorithm>
#include <unordered_set>

#include <fmt/format.h>

namespace sluice::engine {

using columnar::Scalar;
using columnar::TypeId;

namespace {

// Infix spelling of the operator functions, for ToString.
const char* InfixSymbol(const std::string& function) {
  static const std::pair<const char*, const char*> kInfix[] = {
      {"add", "+"}, {"subtract", "-"}, {"multiply", "*"}, {"divide", "/"}, {"mod", "%"},
      {"eq", "="},  {"ne", "<>"},      {"lt", "<"},       {"le", "<="},    {"gt", ">"},
      {"ge", ">="}, {"like", "LIKE"},  {"div", "DIV"},    {"concat_op", "||"},
  };
  for (const auto& [name, symbol] : kInfix) {
    if (function == name) return symbol;
  }
  return nullptr;
}

std::string QuoteName(const std::string& name) {
  bool plain = !name.empty() && !(name[0] >= '0' && name[0] <= '9');
  for (char c : name) {
    plain &= (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  }
  if (plain) return name;
  std::string out = "`";
  for (char c : name) {
    if (c == '`') out += '`';
    out += c;
  }
  return out + "`";
}

std::string LiteralText(const Scalar& value) {
  if (value.is_null()) return "NULL";
  switch (value.type()->id()) {
    case TypeId::kString: {
      std::string out = "'";
      for (char c : value.string_value()) {
        if (c == '\'') out += '\'';
        out += c;
      }
      return out + "'";
    }
    case TypeId::kDate: return "DATE '" + value.ToString() + "'";
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz: return "TIMESTAMP '" + value.ToString() + "'";
    case TypeId::kBinary: return "X'...'";
    default: return value.ToString();
  }
}

ExprPtr Binary(const char* function, ExprPtr left, ExprPtr right) {
  return Call(function, {std::move(left), std::move(right)});
}

}  // namespace

std::string Expression::ToString() const {
  switch (kind_) {
    case ExprKind::kColumn: {
      std::string out;
      for (size_t i = 0; i < path_.size(); ++i) {
        if (i) out += '.';
        out += QuoteName(path_[i]);
      }
      return out;
    }
    case ExprKind::kLiteral: return LiteralText(literal_);
    case ExprKind::kCast:
      return fmt::format("{}({} AS {})", try_cast_ ? "TRY_CAST" : "CAST", args_[0]->ToString(),
                         cast_type_->ToGlueType());
    case ExprKind::kAnd: return "(" + args_[0]->ToString() + " AND " + args_[1]->ToString() + ")";
    case ExprKind::kOr: return "(" + args_[0]->ToString() + " OR " + args_[1]->ToString() + ")";
    case ExprKind::kCase: {
      std::string out = "CASE";
      size_t pairs = (args_.size() - (has_else_ ? 1 : 0)) / 2;
      for (size_t i = 0; i < pairs; ++i) {
        out += " WHEN " + args_[2 * i]->ToString() + " THEN " + args_[2 * i + 1]->ToString();
      }
      if (has_else_) out += " ELSE " + args_.back()->ToString();
      return out + " END";
    }
    case ExprKind::kCall: {
      if (const char* symbol = InfixSymbol(function_); symbol && args_.size() == 2) {
        return "(" + args_[0]->ToString() + " " + symbol + " " + args_[1]->ToString() + ")";
      }
      if (function_ == "not" && args_.size() == 1) return "(NOT " + args_[0]->ToString() + ")";
      if (function_ == "negate" && args_.size() == 1) return "(-" + args_[0]->ToString() + ")";
      if (function_ == "is_null" && args_.size() == 1) return "(" + args_[0]->ToString() + " IS NULL)";
      if (function_ == "is_not_null" && args_.size() == 1) return "(" + args_[0]->ToString() + " IS NOT NULL)";
      if (function_ == "in" && !args_.empty()) {
        std::string out = "(" + args_[0]->ToString() + " IN (";
        for (size_t i = 1; i < args_.size(); ++i) out += (i > 1 ? ", " : "") + args_[i]->ToString();
        return out + "))";
      }
      std::string out = function_ + "(";
      for (size_t i = 0; i < args_.size(); ++i) out += (i ? ", " : "") + args_[i]->ToString();
      return out + ")";
    }
  }
  return "?";
}

ExprPtr ColPath(std::vector<std::string> path) {
  auto expr = std::shared_ptr<Expression>(new Expression(ExprKind::kColumn));
  expr->path_ = std::move(path);
  return expr;
}

ExprPtr Lit(Scalar value) {
  auto expr = std::shared_ptr<Expression>(new Expression(ExprKind::kLiteral));
  expr->literal_ = std::move(value);
  return expr;
}

ExprPtr Lit(int64_t value) { return Lit(Scalar::Int64(value)); }
ExprPtr Lit(int value) { return Lit(Scalar::Int(columnar::DataType::Int32(), value)); }
ExprPtr Lit(double value) { return Lit(Scalar::Float64(value)); }
ExprPtr Lit(bool value) { return Lit(Scalar::Boolean(value)); }
ExprPtr Lit(std::string value) { return Lit(Scalar::String(std::move(value))); }
ExprPtr Lit(const char* value) { return Lit(Scalar::String(value)); }
ExprPtr NullLit() { return Lit(Scalar()); }

ExprPtr Call(std::string function, std::vector<ExprPtr> args) {
  auto expr = std::shared_ptr<Expression>(new Expression(ExprKind::kCall));
  expr->function_ = std::move(function);
  expr->args_ = std::move(args);
  return expr;
}

ExprPtr Cast(ExprPtr operand, columnar::TypePtr type) {
  auto expr = std::shared_ptr<Expression>(new Expression(ExprKind::kCast));
  expr->args_ = {std::move(operand)};
  expr->cast_type_ = std::move(type);
  return expr;
}

ExprPtr TryCast(ExprPtr operand, columnar::TypePtr type) {
  auto expr = std::shared_ptr<Expression>(new Expression(ExprKind::kCast));
  expr->args_ = {std::move(operand)};
  expr->cast_type_ = std::move(type);
  expr->try_cast_ = true;
  return expr;
}

ExprPtr Case(std::vector<std::pair<ExprPtr, ExprPtr>> branches, ExprPtr otherwise) {
  auto expr = std::shared_ptr<Expression>(new Expression(ExprKind::kCase));
  for (auto& [when, then] : branches) {
    expr->args_.push_back(std::move(when));
    expr->args_.push_back(std::move(then));
  }
  if (otherwise) {
    expr->args_.push_back(std::move(otherwise));
    expr->has_else_ = true;
  }
  return expr;
}

ExprPtr And(ExprPtr left, ExprPtr right) {
  auto expr = std::shared_ptr<Expression>(new Expression(ExprKind::kAnd));
  expr->args_ = {std::move(left), std::move(right)};
  return expr;
}

ExprPtr Or(ExprPtr left, ExprPtr right) {
  auto expr = std::shared_ptr<Expression>(new Expression(ExprKind::kOr));
  expr->args_ = {std::move(left), std::move(right)};
  return expr;
}

ExprPtr AndAll(std::vector<ExprPtr> operands) {
  ExprPtr out = operands[0];
  for (size_t i = 1; i < operands.size(); ++i) out = And(out, operands[i]);
  return out;
}

ExprPtr OrAll(std::vector<ExprPtr> operands) {
  ExprPtr out = operands[0];
  for (size_t i = 1; i < operands.size(); ++i) out = Or(out, operands[i]);
  return out;
}

ExprPtr Not(ExprPtr operand) { return Call("not", {std::move(operand)}); }
ExprPtr IsNull(ExprPtr operand) { return Call("is_null", {std::move(operand)}); }
ExprPtr IsNotNull(ExprPtr operand) { return Call("is_not_null", {std::move(operand)}); }
ExprPtr Eq(ExprPtr left, ExprPtr right) { return Binary("eq", std::move(left), std::move(right)); }
ExprPtr Ne(ExprPtr left, ExprPtr right) { return Binary("ne", std::move(left), std::move(right)); }
ExprPtr Lt(ExprPtr left, ExprPtr right) { return Binary("lt", std::move(left), std::move(right)); }
ExprPtr Le(ExprPtr left, ExprPtr right) { return Binary("le", std::move(left), std::move(right)); }
ExprPtr Gt(ExprPtr left, ExprPtr right) { return Binary("gt", std::move(left), std::move(right)); }
ExprPtr Ge(ExprPtr left, ExprPtr right) { return Binary("ge", std::move(left), std::move(right)); }
ExprPtr Add(ExprPtr left, ExprPtr right) { return Binary("add", std::move(left), std::move(right)); }
ExprPtr Sub(ExprPtr left, ExprPtr right) { return Binary("subtract", std::move(left), std::move(right)); }
ExprPtr Mul(ExprPtr left, ExprPtr right) { return Binary("multiply", std::move(left), std::move(right)); }
ExprPtr Div(ExprPtr left, ExprPtr right) { return Binary("divide", std::move(left), std::move(right)); }
ExprPtr Mod(ExprPtr left, ExprPtr right) { return Binary("mod", std::move(left), std::move(right)); }
ExprPtr Neg(ExprPtr operand) { return Call("negate", {std::move(operand)}); }
ExprPtr Like(ExprPtr value, ExprPtr pattern) { return Binary("like", std::move(value), std::move(pattern)); }

ExprPtr In(ExprPtr value, std::vector<ExprPtr> list) {
  std::vector<ExprPtr> args{std::move(value)};
  for (auto& item : list) args.push_back(std::move(item));
  return Call("in", std::move(args));
}

std::vector<std::string> ReferencedColumns(const Expression& expr) {
  std::vector<std::string> out;
  std::vector<const Expression*> stack{&expr};
  while (!stack.empty()) {
    const Expression* e = stack.back();
    stack.pop_back();
    if (e->kind() == ExprKind::kColumn) {
      if (std::find(out.begin(), out.end(), e->path()[0]) == out.end()) out.push_back(e->path()[0]);
    }
    for (auto it = e->args().rbegin(); it != e->args().rend(); ++it) stack.push_back(it->get());
  }
  return out;
}

std::vector<ExprPtr> SplitConjuncts(const ExprPtr& expr) {
  if (expr->kind() != ExprKind::kAnd) return {expr};
  std::vector<ExprPtr> out = SplitConjuncts(expr->args()[0]);
  for (auto& part : SplitConjuncts(expr->args()[1])) out.push_back(std::move(part));
  return out;
}

}  // namespace sluice::engine
