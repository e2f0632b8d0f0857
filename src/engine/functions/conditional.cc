// Conditional functions: coalesce (nvl, ifnull), if (iff) and nullif. They evaluate every
// argument on every row; CASE (an expression kind, not a function) evaluates only the branch
// each row takes.
#include <fmt/format.h>

#include "engine/expr/kernel_loops.h"
#include "engine/expr/selection.h"
#include "engine/expr/type_coercion.h"
#include "engine/functions/comparison_kernels.h"
#include "engine/functions/function_list.h"
#include "engine/functions/function_signature.h"

namespace sluice::engine {

using columnar::ColumnPtr;
using columnar::DataType;
using columnar::TypeId;
using columnar::TypePtr;

namespace {

Result<TypePtr> CommonOf(const char* name, const std::vector<ArgumentInfo>& args, size_t first) {
  TypePtr type = DataType::Null();
  for (size_t i = first; i < args.size(); ++i) {
    auto common = CommonType(type, args[i].type);
    if (!common.ok()) return InvalidArgument(fmt::format("{}: arguments have incompatible types: {}", name, common.status().message()));
    type = *common;
  }
  return type;
}

Result<Kernel> ResolveCoalesce(const std::vector<ArgumentInfo>& args) {
  RETURN_IF_ERROR(ExpectArgumentCount("coalesce", args, 1, static_cast<size_t>(-1)));
  ASSIGN_OR_RETURN(TypePtr type, CommonOf("coalesce", args, 0));
  Kernel kernel;
  kernel.output_type = type;
  kernel.input_types.assign(args.size(), type);
  kernel.run = [](const std::vector<Datum>& in, int64_t rows) -> Result<Datum> {
    std::vector<ColumnPtr> columns;
    for (const auto& d : in) columns.push_back(ToColumn(d, rows));
    std::vector<uint16_t> source(static_cast<size_t>(rows), 0);
    std::vector<int64_t> row(static_cast<size_t>(rows), -1);
    for (int64_t i = 0; i < rows; ++i) {
      for (size_t k = 0; k < columns.size(); ++k) {
        if (columns[k]->IsValid(i)) {
          source[static_cast<size_t>(i)] = static_cast<uint16_t>(k);
          row[static_cast<size_t>(i)] = i;
          break;
        }
      }
    }
    return Datum(TakeFromSources(columns, source.data(), row.data(), rows));
  };
  return kernel;
}

Result<Kernel> ResolveIf(const std::vector<ArgumentInfo>& args) {
  RETURN_IF_ERROR(ExpectArgumentCount("if", args, 3, 3));
  if (args[0].type->id() != TypeId::kBoolean && args[0].type->id() != TypeId::kNull) {
    return WrongArgument("if", 0, "a boolean condition", args[0].type);
  }
  ASSIGN_OR_RETURN(TypePtr type, CommonOf("if", args, 1));
  Kernel kernel;
  kernel.output_type = type;
  kernel.input_types = {DataType::Boolean(), type, type};
  kernel.run = [](const std::vector<Datum>& in, int64_t rows) -> Result<Datum> {
    ColumnPtr condition = ToColumn(in[0], rows);
    std::vector<ColumnPtr> columns{ToColumn(in[1], rows), ToColumn(in[2], rows)};
    std::vector<uint16_t> source(static_cast<size_t>(rows));
    std::vector<int64_t> row(static_cast<size_t>(rows));
    const uint8_t* c = condition->Values<uint8_t>();
    for (int64_t i = 0; i < rows; ++i) {
      source[static_cast<size_t>(i)] = condition->IsValid(i) && c[i] ? 0 : 1;
      row[static_cast<size_t>(i)] = i;
    }
    return Datum(TakeFromSources(columns, source.data(), row.data(), rows));
  };
  return kernel;
}

Result<Kernel> ResolveNullIf(const std::vector<ArgumentInfo>& args) {
  RETURN_IF_ERROR(ExpectArgumentCount("nullif", args, 2, 2));
  auto common = ComparisonType(args[0].type, args[1].type);
  if (!common.ok()) return InvalidArgument("nullif: " + common.status().message());
  TypePtr type = *common;
  if (type->is_nested()) return WrongArgument("nullif", 0, "comparable values", type);
  KernelFunction eq = CompareKernel(CompareOp::kEq, type);
  Kernel kernel;
  kernel.output_type = type;
  kernel.input_types = {type, type};
  kernel.run = [eq](const std::vector<Datum>& in, int64_t rows) -> Result<Datum> {
    ASSIGN_OR_RETURN(Datum equal, eq(in, rows));
    ColumnPtr same = ToColumn(equal, rows);
    std::vector<ColumnPtr> columns{ToColumn(in[0], rows)};
    std::vector<uint16_t> source(static_cast<size_t>(rows), 0);
    std::vector<int64_t> row(static_cast<size_t>(rows));
    for (int64_t i = 0; i < rows; ++i) row[static_cast<size_t>(i)] = same->IsValid(i) && same->Values<uint8_t>()[i] ? -1 : i;
    return Datum(TakeFromSources(columns, source.data(), row.data(), rows));
  };
  return kernel;
}

}  // namespace

void RegisterConditionalFunctions(FunctionRegistry& registry) {
  registry.AddScalar({"coalesce", "coalesce(a, b, ...): the first non-NULL argument", ResolveCoalesce});
  registry.AddScalar({"if", "if(condition, a, b): a where the condition is TRUE, else b", ResolveIf});
  registry.AddScalar({"nullif", "nullif(a, b): NULL when a equals b, else a", ResolveNullIf});
  registry.AddAlias("nvl", "coalesce");
  registry.AddAlias("ifnull", "coalesce");
  registry.AddAlias("iff", "if");
}

}  // namespace sluice::engine
