// Parquet schemas for columnar types: see write_plan.h.
#include "formats/parquet/write_plan.h"

#include <cmath>

#include <fmt/format.h>

namespace sluice::formats::parquet {

namespace {

using columnar::DataType;
using columnar::TypeId;

// Bytes of a FIXED_LEN_BYTE_ARRAY that hold every decimal of `precision` digits.
int32_t DecimalBytes(int precision) {
  // The smallest n with 2^(8n-1) > 10^precision: a sign bit plus precision·log2(10) bits.
  double bits = precision * 3.3219280948873623 + 1;
  return static_cast<int32_t>(std::ceil(bits / 8));
}

class Planner {
 public:
  Result<WritePlan> Run(const columnar::Schema& schema) {
    if (schema.num_fields() == 0) return InvalidArgument("a Parquet file needs at least one column");
    SchemaElement root;
    root.name = "schema";
    root.num_children = static_cast<int32_t>(schema.num_fields());
    plan_.elements.push_back(root);
    for (const auto& field : schema.fields()) {
      ASSIGN_OR_RETURN(WriteNode node, Add(field.name, *field.type, field.nullable, 0, 0, {}, 1));
      plan_.columns.push_back(std::move(node));
    }
    return std::move(plan_);
  }

 private:
  // Adds the elements of one field; `def` and `rep` are the levels of its parent.
  Result<WriteNode> Add(const std::string& name, const DataType& type, bool nullable, int16_t def, int16_t rep,
                        std::vector<std::string> path, int depth) {
    if (depth > 60) return InvalidArgument("columns nested too deeply for Parquet");
    path.push_back(name);
    WriteNode node;
    node.name = name;
    node.nullable = nullable;
    node.first_leaf = static_cast<int>(plan_.leaves.size());
    auto d = static_cast<int16_t>(def + (nullable ? 1 : 0));
    SchemaElement element;
    element.name = name;
    element.repetition = nullable ? Repetition::kOptional : Repetition::kRequired;
    switch (type.id()) {
      case TypeId::kStruct: {
        node.kind = WriteNode::Kind::kStruct;
        element.num_children = static_cast<int32_t>(type.fields().size());
        plan_.elements.push_back(element);
        for (const auto& field : type.fields()) {
          ASSIGN_OR_RETURN(WriteNode child, Add(field.name, *field.type, field.nullable, d, rep, path, depth + 1));
          node.children.push_back(std::move(child));
        }
        break;
      }
      case TypeId::kList:
      case TypeId::kMap: {
        bool map = type.id() == TypeId::kMap;
        node.kind = map ? WriteNode::Kind::kMap : WriteNode::Kind::kList;
        node.rep_level = static_cast<int16_t>(rep + 1);
        element.num_children = 1;
        element.converted_type = map ? ConvertedType::kMap : ConvertedType::kList;
        element.logical_type.kind = map ? LogicalKind::kMap : LogicalKind::kList;
        plan_.elements.push_back(element);
        SchemaElement repeated;
        repeated.name = map ? "key_value" : "list";
        repeated.repetition = Repetition::kRepeated;
        repeated.num_children = map ? 2 : 1;
        plan_.elements.push_back(repeated);
        path.push_back(repeated.name);
        auto inner_def = static_cast<int16_t>(d + 1);
        if (map) {
          ASSIGN_OR_RETURN(WriteNode key, Add("key", *type.key(), false, inner_def, node.rep_level, path, depth + 1));
          ASSIGN_OR_RETURN(WriteNode value, Add("value", *type.value(), true, inner_def, node.rep_level, path, depth + 1));
          node.children.push_back(std::move(key));
          node.children.push_back(std::move(value));
        } else {
          ASSIGN_OR_RETURN(WriteNode item, Add("element", *type.element(), true, inner_def, node.rep_level, path, depth + 1));
          node.children.push_back(std::move(item));
        }
        break;
      }
      default: {
        node.kind = WriteNode::Kind::kLeaf;
        WriteLeaf leaf;
        leaf.path = path;
        leaf.max_def = d;
        leaf.max_rep = rep;
        Annotate(type, &element, &leaf);
        plan_.elements.push_back(element);
        plan_.leaves.push_back(std::move(leaf));
        break;
      }
    }
    node.leaf_count = static_cast<int>(plan_.leaves.size()) - node.first_leaf;
    return node;
  }

