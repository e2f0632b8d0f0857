// Logical data types of Sluice's columnar memory, and their one-to-one mapping onto Glue/Hive
// column type strings ("bigint", "decimal(10,2)", "array<struct<id:int,tags:array<string>>>").
//
// Physical layout per type (see column.h):
//   boolean            1 byte per value (0 or 1)          int8..int64, float32/64: native
//   decimal(p,s)       __int128 unscaled value            date: int32 days since 1970-01-01
//   timestamp(_tz)     int64 microseconds since the epoch (UTC); _tz marks "with time zone"
//   string, binary     int64 offsets (length+1) + bytes   list: int64 offsets + child column
//   struct             one child column per field         map: int64 offsets + key and value children
//
// Types are immutable and shared (TypePtr). Thread safety: immutable, freely shared.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace sluice::columnar {

// Never renumber: values appear in spill files and plans.
enum class TypeId : uint8_t {
  kBoolean = 0,
  kInt8 = 1,
  kInt16 = 2,
  kInt32 = 3,
  kInt64 = 4,
  kFloat32 = 5,
  kFloat64 = 6,
  kDecimal = 7,
  kString = 8,
  kBinary = 9,
  kDate = 10,
  kTimestamp = 11,
  kTimestampTz = 12,
  kStruct = 13,
  kList = 14,
  kMap = 15,
  kNull = 16,  // the type of a column that is all nulls and whose type is not yet known
};

class DataType;
using TypePtr = std::shared_ptr<const DataType>;

struct Field {
  std::string name;
  TypePtr type;
  bool nullable = true;
};

class DataType {
 public:
  TypeId id() const { return id_; }
  // decimal only
  int precision() const { return precision_; }
  int scale() const { return scale_; }
  // struct: its fields; list: one field "element"; map: "key" and "value"
  const std::vector<Field>& fields() const { return fields_; }
  const TypePtr& element() const { return fields_[0].type; }  // REQUIRES: list
  const TypePtr& key() const { return fields_[0].type; }      // REQUIRES: map
  const TypePtr& value() const { return fields_[1].type; }    // REQUIRES: map

  // Bytes per value of the values buffer; 0 for types without one (struct, null).
  int byte_width() const;
  bool is_integer() const { return id_ >= TypeId::kInt8 && id_ <= TypeId::kInt64; }
  bool is_floating() const { return id_ == TypeId::kFloat32 || id_ == TypeId::kFloat64; }
  bool is_numeric() const { return is_integer() || is_floating() || id_ == TypeId::kDecimal; }
  bool is_nested() const { return id_ == TypeId::kStruct || id_ == TypeId::kList || id_ == TypeId::kMap; }
  bool is_binary_like() const { return id_ == TypeId::kString || id_ == TypeId::kBinary; }
  bool has_offsets() const {
    return is_binary_like() || id_ == TypeId::kList || id_ == TypeId::kMap;
  }

  bool Equals(const DataType& other) const;
  // The Glue/Hive type string, e.g. "array<struct<id:int,name:string>>".
  std::string ToGlueType() const;

  // Factories. Primitive types are shared singletons.
  static TypePtr Boolean();
  static TypePtr Int8();
  static TypePtr Int16();
  static TypePtr Int32();
  static TypePtr Int64();
  static TypePtr Float32();
  static TypePtr Float64();
  static TypePtr String();
  static TypePtr Binary();
  static TypePtr Date();
  static TypePtr Timestamp();
  static TypePtr TimestampTz();
  static TypePtr Null();
  // REQUIRES: 1 <= precision <= 38, 0 <= scale <= precision.
  static TypePtr Decimal(int precision, int scale);
  static TypePtr Struct(std::vector<Field> fields);
  static TypePtr List(TypePtr element);
  static TypePtr Map(TypePtr key, TypePtr value);
  static TypePtr Primitive(TypeId id);  // REQUIRES: not decimal or nested

 protected:
  // Construction goes through the factories above.
  explicit DataType(TypeId id) : id_(id) {}
  TypeId id_;
  int precision_ = 0;
  int scale_ = 0;
  std::vector<Field> fields_;
};

inline bool operator==(const DataType& a, const DataType& b) { return a.Equals(b); }

// Parses a Glue/Hive type string (case-insensitive, spaces tolerated). Accepts the aliases
// Glue and Hive use: int/integer, bigint/long, tinyint/byte, smallint/short, float/real,
// double/double precision, decimal/numeric (default (10,0)), char(n)/varchar(n) → string,
// "timestamp with local time zone" → timestamp_tz. InvalidArgument names the offending part.
Result<TypePtr> ParseGlueType(std::string_view text);

// Short human name ("int64", "decimal(10,2)") for messages.
std::string TypeName(const DataType& type);

}  // namespace sluice::columnar
