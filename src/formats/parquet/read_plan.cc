// Mapping Parquet schemas to columnar types and rebuild plans: see read_plan.h.
#include "formats/parquet/read_plan.h"

#include <fmt/format.h>

namespace sluice::formats::parquet {

namespace {

using columnar::DataType;
using columnar::TypePtr;

struct LeafType {
  TypePtr type;
  Conversion conversion = Conversion::kNone;
  TimeUnit time_unit = TimeUnit::kMicros;
  int decimal_scale = 0;
};

// Where the slots of a node's column come from: the nearest repeated ancestor's levels.
struct Context {
  int16_t slot_def = 0;
  int16_t slot_rep = 0;
};

Result<LeafType> DecimalType(const SchemaElement& e, Conversion conversion) {
  int precision = e.logical_type.kind == LogicalKind::kDecimal ? e.logical_type.precision : e.precision;
  int scale = e.logical_type.kind == LogicalKind::kDecimal ? e.logical_type.scale : e.scale;
  if (precision <= 0 || scale < 0 || scale > precision) {
    return DataLoss(fmt::format("column '{}' is a decimal with precision {} and scale {}", e.name, precision, scale));
  }
  if (precision > 38) {
    if (conversion != Conversion::kBytesToDecimal) {
      return DataLoss(fmt::format("column '{}' claims {} decimal digits in an integer", e.name, precision));
    }
    return LeafType{DataType::String(), Conversion::kBytesToDecimalText, TimeUnit::kMicros, scale};
  }
  return LeafType{DataType::Decimal(precision, scale), conversion};
}

// The integer annotation as (bit width, signed), from the logical or the converted type.
bool IntegerAnnotation(const SchemaElement& e, int* bits, bool* is_signed) {
  if (e.logical_type.kind == LogicalKind::kInteger) {
    *bits = e.logical_type.bit_width;
    *is_signed = e.logical_type.is_signed;
    return true;
  }
  switch (e.converted_type) {
    case ConvertedType::kInt8: *bits = 8, *is_signed = true; return true;
    case ConvertedType::kInt16: *bits = 16, *is_signed = true; return true;
    case ConvertedType::kInt32: *bits = 32, *is_signed = true; return true;
    case ConvertedType::kInt64: *bits = 64, *is_signed = true; return true;
    case ConvertedType::kUint8: *bits = 8, *is_signed = false; return true;
    case ConvertedType::kUint16: *bits = 16, *is_signed = false; return true;
    case ConvertedType::kUint32: *bits = 32, *is_signed = false; return true;
    case ConvertedType::kUint64: *bits = 64, *is_signed = false; return true;
    default: return false;
  }
}

bool IsDecimal(const SchemaElement& e) {
  return e.logical_type.kind == LogicalKind::kDecimal || e.converted_type == ConvertedType::kDecimal;
}

Result<LeafType> MapInt32(const SchemaElement& e) {
  int bits;
  bool is_signed;
  if (IntegerAnnotation(e, &bits, &is_signed)) {
    if (bits == 8) return is_signed ? LeafType{DataType::Int8(), Conversion::kInt32ToInt8} : LeafType{DataType::Int16(), Conversion::kUint8ToInt16};
    if (bits == 16) return is_signed ? LeafType{DataType::Int16(), Conversion::kInt32ToInt16} : LeafType{DataType::Int32(), Conversion::kUint16ToInt32};
    if (bits == 32 && !is_signed) return LeafType{DataType::Int64(), Conversion::kUint32ToInt64};
    return LeafType{DataType::Int32()};
  }
  if (IsDecimal(e)) return DecimalType(e, Conversion::kInt32ToDecimal);
  if (e.logical_type.kind == LogicalKind::kDate || e.converted_type == ConvertedType::kDate) {
    return LeafType{DataType::Date()};
  }
  if (e.logical_type.kind == LogicalKind::kTime || e.converted_type == ConvertedType::kTimeMillis) {
    return LeafType{DataType::String(), Conversion::kTimeToText, TimeUnit::kMillis};
  }
  return LeafType{DataType::Int32()};
}

Result<LeafType> MapInt64(const SchemaElement& e) {
  int bits;
  bool is_signed;
  if (IntegerAnnotation(e, &bits, &is_signed) && !is_signed && bits == 64) {
    return LeafType{DataType::Decimal(20, 0), Conversion::kUint64ToDecimal};
  }
  if (IsDecimal(e)) return DecimalType(e, Conversion::kInt64ToDecimal);
  const LogicalType& lt = e.logical_type;
  if (lt.kind == LogicalKind::kTimestamp) {
    TypePtr type = lt.adjusted_to_utc ? DataType::TimestampTz() : DataType::Timestamp();
    Conversion conversion = lt.unit == TimeUnit::kMillis  ? Conversion::kMillisToMicros
                            : lt.unit == TimeUnit::kNanos ? Conversion::kNanosToMicros
                                                          : Conversion::kNone;
    return LeafType{type, conversion};
  }
  // The legacy timestamp annotations mean instants (adjusted to UTC).
  if (e.converted_type == ConvertedType::kTimestampMillis) {
    return LeafType{DataType::TimestampTz(), Conversion::kMillisToMicros};
  }
  if (e.converted_type == ConvertedType::kTimestampMicros) return LeafType{DataType::TimestampTz()};
  if (lt.kind == LogicalKind::kTime) return LeafType{DataType::String(), Conversion::kTimeToText, lt.unit};
  if (e.converted_type == ConvertedType::kTimeMicros) {
    return LeafType{DataType::String(), Conversion::kTimeToText, TimeUnit::kMicros};
  }
  return LeafType{DataType::Int64()};
}

Result<LeafType> MapLeafType(const SchemaElement& e) {
  if (e.logical_type.kind == LogicalKind::kUnknown) return LeafType{DataType::Null(), Conversion::kNull};
  switch (*e.type) {
    case PhysicalType::kBoolean: return LeafType{DataType::Boolean()};
    case PhysicalType::kInt32: return MapInt32(e);
    case PhysicalType::kInt64: return MapInt64(e);
    case PhysicalType::kInt96: return LeafType{DataType::Timestamp(), Conversion::kInt96ToMicros};
    case PhysicalType::kFloat: return LeafType{DataType::Float32()};
    case PhysicalType::kDouble: return LeafType{DataType::Float64()};
    case PhysicalType::kByteArray: {
      if (IsDecimal(e)) return DecimalType(e, Conversion::kBytesToDecimal);
      LogicalKind kind = e.logical_type.kind;
      bool text = kind == LogicalKind::kString || kind == LogicalKind::kEnum || kind == LogicalKind::kJson ||
                  e.converted_type == ConvertedType::kUtf8 || e.converted_type == ConvertedType::kEnum ||
                  e.converted_type == ConvertedType::kJson;
      return text ? LeafType{DataType::String(), Conversion::kString} : LeafType{DataType::Binary(), Conversion::kBinary};
    }
    case PhysicalType::kFixedLenByteArray: {
      if (IsDecimal(e)) return DecimalType(e, Conversion::kBytesToDecimal);
      if (e.logical_type.kind == LogicalKind::kUuid) {
        if (e.type_length != 16) return DataLoss(fmt::format("UUID column '{}' is not 16 bytes wide", e.name));
        return LeafType{DataType::String(), Conversion::kUuidToText};
      }
      if (e.logical_type.kind == LogicalKind::kFloat16) {
        if (e.type_length != 2) return DataLoss(fmt::format("FLOAT16 column '{}' is not 2 bytes wide", e.name));
        return LeafType{DataType::Float32(), Conversion::kFloat16ToFloat32};
      }
      return LeafType{DataType::Binary(), Conversion::kFixedToBinary};
    }
  }
  return DataLoss(fmt::format("column '{}' has an unknown physical type", e.name));
}

bool IsList(const SchemaElement& e) {
  return e.logical_type.kind == LogicalKind::kList || e.converted_type == ConvertedType::kList;
}

bool IsMap(const SchemaElement& e) {
  return e.logical_type.kind == LogicalKind::kMap || e.converted_type == ConvertedType::kMap ||
         e.converted_type == ConvertedType::kMapKeyValue;
}

class Mapper {
 public:
  explicit Mapper(const SchemaTree& tree) : tree_(tree) { leaves_.resize(tree.num_leaves()); }