  static void Annotate(const DataType& type, SchemaElement* e, WriteLeaf* leaf) {
    auto set = [&](PhysicalType physical, ValueSource source) {
      e->type = physical;
      leaf->physical = physical;
      leaf->source = source;
    };
    auto integer = [&](int8_t bits, ConvertedType converted) {
      e->logical_type.kind = LogicalKind::kInteger;
      e->logical_type.bit_width = bits;
      e->logical_type.is_signed = true;
      e->converted_type = converted;
    };
    switch (type.id()) {
      case TypeId::kBoolean: set(PhysicalType::kBoolean, ValueSource::kBoolean); break;
      case TypeId::kInt8:
        set(PhysicalType::kInt32, ValueSource::kInt8);
        integer(8, ConvertedType::kInt8);
        break;
      case TypeId::kInt16:
        set(PhysicalType::kInt32, ValueSource::kInt16);
        integer(16, ConvertedType::kInt16);
        break;
      case TypeId::kInt32: set(PhysicalType::kInt32, ValueSource::kInt32); break;
      case TypeId::kInt64: set(PhysicalType::kInt64, ValueSource::kInt64); break;
      case TypeId::kFloat32: set(PhysicalType::kFloat, ValueSource::kFloat); break;
      case TypeId::kFloat64: set(PhysicalType::kDouble, ValueSource::kDouble); break;
      case TypeId::kDecimal: {
        int p = type.precision();
        if (p <= 9) {
          set(PhysicalType::kInt32, ValueSource::kDecimalToInt32);
        } else if (p <= 18) {
          set(PhysicalType::kInt64, ValueSource::kDecimalToInt64);
        } else {
          set(PhysicalType::kFixedLenByteArray, ValueSource::kDecimalToFixed);
          e->type_length = DecimalBytes(p);
          leaf->type_length = e->type_length;
        }
        e->converted_type = ConvertedType::kDecimal;
        e->precision = p;
        e->scale = type.scale();
        e->logical_type.kind = LogicalKind::kDecimal;
        e->logical_type.precision = p;
        e->logical_type.scale = type.scale();
        break;
      }
      case TypeId::kString:
        set(PhysicalType::kByteArray, ValueSource::kBytes);
        e->converted_type = ConvertedType::kUtf8;
        e->logical_type.kind = LogicalKind::kString;
        break;
      case TypeId::kBinary: set(PhysicalType::kByteArray, ValueSource::kBytes); break;
      case TypeId::kDate:
        set(PhysicalType::kInt32, ValueSource::kInt32);
        e->converted_type = ConvertedType::kDate;
        e->logical_type.kind = LogicalKind::kDate;
        break;
      case TypeId::kTimestamp:
      case TypeId::kTimestampTz: {
        bool utc = type.id() == TypeId::kTimestampTz;
        set(PhysicalType::kInt64, ValueSource::kInt64);
        e->logical_type.kind = LogicalKind::kTimestamp;
        e->logical_type.unit = TimeUnit::kMicros;
        e->logical_type.adjusted_to_utc = utc;
        // The legacy annotation means an instant, so only timestamps with a zone carry it.
        if (utc) e->converted_type = ConvertedType::kTimestampMicros;
        break;
      }
      default:  // kNull
        set(PhysicalType::kInt32, ValueSource::kNull);
        e->logical_type.kind = LogicalKind::kUnknown;
        break;
    }
  }

  WritePlan plan_;
};

}  // namespace

Result<WritePlan> MakeWritePlan(const columnar::Schema& schema) { return Planner().Run(schema); }

}  // namespace sluice::formats::parquet
