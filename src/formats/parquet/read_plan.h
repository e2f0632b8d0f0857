// How a Parquet file's schema maps onto Sluice's columnar types, and the plan for rebuilding
// each column from its leaves' definition and repetition levels. Covers logical and converted
// (legacy) annotations, the standard LIST and MAP layouts, the legacy list layouts other
// writers produce (the backward-compatibility rules of the format's LogicalTypes.md) and bare
// repeated fields. docs/formats/parquet.md has the type table.
//
// Thread safety: immutable after MapFileSchema; share freely.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "columnar/schema.h"
#include "common/status.h"
#include "formats/parquet/schema_tree.h"

namespace sluice::formats::parquet {

// How a leaf's physical values become its column's values.
enum class Conversion : uint8_t {
  kNone,              // same bytes: BOOLEAN, INT32 (int32, date), INT64 (int64, µs), FLOAT, DOUBLE
  kInt32ToInt8,       // INT(8, signed)
  kInt32ToInt16,      // INT(16, signed)
  kUint8ToInt16,      // INT(8, unsigned), widened so every value fits
  kUint16ToInt32,     // INT(16, unsigned)
  kUint32ToInt64,     // INT(32, unsigned)
  kUint64ToDecimal,   // INT(64, unsigned) as decimal(20,0)
  kInt32ToDecimal,    // DECIMAL on INT32
  kInt64ToDecimal,    // DECIMAL on INT64
  kBytesToDecimal,    // DECIMAL on BYTE_ARRAY / FIXED_LEN_BYTE_ARRAY (big-endian two's complement)
  kBytesToDecimalText,  // the same past 38 digits, as exact decimal text
  kMillisToMicros,    // TIMESTAMP(MILLIS)
  kNanosToMicros,     // TIMESTAMP(NANOS), rounded down
  kInt96ToMicros,     // legacy INT96 timestamps (nanoseconds of the day, Julian day)
  kFloat16ToFloat32,  // FLOAT16 on FIXED_LEN_BYTE_ARRAY(2)
  kString,            // BYTE_ARRAY text, checked to be UTF-8
  kBinary,            // BYTE_ARRAY bytes
  kFixedToBinary,     // FIXED_LEN_BYTE_ARRAY bytes
  kUuidToText,        // UUID as its 36-character text
  kTimeToText,        // TIME as "HH:MM:SS[.ffffff]"
  kNull,              // the UNKNOWN (always null) logical type
};

struct LeafPlan {
  int leaf = 0;      // column ordinal in the file
  std::string path;  // "a.list.element" for messages
  PhysicalType physical = PhysicalType::kInt32;
  int32_t type_length = 0;
  int16_t max_def = 0;
  int16_t max_rep = 0;
  // An entry (level pair) makes a slot of this leaf's column when its repetition level is at
  // most slot_rep and its definition level at least slot_def (the levels of the nearest repeated
  // ancestor; 0 and 0 at the top).
  int16_t slot_def = 0;
  int16_t slot_rep = 0;
  columnar::TypePtr type;
  Conversion conversion = Conversion::kNone;
  TimeUnit time_unit = TimeUnit::kMicros;  // kTimeToText
  int decimal_scale = 0;                   // kBytesToDecimalText
  // Whether the batch keeps this leaf's levels (it lies under a struct, list or map).
  bool keep_levels = false;
};

// One node of a column's rebuild plan.
struct ReadNode {
  enum class Kind : uint8_t { kLeaf, kStruct, kList, kMap };
  Kind kind = Kind::kLeaf;
  columnar::TypePtr type;
  int16_t slot_def = 0;     // as in LeafPlan
  int16_t slot_rep = 0;
  int16_t def_present = 0;  // a slot holds a value (not null) when its definition level reaches this
  int16_t def_element = 0;  // list/map: the list has an element at this definition level
  int16_t rep_element = 0;  // list/map: repetition level of further elements
  int leaf = 0;             // kLeaf: its ordinal; others: the leaf whose levels drive this node
  std::vector<ReadNode> children;  // struct fields; list: element; map: key, value
};

struct ColumnPlan {
  columnar::Field field;
  ReadNode root;
  int first_leaf = 0;  // the column's leaves are [first_leaf, first_leaf + leaf_count)
  int leaf_count = 0;
};

struct FileSchema {
  columnar::SchemaPtr schema;
  std::vector<ColumnPlan> columns;  // one per top-level field, in schema order
  std::vector<LeafPlan> leaves;     // by column ordinal
};

// Maps the tree. DataLoss for annotations that contradict the physical type (a decimal
// without a valid precision, a UUID that is not 16 bytes) or malformed LIST/MAP groups.
Result<FileSchema> MapFileSchema(const SchemaTree& tree);

}  // namespace sluice::formats::parquet