  Result<FileSchema> Run() {
    FileSchema out;
    std::vector<columnar::Field> fields;
    for (int child : tree_.root().children) {
      ColumnPlan column;
      ASSIGN_OR_RETURN(column.root, MapField(child, Context{}, 1));
      const SchemaElement& e = tree_.element_of(child);
      column.field = columnar::Field{e.name, column.root.type, *e.repetition != Repetition::kRequired};
      column.first_leaf = tree_.node(child).first_leaf;
      column.leaf_count = tree_.node(child).leaf_count;
      fields.push_back(column.field);
      out.columns.push_back(std::move(column));
    }
    out.schema = columnar::MakeSchema(std::move(fields));
    out.leaves = std::move(leaves_);
    return out;
  }

 private:
  // A field as its parent sees it: a repeated field is a list of its values.
  Result<ReadNode> MapField(int id, Context context, int depth) {
    if (depth > SchemaTree::kMaxDepth) return DataLoss("schema is nested too deeply");
    const SchemaNode& node = tree_.node(id);
    if (*tree_.element_of(id).repetition != Repetition::kRepeated) return MapValue(id, context, depth);
    ReadNode list;
    list.kind = ReadNode::Kind::kList;
    list.slot_def = context.slot_def;
    list.slot_rep = context.slot_rep;
    list.def_present = static_cast<int16_t>(node.def_level - 1);  // a bare repeated field is never null
    list.def_element = node.def_level;
    list.rep_element = node.rep_level;
    list.leaf = node.first_leaf;
    ASSIGN_OR_RETURN(ReadNode element, MapValue(id, Context{node.def_level, node.rep_level}, depth + 1));
    list.type = DataType::List(element.type);
    list.children.push_back(std::move(element));
    MarkLevelsKept(node);
    return list;
  }

