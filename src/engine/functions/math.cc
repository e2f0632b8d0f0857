// Math functions: round, bround, floor, ceil, sqrt, cbrt, power, exp, ln, log, log10, log2,
// signum. Following Spark: logarithms of values <= 0 give NULL, sqrt of a negative gives NaN,
// floor/ceil of floating point give bigint, round is half-up on the value's shortest decimal
// text (round(2.675, 2) = 2.68), bround is half-even.
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <string>

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
using columnar::Scalar;
using columnar::TypeId;
using columnar::TypePtr;

namespace {

// Rounds the shortest decimal form of `value` to `digits` fraction digits.
double RoundDecimalText(double value, int digits, bool half_even) {
  if (!std::isfinite(value)) return value;
  char buffer[64];
  char* end = std::to_chars(buffer, buffer + sizeof(buffer), value, std::chars_format::scientific).ptr;
  std::string text(buffer, end);
  bool negative = text[0] == '-';
  if (negative) text.erase(0, 1);
  size_t e = text.find('e');
  int exponent = std::atoi(text.c_str() + e + 1);
  std::string mantissa;
  for (size_t i = 0; i < e; ++i) {
    if (text[i] != '.') mantissa += text[i];
  }
  // value = 0.mantissa * 10^(exponent + 1); keep (exponent + 1 + digits) digits.
  int keep = exponent + 1 + digits;
  if (keep >= static_cast<int>(mantissa.size())) return value;
  if (keep < 0) return negative ? -0.0 : 0.0;
  std::string kept = mantissa.substr(0, static_cast<size_t>(keep));
  char next = mantissa[static_cast<size_t>(keep)];
  bool rest_nonzero = mantissa.find_first_not_of('0', static_cast<size_t>(keep) + 1) != std::string::npos;
  bool up;
  if (half_even) {
    bool odd = !kept.empty() && ((kept.back() - '0') % 2 == 1);
    up = next > '5' || (next == '5' && (rest_nonzero || odd));
  } else {
    up = next >= '5';
  }
  // Rebuild: kept digits (+1 if rounding up) * 10^(exponent + 1 - keep).
  long double whole = 0;
  for (char c : kept) whole = whole * 10 + (c - '0');
  if (up) whole += 1;
  std::string out = fmt::format("{}{:.0f}e{}", negative ? "-" : "", static_cast<double>(whole), exponent + 1 - keep);
  double result = 0;
  std::from_chars(out.data(), out.data() + out.size(), result);
  return result;
}

Int128 RoundInteger(Int128 value, Int128 unit, bool half_even) {
  Int128 quotient = value / unit;
  Int128 remainder = value % unit;
  Int128 twice = (remainder < 0 ? -remainder : remainder) * 2;
  bool up = half_even ? (twice > unit || (twice == unit && (quotient % 2 != 0))) : twice >= unit;
  if (up) quotient += value < 0 ? -1 : 1;
  return quotient;
}

Result<int> ConstantDigits(const char* name, const std::vector<ArgumentInfo>& args) {
  if (args.size() < 2) return 0;
  if (!args[1].type->is_integer() || !args[1].constant) {
    return InvalidArgument(fmt::format("{} expects a constant integer as argument 2", name));
  }
  if (args[1].constant->is_null()) return 0;
  int64_t digits = args[1].constant->int_value();
  if (digits < -38 || digits > 38) return InvalidArgument(fmt::format("{}: digits must be within -38..38", name));
  return static_cast<int>(digits);
}

Result<Kernel> ResolveRound(const char* name, bool half_even, const std::vector<ArgumentInfo>& args) {
  RETURN_IF_ERROR(ExpectArgumentCount(name, args, 1, 2));
  if (!IsNumericLike(args[0].type)) return WrongArgument(name, 0, "a number", args[0].type);
  ASSIGN_OR_RETURN(int digits, ConstantDigits(name, args));
  TypePtr type = args[0].type->id() == TypeId::kNull ? DataType::Float64() : args[0].type;
  Kernel kernel;
  kernel.input_types = {type};
  if (type->is_floating()) {
    kernel.output_type = type;
    kernel.run = [type, digits, half_even](const std::vector<Datum>& in, int64_t rows) -> Result<Datum> {
      if (type->id() == TypeId::kFloat32) {
        return UnaryFixed<float, float>(in[0], rows, type, [&](float v) {
          return static_cast<float>(RoundDecimalText(v, digits, half_even));
        });
      }
      return UnaryFixed<double, double>(in[0], rows, type, [&](double v) { return RoundDecimalText(v, digits, half_even); });
    };
    return kernel;
  }
  if (type->is_integer()) {
    kernel.output_type = type;
    kernel.may_fail = digits < 0;
    kernel.run = [type, digits, half_even](const std::vector<Datum>& in, int64_t rows) -> Result<Datum> {
      return VisitInteger(type->id(), [&](auto tag) -> Result<Datum> {
        using T = typename decltype(tag)::Type;
        if (digits >= 0) return in[0];
        Int128 unit = columnar::Pow10(-digits);
        return BinaryFixedChecked<T, T, T>(in[0], in[0], rows, type, [&](T v, T, T* out) {
          Int128 rounded = RoundInteger(v, unit, half_even) * unit;
          if (rounded < std::numeric_limits<T>::min() || rounded > std::numeric_limits<T>::max()) return RowOutcome::kError;
          *out = static_cast<T>(rounded);
          return RowOutcome::kOk;
        }, [&](T v, T) { return InvalidArgument(fmt::format("integer overflow: {}({}, {})", "round", v, digits)); });
      });
    };
    return kernel;
  }
  // decimal(p, s) rounded to d < s digits gives decimal(p - s + d + 1, d).
  int p = type->precision(), s = type->scale();
  int d = std::max(digits, 0);
  if (d >= s) {
    kernel.output_type = type;
    kernel.run = [](const std::vector<Datum>& in, int64_t) -> Result<Datum> { return in[0]; };
    return kernel;
  }
  TypePtr out = DataType::Decimal(std::min(38, p - s + d + 1), d);
  kernel.output_type = out;
  Int128 unit = columnar::Pow10(s - d);
  kernel.run = [out, unit, half_even](const std::vector<Datum>& in, int64_t rows) -> Result<Datum> {
    return UnaryFixed<Int128, Int128>(in[0], rows, out, [&](Int128 v) { return RoundInteger(v, unit, half_even); });
  };
  return kernel;
}

Result<Kernel> ResolveFloorCeil(const char* name, bool ceil, const std::vector<ArgumentInfo>& args) {
  RETURN_IF_ERROR(ExpectArgumentCount(name, args, 1, 1));
  if (!IsNumericLike(args[0].type)) return WrongArgument(name, 0, "a number", args[0].type);
  TypePtr type = args[0].type->id() == TypeId::kNull ? DataType::Float64() : args[0].type;
  Kernel kernel;
  kernel.input_types = {type};
  if (type->is_integer()) {
    kernel.output_type = type;
    kernel.run = [](const std::vector<Datum>& in, int64_t) -> Result<Datum> { return in[0]; };
    return kernel;
  }
  if (type->is_floating()) {
    TypePtr out = DataType::Int64();
    kernel.output_type = out;
    kernel.input_types = {DataType::Float64()};
    kernel.may_fail = true;
    kernel.run = [out, ceil, name = std::string(name)](const std::vector<Datum>& in, int64_t rows) -> Result<Datum> {
      return BinaryFixedChecked<double, double, int64_t>(in[0], in[0], rows, out, [ceil](double v, double, int64_t* r) {
        double rounded = ceil ? std::ceil(v) : std::floor(v);
        if (!std::isfinite(rounded) || rounded < -9.223372036854775808e18 || rounded >= 9.223372036854775808e18) {
          return RowOutcome::kError;
        }
        *r = static_cast<int64_t>(rounded);
        return RowOutcome::kOk;
      }, [&](double v, double) { return InvalidArgument(fmt::format("{}({}) does not fit bigint", name, v)); });
    };
    return kernel;
  }
  int p = type->precision(), s = type->scale();
  TypePtr out = DataType::Decimal(std::min(38, p - s + 1), 0);
  kernel.output_type = out;
  Int128 unit = columnar::Pow10(s);
  kernel.run = [out, unit, ceil](const std::vector<Datum>& in, int64_t rows) -> Result<Datum> {
    return UnaryFixed<Int128, Int128>(in[0], rows, out, [&](Int128 v) {
      Int128 q = v / unit, r = v % unit;
      if (r != 0 && ceil && v > 0) ++q;
      if (r != 0 && !ceil && v < 0) --q;
      return q;
    });
  };
  return kernel;
}

// A double -> double function; `null_if` marks inputs that give NULL (log of <= 0).
template <typename Fn, typename NullIf>
void AddDoubleFunction(FunctionRegistry& registry, const char* name, const char* doc, Fn fn, NullIf null_if) {
  registry.AddScalar({name, doc, [name, fn, null_if](const std::vector<ArgumentInfo>& args) -> Result<Kernel> {
                        RETURN_IF_ERROR(ExpectArgumentCount(name, args, 1, 1));
                        if (!IsNumericLike(args[0].type)) return WrongArgument(name, 0, "a number", args[0].type);
                        TypePtr dbl = DataType::Float64();
                        Kernel kernel{dbl, {dbl}, nullptr, false};
                        kernel.run = [dbl, fn, null_if](const std::vector<Datum>& in, int64_t rows) -> Result<Datum> {
                          return BinaryFixedChecked<double, double, double>(in[0], in[0], rows, dbl,
                              [&](double v, double, double* out) {
                                if (null_if(v)) return RowOutcome::kNull;
                                *out = fn(v);
                                return RowOutcome::kOk;
                              }, [](double, double) { return Status::Ok(); });
                        };
                        return kernel;
                      }});
}

}  // namespace

