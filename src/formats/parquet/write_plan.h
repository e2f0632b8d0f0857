// How Sluice's columnar types are written as Parquet: the flattened schema elements (with
// logical and converted annotations, standard 3-level LISTs and MAPs) and, per leaf, its
// physical type, levels and where its values come from. docs/formats/parquet.md has the table.
//
// Thread safety: immutable after MakeWritePlan; share freely.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "columnar/schema.h"
#include "common/status.h"
#include "formats/parquet/file_metadata.h"

namespace sluice::formats::parquet {

// Where a leaf's physical values come from in its column.
enum class ValueSource : uint8_t {
  kBoolean,         // 1-byte booleans → BOOLEAN
  kInt8,            // → INT32
  kInt16,           // → INT32
  kInt32,           // int32 and date → INT32
  kInt64,           // int64 and timestamps → INT64
  kFloat,           // → FLOAT
  kDouble,          // → DOUBLE
  kDecimalToInt32,  // decimal(p ≤ 9) → INT32
  kDecimalToInt64,  // decimal(p ≤ 18) → INT64
  kDecimalToFixed,  // decimal(p > 18) → FIXED_LEN_BYTE_ARRAY, big-endian
  kBytes,           // string and binary → BYTE_ARRAY
  kNull,            // the null type: INT32 annotated UNKNOWN, every value null
};

struct WriteLeaf {
  std::vector<std::string> path;  // path_in_schema
  PhysicalType physical = PhysicalType::kInt32;
  int32_t type_length = 0;
  int16_t max_def = 0;
  int16_t max_rep = 0;
  ValueSource source = ValueSource::kInt32;
};

// The shape of a column for shredding into levels (mirrors the columnar type).
struct WriteNode {
  enum class Kind : uint8_t { kLeaf, kStruct, kList, kMap };
  Kind kind = Kind::kLeaf;
  bool nullable = true;    // optional in Parquet (adds a definition level)
  int16_t rep_level = 0;   // list/map: the repetition level of its repeated group
  int first_leaf = 0;      // leaves below: [first_leaf, first_leaf + leaf_count)
  int leaf_count = 0;
  std::string name;
  std::vector<WriteNode> children;  // struct fields; list: element; map: key, value
};

struct WritePlan {
  std::vector<SchemaElement> elements;  // depth first, root first
  std::vector<WriteLeaf> leaves;        // by column ordinal
  std::vector<WriteNode> columns;       // one per top-level field
};

// InvalidArgument for a schema Parquet cannot hold (no fields, nesting past 64 levels).
Result<WritePlan> MakeWritePlan(const columnar::Schema& schema);

}  // namespace sluice::formats::parquet
