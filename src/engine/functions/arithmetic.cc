// Arithmetic operators: + - * / DIV % and unary minus, on integers, floats and decimals.
//
// Semantics (docs/engine.md has the table):
//   - integer + - * keep the wider operand type; a result that does not fit is an error naming
//     the values ("integer overflow: 2147483647 + 1 does not fit int"), never a wrapped value;
//   - `/` gives double for integers and floats, a decimal for decimals (Spark's precision rules);
//     `DIV` is integer division (bigint, truncating); `%` takes the sign of the dividend;
//   - division or remainder by zero gives NULL (Spark and DuckDB both do this);
//   - floats follow IEEE 754 (inf and NaN propagate); decimal results wider than 38 digits lose
//     scale first and are an error when the integer digits do not fit.
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "columnar/decimal.h"
#include "engine/expr/kernel_loops.h"
#include "engine/expr/physical_type.h"
#include "engine/expr/type_coercion.h"
#include "engine/functions/function_list.h"
#include "engine/functions/function_signature.h"

namespace sluice::engine {

using columnar::DataType;
using columnar::Int128;
using columnar::TypeId;
using columnar::TypePtr;

namespace {

enum class Op { kAdd, kSubtract, kMultiply, kDivide, kMod };

const char* Symbol(Op op) {
  switch (op) {
    case Op::kAdd: return "+";
    case Op::kSubtract: return "-";
    case Op::kMultiply: return "*";
    case Op::kDivide: return "/";
    case Op::kMod: return "%";
  }
  return "?";
}

template <typename T>
std::string ValueText(T value) {
  if constexpr (std::is_same_v<T, Int128>) return columnar::Int128ToString(value);
  else return fmt::format("{}", value);
}

// Integer kernel for one physical type: checked + - *, and % (NULL on zero).
template <typename T>
KernelFunction IntegerKernel(Op op, TypePtr type) {
  return [op, type](const std::vector<Datum>& args, int64_t rows) -> Result<Datum> {
    auto overflow = [&](T a, T b) {
      return InvalidArgument(fmt::format("integer overflow: {} {} {} does not fit {}", ValueText(a), Symbol(op),
                                         ValueText(b), type->ToGlueType()));
    };
    switch (op) {
      case Op::kAdd:
        return BinaryFixedChecked<T, T, T>(args[0], args[1], rows, type, [](T a, T b, T* out) {
          return __builtin_add_overflow(a, b, out) ? RowOutcome::kError : RowOutcome::kOk;
        }, overflow);
      case Op::kSubtract:
        return BinaryFixedChecked<T, T, T>(args[0], args[1], rows, type, [](T a, T b, T* out) {
          return __builtin_sub_overflow(a, b, out) ? RowOutcome::kError : RowOutcome::kOk;
        }, overflow);
      case Op::kMultiply:
        return BinaryFixedChecked<T, T, T>(args[0], args[1], rows, type, [](T a, T b, T* out) {
          return __builtin_mul_overflow(a, b, out) ? RowOutcome::kError : RowOutcome::kOk;
        }, overflow);
      default:
        return BinaryFixedChecked<T, T, T>(args[0], args[1], rows, type, [](T a, T b, T* out) {
          if (b == 0) return RowOutcome::kNull;
          *out = b == -1 ? T{0} : static_cast<T>(a % b);  // MIN % -1 is 0, not a trap
          return RowOutcome::kOk;
        }, overflow);
    }
  };
}

template <typename T>
KernelFunction FloatingKernel(Op op, TypePtr type) {
  return [op, type](const std::vector<Datum>& args, int64_t rows) -> Result<Datum> {
    switch (op) {
      case Op::kAdd: return BinaryFixed<T, T, T>(args[0], args[1], rows, type, [](T a, T b) { return a + b; });
      case Op::kSubtract: return BinaryFixed<T, T, T>(args[0], args[1], rows, type, [](T a, T b) { return a - b; });
      case Op::kMultiply: return BinaryFixed<T, T, T>(args[0], args[1], rows, type, [](T a, T b) { return a * b; });
      case Op::kDivide:
        return BinaryFixedChecked<T, T, T>(args[0], args[1], rows, type, [](T a, T b, T* out) {
          if (b == 0) return RowOutcome::kNull;
          *out = a / b;
          return RowOutcome::kOk;
        }, [](T, T) { return Status::Ok(); });
      case Op::kMod:
        return BinaryFixedChecked<T, T, T>(args[0], args[1], rows, type, [](T a, T b, T* out) {
          if (b == 0) return RowOutcome::kNull;
          *out = std::fmod(a, b);
          return RowOutcome::kOk;
        }, [](T, T) { return Status::Ok(); });
    }
    return Internal("unknown operator");
  };
}

Int128 RoundDivide(Int128 value, Int128 divisor) {
  Int128 quotient = value / divisor;
  Int128 remainder = value % divisor;
  Int128 twice = remainder < 0 ? -remainder * 2 : remainder * 2;
  if (twice >= (divisor < 0 ? -divisor : divisor)) quotient += (value < 0) != (divisor < 0) ? -1 : 1;
  return quotient;
}

// Decimal kernel. Both inputs arrive at scales `sa`, `sb`; the exact result is rescaled to the
// output type's scale and must fit its precision.
KernelFunction DecimalKernel(Op op, int sa, int sb, TypePtr out) {
  return [op, sa, sb, out](const std::vector<Datum>& args, int64_t rows) -> Result<Datum> {
    const int so = out->scale(), po = out->precision();
    auto overflow = [&](Int128 a, Int128 b) {
      return InvalidArgument(fmt::format("decimal overflow: {} {} {} does not fit {}", columnar::DecimalToString(a, sa),
                                         Symbol(op), columnar::DecimalToString(b, sb), out->ToGlueType()));
    };
    auto finish = [so, po](Int128 exact, int exact_scale, Int128* result) {
      if (exact_scale > so) exact = RoundDivide(exact, columnar::Pow10(exact_scale - so));
      else if (exact_scale < so && __builtin_mul_overflow(exact, columnar::Pow10(so - exact_scale), &exact)) {
        return RowOutcome::kError;
      }
      if (!columnar::FitsPrecision(exact, po)) return RowOutcome::kError;
      *result = exact;
      return RowOutcome::kOk;
    };
    switch (op) {
      case Op::kAdd:
      case Op::kSubtract: {
        // Inputs share scale sa == sb (the resolver cast them).
        bool add = op == Op::kAdd;
        return BinaryFixedChecked<Int128, Int128, Int128>(args[0], args[1], rows, out, [=](Int128 a, Int128 b, Int128* r) {
          Int128 exact;
          if (add ? __builtin_add_overflow(a, b, &exact) : __builtin_sub_overflow(a, b, &exact)) return RowOutcome::kError;
          return finish(exact, sa, r);
        }, overflow);
      }
      case Op::kMultiply:
        return BinaryFixedChecked<Int128, Int128, Int128>(args[0], args[1], rows, out, [=](Int128 a, Int128 b, Int128* r) {
          Int128 exact;
          if (__builtin_mul_overflow(a, b, &exact)) return RowOutcome::kError;
          return finish(exact, sa + sb, r);
        }, overflow);
      case Op::kDivide: {
        // a / b at scale so: a * 10^(so - sa + sb) / b, rounded half away from zero.
        int shift = so - sa + sb;
        return BinaryFixedChecked<Int128, Int128, Int128>(args[0], args[1], rows, out, [=](Int128 a, Int128 b, Int128* r) {
          if (b == 0) return RowOutcome::kNull;
          Int128 numerator = a, divisor = b;
          if (shift >= 0) {
            if (__builtin_mul_overflow(a, columnar::Pow10(shift), &numerator)) return RowOutcome::kError;
          } else if (__builtin_mul_overflow(b, columnar::Pow10(-shift), &divisor)) {
            return RowOutcome::kError;
          }
          Int128 exact = RoundDivide(numerator, divisor);
          if (!columnar::FitsPrecision(exact, po)) return RowOutcome::kError;
          *r = exact;
          return RowOutcome::kOk;
        }, overflow);
      }
      case Op::kMod:
        return BinaryFixedChecked<Int128, Int128, Int128>(args[0], args[1], rows, out, [=](Int128 a, Int128 b, Int128* r) {
          if (b == 0) return RowOutcome::kNull;
          return finish(a % b, sa, r);
        }, overflow);
    }
    return Internal("unknown operator");
  };
}

Result<Kernel> ResolveArithmetic(Op op, const char* name, const std::vector<ArgumentInfo>& args) {
  RETURN_IF_ERROR(ExpectArgumentCount(name, args, 2, 2));
  for (size_t i = 0; i < 2; ++i) {
    if (!IsNumericLike(args[i].type)) return WrongArgument(name, i, "a number", args[i].type);
  }
  ASSIGN_OR_RETURN(TypePtr common, NumericType(args[0].type, args[1].type));
  Kernel kernel;
  if (common->is_integer()) {
    if (op == Op::kDivide) {
      TypePtr dbl = DataType::Float64();
      return Kernel{dbl, {dbl, dbl}, FloatingKernel<double>(op, dbl), false};
    }
    kernel.output_type = common;
    kernel.input_types = {common, common};
    kernel.run = VisitInteger(common->id(), [&](auto tag) { return IntegerKernel<typename decltype(tag)::Type>(op, common); });
    kernel.may_fail = op != Op::kMod;
    return kernel;
  }
  if (common->is_floating()) {
    kernel.output_type = common;
    kernel.input_types = {common, common};
    kernel.run = common->id() == TypeId::kFloat32 ? FloatingKernel<float>(op, common) : FloatingKernel<double>(op, common);
    return kernel;
  }
  // Decimals (an integer side counts as decimal(p, 0)).
  auto as_decimal = [](const TypePtr& t) {
    if (t->id() == TypeId::kNull) return DataType::Decimal(1, 0);
    return t->is_integer() ? DecimalForInteger(t->id()) : t;
  };
  TypePtr a = as_decimal(args[0].type), b = as_decimal(args[1].type);
  int p1 = a->precision(), s1 = a->scale(), p2 = b->precision(), s2 = b->scale();
  kernel.may_fail = true;
  switch (op) {
    case Op::kAdd:
    case Op::kSubtract:
    case Op::kMod: {
      int scale = std::max(s1, s2);
      int integer_digits = std::max(p1 - s1, p2 - s2);
      TypePtr in_a = BoundedDecimal(std::min(38, p1 - s1 + scale), scale);
      TypePtr in_b = BoundedDecimal(std::min(38, p2 - s2 + scale), scale);
      if (in_a->scale() != scale || in_b->scale() != scale) {
        return InvalidArgument(fmt::format("{} of {} and {} needs more than 38 digits", name, a->ToGlueType(), b->ToGlueType()));
      }
      kernel.output_type = op == Op::kMod ? BoundedDecimal(std::min(p1 - s1, p2 - s2) + scale, scale)
                                          : BoundedDecimal(integer_digits + scale + 1, scale);
      kernel.input_types = {in_a, in_b};
      kernel.run = DecimalKernel(op, scale, scale, kernel.output_type);
      return kernel;
    }
    case Op::kMultiply:
      kernel.output_type = BoundedDecimal(p1 + p2 + 1, s1 + s2);
      kernel.input_types = {a, b};
      kernel.run = DecimalKernel(op, s1, s2, kernel.output_type);
      return kernel;
    case Op::kDivide: {
      int scale = std::max(6, s1 + p2 + 1);
      kernel.output_type = BoundedDecimal(p1 - s1 + s2 + scale, scale);
      kernel.input_types = {a, b};
      kernel.run = DecimalKernel(op, s1, s2, kernel.output_type);
      return kernel;
    }
  }
  return Internal("unknown operator");
}

Result<Kernel> ResolveIntegerDivide(const std::vector<ArgumentInfo>& args) {
  RETURN_IF_ERROR(ExpectArgumentCount("div", args, 2, 2));
  for (size_t i = 0; i < 2; ++i) {
    if (!IsIntegerLike(args[i].type)) return WrongArgument("div", i, "an integer", args[i].type);
  }
  TypePtr type = DataType::Int64();
  Kernel kernel{type, {type, type}, nullptr, true};
  kernel.run = [type](const std::vector<Datum>& in, int64_t rows) -> Result<Datum> {
    return BinaryFixedChecked<int64_t, int64_t, int64_t>(in[0], in[1], rows, type, [](int64_t a, int64_t b, int64_t* out) {
      if (b == 0) return RowOutcome::kNull;
      if (a == std::numeric_limits<int64_t>::min() && b == -1) return RowOutcome::kError;
      *out = a / b;
      return RowOutcome::kOk;
    }, [](int64_t a, int64_t b) {
      return InvalidArgument(fmt::format("integer overflow: {} DIV {} does not fit bigint", a, b));
    });
  };
  return kernel;
}

// Unary minus and abs share one resolver.
Result<Kernel> ResolveSign(const char* name, bool absolute, const std::vector<ArgumentInfo>& args) {
  RETURN_IF_ERROR(ExpectArgumentCount(name, args, 1, 1));
  if (!IsNumericLike(args[0].type)) return WrongArgument(name, 0, "a number", args[0].type);
  TypePtr type = args[0].type->id() == TypeId::kNull ? DataType::Int32() : args[0].type;
  Kernel kernel{type, {type}, nullptr, type->is_integer() || type->id() == TypeId::kDecimal};
  kernel.run = [type, absolute, name = std::string(name)](const std::vector<Datum>& in, int64_t rows) -> Result<Datum> {
    return VisitFixedWidth(type->id(), [&](auto tag) -> Result<Datum> {
      using T = typename decltype(tag)::Type;
      Datum zero(columnar::Scalar::Int(DataType::Int64(), 0));
      return BinaryFixedChecked<T, T, T>(in[0], in[0], rows, type, [absolute](T a, T, T* out) {
        if constexpr (std::is_floating_point_v<T>) {
          *out = absolute ? std::fabs(a) : -a;
          return RowOutcome::kOk;
        } else {
          if (absolute && a >= 0) {
            *out = a;
            return RowOutcome::kOk;
          }
          if constexpr (std::is_same_v<T, Int128>) {
            *out = -a;  // decimals hold at most 38 digits, so negation cannot overflow
            return RowOutcome::kOk;
          } else {
            return __builtin_sub_overflow(T{0}, a, out) ? RowOutcome::kError : RowOutcome::kOk;
          }
        }
      }, [&](T a, T) {
        return InvalidArgument(fmt::format("integer overflow: {}({}) does not fit {}", name, ValueText(a), type->ToGlueType()));
      });
    });
  };
  return kernel;
}

}  // namespace

void RegisterArithmeticFunctions(FunctionRegistry& registry) {
  auto add = [&](const char* name, Op op, const char* doc) {
    registry.AddScalar({name, doc, [op, name](const std::vector<ArgumentInfo>& args) { return ResolveArithmetic(op, name, args); }});
  };
  add("add", Op::kAdd, "add(a, b) / a + b: sum; integer overflow is an error");
  add("subtract", Op::kSubtract, "subtract(a, b) / a - b: difference; integer overflow is an error");
  add("multiply", Op::kMultiply, "multiply(a, b) / a * b: product; integer overflow is an error");
  add("divide", Op::kDivide, "divide(a, b) / a / b: quotient, double for integers, decimal for decimals; NULL when b = 0");
  add("mod", Op::kMod, "mod(a, b) / a % b: remainder with the sign of a; NULL when b = 0");
  registry.AddScalar({"div", "div(a, b) / a DIV b: integer quotient truncated toward zero (bigint); NULL when b = 0",
                      ResolveIntegerDivide});
  registry.AddScalar({"negate", "negate(a) / -a: the negated number",
                      [](const std::vector<ArgumentInfo>& args) { return ResolveSign("negate", false, args); }});
  registry.AddScalar({"abs", "abs(a): the absolute value",
                      [](const std::vector<ArgumentInfo>& args) { return ResolveSign("abs", true, args); }});
  registry.AddAlias("plus", "add");
  registry.AddAlias("minus", "subtract");
  registry.AddAlias("remainder", "mod");
}

}  // namespace sluice::engine