void RegisterMathFunctions(FunctionRegistry& registry) {
  registry.AddScalar({"round", "round(x[, d]): x rounded half-up to d fraction digits (default 0)",
                      [](const std::vector<ArgumentInfo>& a) { return ResolveRound("round", false, a); }});
  registry.AddScalar({"bround", "bround(x[, d]): x rounded half-to-even to d fraction digits",
                      [](const std::vector<ArgumentInfo>& a) { return ResolveRound("bround", true, a); }});
  registry.AddScalar({"floor", "floor(x): the largest integer <= x (bigint for floating point)",
                      [](const std::vector<ArgumentInfo>& a) { return ResolveFloorCeil("floor", false, a); }});
  registry.AddScalar({"ceil", "ceil(x): the smallest integer >= x (bigint for floating point)",
                      [](const std::vector<ArgumentInfo>& a) { return ResolveFloorCeil("ceil", true, a); }});
  registry.AddAlias("ceiling", "ceil");
  auto never = [](double) { return false; };
  auto not_positive = [](double v) { return v <= 0; };
  AddDoubleFunction(registry, "sqrt", "sqrt(x): square root (NaN for negative x)", [](double v) { return std::sqrt(v); }, never);
  AddDoubleFunction(registry, "cbrt", "cbrt(x): cube root", [](double v) { return std::cbrt(v); }, never);
  AddDoubleFunction(registry, "exp", "exp(x): e to the power x", [](double v) { return std::exp(v); }, never);
  AddDoubleFunction(registry, "ln", "ln(x): natural logarithm; NULL for x <= 0", [](double v) { return std::log(v); }, not_positive);
  AddDoubleFunction(registry, "log10", "log10(x): base-10 logarithm; NULL for x <= 0", [](double v) { return std::log10(v); }, not_positive);
  AddDoubleFunction(registry, "log2", "log2(x): base-2 logarithm; NULL for x <= 0", [](double v) { return std::log2(v); }, not_positive);
  AddDoubleFunction(registry, "signum", "signum(x): -1.0, 0.0 or 1.0 by the sign of x",
                    [](double v) { return v > 0 ? 1.0 : (v < 0 ? -1.0 : v); }, never);
  registry.AddAlias("sign", "signum");
  registry.AddScalar({"power", "power(x, y): x to the power y (double)", [](const std::vector<ArgumentInfo>& args) -> Result<Kernel> {
                        RETURN_IF_ERROR(ExpectArgumentCount("power", args, 2, 2));
                        for (size_t i = 0; i < 2; ++i) {
                          if (!IsNumericLike(args[i].type)) return WrongArgument("power", i, "a number", args[i].type);
                        }
                        TypePtr dbl = DataType::Float64();
                        return Kernel{dbl, {dbl, dbl}, [dbl](const std::vector<Datum>& in, int64_t rows) -> Result<Datum> {
                                        return BinaryFixed<double, double, double>(in[0], in[1], rows, dbl,
                                            [](double x, double y) { return std::pow(x, y); });
                                      }, false};
                      }});
  registry.AddAlias("pow", "power");
  registry.AddScalar({"log", "log(base, x): logarithm of x in the given base; NULL for x <= 0 or base <= 0",
                      [](const std::vector<ArgumentInfo>& args) -> Result<Kernel> {
                        RETURN_IF_ERROR(ExpectArgumentCount("log", args, 2, 2));
                        for (size_t i = 0; i < 2; ++i) {
                          if (!IsNumericLike(args[i].type)) return WrongArgument("log", i, "a number", args[i].type);
                        }
                        TypePtr dbl = DataType::Float64();
                        return Kernel{dbl, {dbl, dbl}, [dbl](const std::vector<Datum>& in, int64_t rows) -> Result<Datum> {
                                        return BinaryFixedChecked<double, double, double>(in[0], in[1], rows, dbl,
                                            [](double base, double x, double* out) {
                                              if (base <= 0 || x <= 0) return RowOutcome::kNull;
                                              *out = std::log(x) / std::log(base);
                                              return RowOutcome::kOk;
                                            }, [](double, double) { return Status::Ok(); });
                                      }, false};
                      }});
}

}  // namespace sluice::engine
