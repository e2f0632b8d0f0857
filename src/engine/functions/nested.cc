// Functions on nested values: size (of an array or map), element_at (1-based array index, or map
// key), array_contains, and named_struct (build a struct, as Glue's ApplyMapping needs for
// nested targets). Struct fields are read with column paths (address.city), not functions.
#include <cstring>

#include <fmt/format.h>

#include "engine/expr/kernel_loops.h"
#include "engine/expr/selection.h"
#include "engine/expr/type_coercion.h"
#include "engine/functions/function_list.h"
#include "engine/functions/function_signature.h"
#include "engine/functions/utf8_text.h"

namespace sluice::engine {

using columnar::Buffer;
using columnar::Column;
using columnar::ColumnPtr;
using columnar::DataType;
using columnar::Field;
using columnar::Scalar;
using columnar::TypeId;
using columnar::TypePtr;

namespace {

// Whether keys[j] equals probe[i] (both of the same primitive type, both valid).
bool SameValue(const Column& keys, int64_t j, const Column& probe, int64_t i) {
  if (keys.type()->is_binary_like()) return keys.GetView(j) == probe.GetView(i);
  int width = keys.type()->byte_width();
  return std::memcmp(keys.values()->data() + (keys.offset() + j) * width,
                     probe.values()->data() + (probe.offset() + i) * width, static_cast<size_t>(width)) == 0;
}

Result<Kernel> ResolveSize(const std::vector<ArgumentInfo>& args) {
  RETURN_IF_ERROR(ExpectArgumentCount("size", args, 1, 1));
  TypeId id = args[0].type->id();
  if (id != TypeId::kList && id != TypeId::kMap) return WrongArgument("size", 0, "an array or map", args[0].type);
  TypePtr i32 = DataType::Int32();
  return Kernel{i32, {}, [i32](const std::vector<Datum>& in, int64_t rows) -> Result<Datum> {
                  ColumnPtr column = ToColumn(in[0], rows);
                  const int64_t* offsets = column->Offsets();
                  return BuildFixed<int32_t>({in[0]}, rows, i32, [&](int64_t i) {
                    return static_cast<int32_t>(offsets[i + 1] - offsets[i]);
                  });
                }, false};
}

Result<Kernel> ResolveElementAt(const std::vector<ArgumentInfo>& args) {
  RETURN_IF_ERROR(ExpectArgumentCount("element_at", args, 2, 2));
  const TypePtr& container = args[0].type;
  if (container->id() == TypeId::kList) {
    if (!IsIntegerLike(args[1].type)) return WrongArgument("element_at", 1, "an integer index", args[1].type);
    TypePtr element = container->element();
    return Kernel{element, {nullptr, DataType::Int64()}, [](const std::vector<Datum>& in, int64_t rows) -> Result<Datum> {
                    ColumnPtr list = ToColumn(in[0], rows);
                    FixedReader<int64_t> index(in[1]);
                    const int64_t* offsets = list->Offsets();
                    RowIndices picks(static_cast<size_t>(rows), -1);
                    for (int64_t i = 0; i < rows; ++i) {
                      if (list->IsNull(i) || !index.Valid(i)) continue;
                      int64_t length = offsets[i + 1] - offsets[i];
                      int64_t k = index.Value(i);
                      if (k > 0 && k <= length) picks[static_cast<size_t>(i)] = offsets[i] + k - 1;
                      else if (k < 0 && -k <= length) picks[static_cast<size_t>(i)] = offsets[i + 1] + k;
                    }
                    return Datum(Take(*list->child(0), picks.data(), rows));
                  }, false};
  }
  if (container->id() == TypeId::kMap) {
    auto key = ComparisonType(container->key(), args[1].type);
    if (!key.ok() || !(*key)->Equals(*container->key())) {
      return WrongArgument("element_at", 1, "a key of type " + container->key()->ToGlueType(), args[1].type);
    }
    if (container->key()->is_nested()) return InvalidArgument("element_at: maps with nested keys are not supported");
    TypePtr value = container->value();
    return Kernel{value, {nullptr, container->key()}, [](const std::vector<Datum>& in, int64_t rows) -> Result<Datum> {
                    ColumnPtr map = ToColumn(in[0], rows);
                    ColumnPtr probe = ToColumn(in[1], rows);
                    const int64_t* offsets = map->Offsets();
                    const Column& keys = *map->child(0);
                    RowIndices picks(static_cast<size_t>(rows), -1);
                    for (int64_t i = 0; i < rows; ++i) {
                      if (map->IsNull(i) || probe->IsNull(i)) continue;
                      for (int64_t j = offsets[i]; j < offsets[i + 1]; ++j) {
                        if (keys.IsValid(j) && SameValue(keys, j, *probe, i)) {
                          picks[static_cast<size_t>(i)] = j;
                          break;
                        }
                      }
                    }
                    return Datum(Take(*map->child(1), picks.data(), rows));
                  }, false};
  }
  return WrongArgument("element_at", 0, "an array or map", container);
}

Result<Kernel> ResolveArrayContains(const std::vector<ArgumentInfo>& args) {
  RETURN_IF_ERROR(ExpectArgumentCount("array_contains", args, 2, 2));
  if (args[0].type->id() != TypeId::kList) return WrongArgument("array_contains", 0, "an array", args[0].type);
  TypePtr element = args[0].type->element();
  if (element->is_nested()) return InvalidArgument("array_contains: arrays of nested values are not supported");
  auto common = ComparisonType(element, args[1].type);
  if (!common.ok() || !(*common)->Equals(*element)) {
    return WrongArgument("array_contains", 1, "a value of type " + element->ToGlueType(), args[1].type);
  }
  TypePtr boolean = DataType::Boolean();
  return Kernel{boolean, {nullptr, element}, [boolean](const std::vector<Datum>& in, int64_t rows) -> Result<Datum> {
                  ColumnPtr list = ToColumn(in[0], rows);
                  ColumnPtr probe = ToColumn(in[1], rows);
                  const int64_t* offsets = list->Offsets();
                  const Column& items = *list->child(0);
                  auto values = Buffer::Allocate(static_cast<size_t>(rows));
                  ValidityWriter validity(nullptr, rows);
                  for (int64_t i = 0; i < rows; ++i) {
                    values->mutable_data()[i] = 0;
                    if (list->IsNull(i) || probe->IsNull(i)) {
                      validity.SetNull(i);
                      continue;
                    }
                    bool found = false, saw_null = false;
                    for (int64_t j = offsets[i]; j < offsets[i + 1] && !found; ++j) {
                      if (items.IsNull(j)) saw_null = true;
                      else found = SameValue(items, j, *probe, i);
                    }
                    values->mutable_data()[i] = found;
                    if (!found && saw_null) validity.SetNull(i);
                  }
                  int64_t nulls = 0;
                  auto bits = validity.Finish(&nulls);
                  return Datum(Column::Make(boolean, rows, std::move(bits), std::move(values), nullptr, {}, nulls));
                }, false};
}

Result<Kernel> ResolveNamedStruct(const std::vector<ArgumentInfo>& args) {
  if (args.empty() || args.size() % 2 != 0) {
    return InvalidArgument("named_struct takes pairs of arguments: name1, value1, name2, value2, ...");
  }
  std::vector<Field> fields;
  for (size_t i = 0; i < args.size(); i += 2) {
    if (!args[i].constant || args[i].constant->is_null() || args[i].type->id() != TypeId::kString) {
      return InvalidArgument(fmt::format("named_struct expects a constant field name as argument {}", i + 1));
    }
    TypePtr type = args[i + 1].type->id() == TypeId::kNull ? DataType::String() : args[i + 1].type;
    fields.push_back({args[i].constant->string_value(), type, true});
  }
  TypePtr type = DataType::Struct(fields);
  std::vector<TypePtr> inputs;
  for (const auto& field : fields) {
    inputs.push_back(nullptr);
    inputs.push_back(field.type);
  }
  return Kernel{type, inputs, [type](const std::vector<Datum>& in, int64_t rows) -> Result<Datum> {
                  std::vector<ColumnPtr> children;
                  for (size_t i = 1; i < in.size(); i += 2) children.push_back(ToColumn(in[i], rows));
                  return Datum(Column::Make(type, rows, nullptr, nullptr, nullptr, std::move(children), 0));
                }, false};
}

}  // namespace

void RegisterNestedFunctions(FunctionRegistry& registry) {
  registry.AddScalar({"size", "size(a): the number of elements of an array or entries of a map (NULL for NULL)", ResolveSize});
  registry.AddAlias("cardinality", "size");
  registry.AddScalar({"element_at", "element_at(array, i): the i-th element (1-based, negative from the end), NULL if "
                                    "out of range; element_at(map, key): the key's value, NULL if absent",
                      ResolveElementAt});
  registry.AddScalar({"array_contains", "array_contains(array, v): whether v is an element (NULL if not and the array "
                                        "holds a NULL)", ResolveArrayContains});
  registry.AddScalar({"named_struct", "named_struct(name1, v1, ...): a struct with the given fields", ResolveNamedStruct});
}

}  // namespace sluice::engine