  // A node as one value (its own repetition already accounted for by the caller).
  Result<ReadNode> MapValue(int id, Context context, int depth) {
    const SchemaNode& node = tree_.node(id);
    const SchemaElement& e = tree_.element_of(id);
    if (node.leaf >= 0) return MapLeaf(id, context);
    if (IsList(e) && node.children.size() == 1 &&
        *tree_.element_of(node.children[0]).repetition == Repetition::kRepeated) {
      return MapList(id, context, depth);
    }
    if (IsMap(e) && node.children.size() == 1 &&
        *tree_.element_of(node.children[0]).repetition == Repetition::kRepeated) {
      return MapMap(id, context, depth);
    }
    return MapStruct(id, context, depth);
  }

  Result<ReadNode> MapStruct(int id, Context context, int depth) {
    const SchemaNode& node = tree_.node(id);
    ReadNode out;
    out.kind = ReadNode::Kind::kStruct;
    out.slot_def = context.slot_def;
    out.slot_rep = context.slot_rep;
    out.def_present = node.def_level;
    out.leaf = node.first_leaf;
    std::vector<columnar::Field> fields;
    for (int child : node.children) {
      ASSIGN_OR_RETURN(ReadNode field, MapField(child, context, depth + 1));
      const SchemaElement& ce = tree_.element_of(child);
      fields.push_back(columnar::Field{ce.name, field.type, *ce.repetition == Repetition::kOptional});
      out.children.push_back(std::move(field));
    }
    out.type = DataType::Struct(std::move(fields));
    MarkLevelsKept(node);
    return out;
  }

