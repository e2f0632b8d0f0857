// Comparisons and predicates: = <> < <= > >= (and the NULL-safe <=>), NOT, IS [NOT] NULL, IN,
// greatest and least.
//
// Semantics: a comparison with NULL is NULL (except <=>, which treats two NULLs as equal);
// both sides are first brought to a common type (type_coercion.h). Floating point follows
// Spark: NaN equals NaN and sorts above every other value; -0.0 equals 0.0. Strings compare
// byte-wise (UTF-8 code point order).
#include <cmath>
#include <cstring>
#include <unordered_set>

#include <fmt/format.h>

#include "engine/expr/cast.h"
#include "engine/expr/kernel_loops.h"
#include "engine/expr/physical_type.h"
#include "engine/expr/selection.h"
#include "engine/expr/type_coercion.h"
#include "engine/functions/comparison_kernels.h"
#include "engine/functions/function_list.h"
#include "engine/functions/function_signature.h"

namespace sluice::engine {

using columnar::Buffer;
using columnar::Column;
using columnar::ColumnPtr;
using columnar::DataType;
using columnar::Scalar;
using columnar::TypeId;
using columnar::TypePtr;

namespace {

template <typename T>
int Order(T a, T b) {
  if constexpr (std::is_floating_point_v<T>) {
    bool na = std::isnan(a), nb = std::isnan(b);
    if (na || nb) return na == nb ? 0 : (na ? 1 : -1);
  }
  return a < b ? -1 : (b < a ? 1 : 0);
}

template <typename T>
bool Holds(CompareOp op, T a, T b) {
  if constexpr (std::is_floating_point_v<T>) {
    return Holds(op, Order(a, b), 0);
  } else {
    switch (op) {
      case CompareOp::kEq: return a == b;
      case CompareOp::kNe: return a != b;
      case CompareOp::kLt: return a < b;
      case CompareOp::kLe: return a <= b;
      case CompareOp::kGt: return a > b;
      case CompareOp::kGe: return a >= b;
    }
    return false;
  }
}

template <typename T, CompareOp kOp>
Datum CompareFixed(const Datum& a, const Datum& b, int64_t rows) {
  return BinaryFixed<T, T, uint8_t>(a, b, rows, DataType::Boolean(),
                                    [](T x, T y) { return static_cast<uint8_t>(Holds(kOp, x, y)); });
}

template <typename T>
Datum CompareFixedDispatch(CompareOp op, const Datum& a, const Datum& b, int64_t rows) {
  switch (op) {
    case CompareOp::kEq: return CompareFixed<T, CompareOp::kEq>(a, b, rows);
    case CompareOp::kNe: return CompareFixed<T, CompareOp::kNe>(a, b, rows);
    case CompareOp::kLt: return CompareFixed<T, CompareOp::kLt>(a, b, rows);
    case CompareOp::kLe: return CompareFixed<T, CompareOp::kLe>(a, b, rows);
    case CompareOp::kGt: return CompareFixed<T, CompareOp::kGt>(a, b, rows);
    case CompareOp::kGe: return CompareFixed<T, CompareOp::kGe>(a, b, rows);
  }
  return Datum(Scalar::Null(DataType::Boolean()));
}

Datum CompareStrings(CompareOp op, const Datum& a, const Datum& b, int64_t rows) {
  bool all_null = false;
  auto validity = CombinedValidity({a, b}, rows, &all_null);
  if (all_null) return Datum(Scalar::Null(DataType::Boolean()));
  StringReader x(a), y(b);
  auto values = Buffer::Allocate(static_cast<size_t>(rows));
  uint8_t* out = values->mutable_data();
  for (int64_t i = 0; i < rows; ++i) out[i] = Holds(op, x.Value(i).compare(y.Value(i)), 0);
  return Datum(Column::Make(DataType::Boolean(), rows, std::move(validity), std::move(values), nullptr, {}, -1));
}

Result<Kernel> ResolveComparison(CompareOp op, const char* name, const std::vector<ArgumentInfo>& args) {
  RETURN_IF_ERROR(ExpectArgumentCount(name, args, 2, 2));
  auto common = ComparisonType(args[0].type, args[1].type);
  if (!common.ok()) return InvalidArgument(fmt::format("cannot compare {} with {}", args[0].type->ToGlueType(), args[1].type->ToGlueType()));
  TypePtr type = *common;
  if (type->id() == TypeId::kNull) type = DataType::Boolean();
  if (type->is_nested()) return InvalidArgument(fmt::format("{} cannot compare {} values", name, type->ToGlueType()));
  Kernel kernel;
  kernel.output_type = DataType::Boolean();
  kernel.input_types = {type, type};
  kernel.run = CompareKernel(op, type);
  return kernel;
}

// NULL-safe equality: never NULL.
Result<Kernel> ResolveNullSafeEqual(const std::vector<ArgumentInfo>& args) {
  ASSIGN_OR_RETURN(Kernel equal, ResolveComparison(CompareOp::kEq, "eq_null_safe", args));
  KernelFunction eq = equal.run;
  equal.run = [eq](const std::vector<Datum>& in, int64_t rows) -> Result<Datum> {
    ASSIGN_OR_RETURN(Datum result, eq(in, rows));
    ColumnPtr values = ToColumn(result, rows);
    auto out = Buffer::Allocate(static_cast<size_t>(rows));
    uint8_t* o = out->mutable_data();
    for (int64_t i = 0; i < rows; ++i) {
      bool null_a = in[0].IsNull(i), null_b = in[1].IsNull(i);
      o[i] = (null_a || null_b) ? (null_a && null_b) : values->Values<uint8_t>()[i];
    }
    return Datum(Column::Make(DataType::Boolean(), rows, nullptr, std::move(out), nullptr, {}, 0));
  };
  return equal;
}

Result<Kernel> ResolveNullTest(bool want_null, const std::vector<ArgumentInfo>& args) {
  RETURN_IF_ERROR(ExpectArgumentCount(want_null ? "is_null" : "is_not_null", args, 1, 1));
  Kernel kernel;
  kernel.output_type = DataType::Boolean();
  kernel.run = [want_null](const std::vector<Datum>& in, int64_t rows) -> Result<Datum> {
    if (in[0].is_scalar()) return Datum(Scalar::Boolean(in[0].scalar().is_null() == want_null));
    const Column& column = *in[0].column();
    auto out = Buffer::Allocate(static_cast<size_t>(rows));
    uint8_t* o = out->mutable_data();
    if (column.null_count() == 0) {
      std::memset(o, want_null ? 0 : 1, static_cast<size_t>(rows));
    } else {
      for (int64_t i = 0; i < rows; ++i) o[i] = column.IsNull(i) == want_null;
    }
    return Datum(Column::Make(DataType::Boolean(), rows, nullptr, std::move(out), nullptr, {}, 0));
  };
  return kernel;
}

Result<Kernel> ResolveNot(const std::vector<ArgumentInfo>& args) {
  RETURN_IF_ERROR(ExpectArgumentCount("not", args, 1, 1));
  if (args[0].type->id() != TypeId::kBoolean && args[0].type->id() != TypeId::kNull) {
    return WrongArgument("not", 0, "a boolean", args[0].type);
  }
  TypePtr boolean = DataType::Boolean();
  return Kernel{boolean, {boolean}, [boolean](const std::vector<Datum>& in, int64_t rows) -> Result<Datum> {
                  return UnaryFixed<uint8_t, uint8_t>(in[0], rows, boolean, [](uint8_t v) { return static_cast<uint8_t>(!v); });
                }, false};
}

// value IN (constants...): a hash lookup per row. The set holds the constants as text of the
// common type's values, so one implementation serves every type.
struct InSet {
  std::unordered_set<std::string> values;
  bool has_null = false;
};

std::string KeyOf(const Column& column, int64_t row) {
  if (column.type()->is_binary_like()) return std::string(column.GetView(row));
  int width = column.type()->byte_width();
  const uint8_t* base = column.values()->data() + (column.offset() + row) * width;
  std::string key(reinterpret_cast<const char*>(base), static_cast<size_t>(width));
  if (column.type()->is_floating()) {
    // -0.0 equals 0.0 and every NaN equals every other NaN.
    double v = column.type_id() == TypeId::kFloat32 ? column.Values<float>()[row] : column.Values<double>()[row];
    if (v == 0) return std::string(static_cast<size_t>(width), '\0');
    if (std::isnan(v)) return "NaN";
  }
  return key;
}

Result<Kernel> ResolveIn(const std::vector<ArgumentInfo>& args) {
  RETURN_IF_ERROR(ExpectArgumentCount("in", args, 2, static_cast<size_t>(-1)));
  TypePtr type = args[0].type;
  for (size_t i = 1; i < args.size(); ++i) {
    auto common = ComparisonType(type, args[i].type);
    if (!common.ok()) {
      return InvalidArgument(fmt::format("IN list value {} ({}) cannot be compared with {}", i, args[i].type->ToGlueType(),
                                         args[0].type->ToGlueType()));
    }
    type = *common;
  }
  if (type->id() == TypeId::kNull) type = DataType::Boolean();
  if (type->is_nested()) return InvalidArgument(fmt::format("IN cannot compare {} values", type->ToGlueType()));
  Kernel kernel;
  kernel.output_type = DataType::Boolean();
  kernel.input_types.assign(args.size(), type);
  bool all_constant = true;
  for (size_t i = 1; i < args.size(); ++i) all_constant &= args[i].constant != nullptr;
  if (all_constant) {
    auto set = std::make_shared<InSet>();
    for (size_t i = 1; i < args.size(); ++i) {
      ASSIGN_OR_RETURN(Scalar value, CastScalar(*args[i].constant, type));
      if (value.is_null()) {
        set->has_null = true;
        continue;
      }
      ColumnPtr one = BroadcastScalar(value, type, 1);
      set->values.insert(KeyOf(*one, 0));
    }
    kernel.run = [set, type](const std::vector<Datum>& in, int64_t rows) -> Result<Datum> {
      ColumnPtr column = ToColumn(in[0], rows);
      auto out = Buffer::Allocate(static_cast<size_t>(rows));
      uint8_t* o = out->mutable_data();
      auto bits = Buffer::AllocateZeroed(columnar::BitmapBytes(rows));
      int64_t nulls = 0;
      for (int64_t i = 0; i < rows; ++i) {
        bool valid = column->IsValid(i);
        bool found = valid && set->values.count(KeyOf(*column, i)) > 0;
        o[i] = found;
        valid = valid && (found || !set->has_null);
        if (valid) columnar::SetBit(bits->mutable_data(), i);
        else ++nulls;
      }
      return Datum(Column::Make(DataType::Boolean(), rows, nulls ? std::move(bits) : nullptr, std::move(out), nullptr, {}, nulls));
    };
    return kernel;
  }
  // Some list values are expressions: compare with each, OR-ing in three-valued logic.
  KernelFunction eq = CompareKernel(CompareOp::kEq, type);
  kernel.run = [eq](const std::vector<Datum>& in, int64_t rows) -> Result<Datum> {
    std::vector<uint8_t> any_true(static_cast<size_t>(rows), 0), any_null(static_cast<size_t>(rows), 0);
    for (size_t k = 1; k < in.size(); ++k) {
      ASSIGN_OR_RETURN(Datum result, eq({in[0], in[k]}, rows));
      ColumnPtr column = ToColumn(result, rows);
      for (int64_t i = 0; i < rows; ++i) {
        if (column->IsNull(i)) any_null[static_cast<size_t>(i)] = 1;
        else if (column->Values<uint8_t>()[i]) any_true[static_cast<size_t>(i)] = 1;
      }
    }
    auto out = Buffer::Allocate(static_cast<size_t>(rows));
    auto bits = Buffer::AllocateZeroed(columnar::BitmapBytes(rows));
    int64_t nulls = 0;
    for (int64_t i = 0; i < rows; ++i) {
      out->mutable_data()[i] = any_true[static_cast<size_t>(i)];
      if (any_true[static_cast<size_t>(i)] || !any_null[static_cast<size_t>(i)]) columnar::SetBit(bits->mutable_data(), i);
      else ++nulls;
    }
    return Datum(Column::Make(DataType::Boolean(), rows, nulls ? std::move(bits) : nullptr, std::move(out), nullptr, {}, nulls));
  };
  return kernel;
}

// greatest / least: the largest / smallest non-NULL argument (NULL only when all are).
Result<Kernel> ResolveExtreme(const char* name, bool greatest, const std::vector<ArgumentInfo>& args) {
  RETURN_IF_ERROR(ExpectArgumentCount(name, args, 2, static_cast<size_t>(-1)));
  TypePtr type = args[0].type;
  for (size_t i = 1; i < args.size(); ++i) {
    auto common = ComparisonType(type, args[i].type);
    if (!common.ok()) return InvalidArgument(fmt::format("{}: {}", name, common.status().message()));
    type = *common;
  }
  if (type->is_nested() || type->id() == TypeId::kNull) return WrongArgument(name, 0, "comparable values", type);
  Kernel kernel;
  kernel.output_type = type;
  kernel.input_types.assign(args.size(), type);
  kernel.run = [type, greatest](const std::vector<Datum>& in, int64_t rows) -> Result<Datum> {
    std::vector<ColumnPtr> columns;
    for (const auto& d : in) columns.push_back(ToColumn(d, rows));
    std::vector<uint16_t> source(static_cast<size_t>(rows), 0);
    std::vector<int64_t> row(static_cast<size_t>(rows), -1);
    auto pick = [&](auto better) {
      for (int64_t i = 0; i < rows; ++i) {
        for (size_t k = 0; k < columns.size(); ++k) {
          if (columns[k]->IsNull(i)) continue;
          if (row[static_cast<size_t>(i)] < 0 || better(*columns[k], *columns[source[static_cast<size_t>(i)]], i)) {
            source[static_cast<size_t>(i)] = static_cast<uint16_t>(k);
            row[static_cast<size_t>(i)] = i;
          }
        }
      }
    };
    if (type->is_binary_like()) {
      pick([&](const Column& a, const Column& b, int64_t i) {
        int c = a.GetView(i).compare(b.GetView(i));
        return greatest ? c > 0 : c < 0;
      });
    } else {
      VisitFixedWidth(type->id(), [&](auto tag) {
        using T = typename decltype(tag)::Type;
        pick([&](const Column& a, const Column& b, int64_t i) {
          int c = Order(a.Values<T>()[i], b.Values<T>()[i]);
          return greatest ? c > 0 : c < 0;
        });
      });
    }
    return Datum(TakeFromSources(columns, source.data(), row.data(), rows));
  };
  return kernel;
}

}  // namespace

KernelFunction CompareKernel(CompareOp op, const TypePtr& type) {
  return [op, type](const std::vector<Datum>& in, int64_t rows) -> Result<Datum> {
    if (type->is_binary_like()) return CompareStrings(op, in[0], in[1], rows);
    return VisitFixedWidth(type->id(), [&](auto tag) {
      return CompareFixedDispatch<typename decltype(tag)::Type>(op, in[0], in[1], rows);
    });
  };
}

void RegisterComparisonFunctions(FunctionRegistry& registry) {
  auto add = [&](const char* name, CompareOp op, const char* doc) {
    registry.AddScalar({name, doc, [op, name](const std::vector<ArgumentInfo>& a) { return ResolveComparison(op, name, a); }});
  };
  add("eq", CompareOp::kEq, "eq(a, b) / a = b: equality; NULL if either side is NULL");
  add("ne", CompareOp::kNe, "ne(a, b) / a <> b: inequality; NULL if either side is NULL");
  add("lt", CompareOp::kLt, "lt(a, b) / a < b");
  add("le", CompareOp::kLe, "le(a, b) / a <= b");
  add("gt", CompareOp::kGt, "gt(a, b) / a > b");
  add("ge", CompareOp::kGe, "ge(a, b) / a >= b");
  registry.AddScalar({"eq_null_safe", "eq_null_safe(a, b) / a <=> b: equality where NULL equals NULL; never NULL",
                      ResolveNullSafeEqual});
  registry.AddScalar({"is_null", "is_null(a) / a IS NULL", [](const std::vector<ArgumentInfo>& a) { return ResolveNullTest(true, a); }});
  registry.AddScalar({"is_not_null", "is_not_null(a) / a IS NOT NULL",
                      [](const std::vector<ArgumentInfo>& a) { return ResolveNullTest(false, a); }});
  registry.AddScalar({"not", "not(a) / NOT a: negation; NULL stays NULL", ResolveNot});
  registry.AddScalar({"in", "in(a, v1, v2, ...) / a IN (v1, v2, ...): TRUE if a equals a value; NULL if a is NULL, "
                            "or no value matches and one is NULL", ResolveIn});
  registry.AddScalar({"greatest", "greatest(a, b, ...): the largest non-NULL argument",
                      [](const std::vector<ArgumentInfo>& a) { return ResolveExtreme("greatest", true, a); }});
  registry.AddScalar({"least", "least(a, b, ...): the smallest non-NULL argument",
                      [](const std::vector<ArgumentInfo>& a) { return ResolveExtreme("least", false, a); }});
  registry.AddAlias("isnull", "is_null");
  registry.AddAlias("isnotnull", "is_not_null");
  registry.AddAlias("equal", "eq");
  registry.AddAlias("equals", "eq");
}

}  // namespace sluice::engine