  // A LIST group whose one child is repeated, following the backward-compatibility rules.
  Result<ReadNode> MapList(int id, Context context, int depth) {
    const SchemaNode& node = tree_.node(id);
    const SchemaElement& e = tree_.element_of(id);
    int repeated = node.children[0];
    const SchemaNode& r = tree_.node(repeated);
    const SchemaElement& re = tree_.element_of(repeated);
    ReadNode list;
    list.kind = ReadNode::Kind::kList;
    list.slot_def = context.slot_def;
    list.slot_rep = context.slot_rep;
    list.def_present = node.def_level;
    list.def_element = r.def_level;
    list.rep_element = r.rep_level;
    list.leaf = node.first_leaf;
    Context inner{r.def_level, r.rep_level};
    ReadNode element;
    bool repeated_is_element = r.leaf >= 0 || r.children.size() > 1 || re.name == "array" ||
                               re.name == e.name + "_tuple";
    if (repeated_is_element) {
      // Legacy 2-level lists: the repeated node itself is the (required) element, a value of
      // its own type (a leaf, a struct, or a list when it is annotated LIST in turn).
      ASSIGN_OR_RETURN(element, MapValue(repeated, inner, depth + 1));
    } else {
      ASSIGN_OR_RETURN(element, MapField(r.children[0], inner, depth + 1));
    }
    list.type = DataType::List(element.type);
    list.children.push_back(std::move(element));
    MarkLevelsKept(node);
    return list;
  }

  Result<ReadNode> MapMap(int id, Context context, int depth) {
    const SchemaNode& node = tree_.node(id);
    int repeated = node.children[0];
    const SchemaNode& r = tree_.node(repeated);
    if (r.leaf >= 0 || r.children.size() != 2) {
      return DataLoss(fmt::format("map '{}' does not hold key and value fields", tree_.PathOf(id)));
    }
    ReadNode map;
    map.kind = ReadNode::Kind::kMap;
    map.slot_def = context.slot_def;
    map.slot_rep = context.slot_rep;
    map.def_present = node.def_level;
    map.def_element = r.def_level;
    map.rep_element = r.rep_level;
    map.leaf = node.first_leaf;
    Context inner{r.def_level, r.rep_level};
    ASSIGN_OR_RETURN(ReadNode key, MapField(r.children[0], inner, depth + 1));
    ASSIGN_OR_RETURN(ReadNode value, MapField(r.children[1], inner, depth + 1));
    map.type = DataType::Map(key.type, value.type);
    map.children.push_back(std::move(key));
    map.children.push_back(std::move(value));
    MarkLevelsKept(node);
    return map;
  }

  Result<ReadNode> MapLeaf(int id, Context context) {
    const SchemaNode& node = tree_.node(id);
    const SchemaElement& e = tree_.element_of(id);
    ASSIGN_OR_RETURN(LeafType mapped, MapLeafType(e));
    LeafPlan& leaf = leaves_[static_cast<size_t>(node.leaf)];
    leaf.leaf = node.leaf;
    leaf.path = tree_.PathOf(id);
    leaf.physical = *e.type;
    leaf.type_length = e.type_length;
    leaf.max_def = node.def_level;
    leaf.max_rep = node.rep_level;
    leaf.slot_def = context.slot_def;
    leaf.slot_rep = context.slot_rep;
    leaf.type = mapped.type;
    leaf.conversion = mapped.conversion;
    leaf.time_unit = mapped.time_unit;
    leaf.decimal_scale = mapped.decimal_scale;
    if (leaf.max_rep > 0) leaf.keep_levels = true;
    ReadNode out;
    out.kind = ReadNode::Kind::kLeaf;
    out.type = mapped.type;
    out.slot_def = context.slot_def;
    out.slot_rep = context.slot_rep;
    out.def_present = node.def_level;
    out.leaf = node.leaf;
    return out;
  }

  void MarkLevelsKept(const SchemaNode& node) {
    for (int i = 0; i < node.leaf_count; ++i) leaves_[static_cast<size_t>(node.first_leaf + i)].keep_levels = true;
  }

  const SchemaTree& tree_;
  std::vector<LeafPlan> leaves_;
};

}  // namespace

Result<FileSchema> MapFileSchema(const SchemaTree& tree) { return Mapper(tree).Run(); }

}  // namespace sluice::formats::parquet
