// Row-group statistics: see chunk_statistics.h.
#include "formats/parquet/chunk_statistics.h"

#include <cmath>
#include <cstring>

#include "columnar/decimal.h"
#include "formats/parquet/value_conversion.h"
#include "formats/parquet/value_decoder.h"

namespace sluice::formats::parquet {

using columnar::DataType;
using columnar::Scalar;

namespace {

template <typename T>
std::optional<T> Fixed(std::string_view bytes) {
  if (bytes.size() != sizeof(T)) return std::nullopt;
  T v;
  std::memcpy(&v, bytes.data(), sizeof(T));
  return v;
}

std::optional<Scalar> Integer(const LeafPlan& plan, std::optional<int64_t> v) {
  if (!v) return std::nullopt;
  if (plan.type->id() == columnar::TypeId::kDecimal) {
    return Scalar::Decimal(plan.type->precision(), plan.type->scale(), *v);
  }
  return Scalar::Int(plan.type, *v);
}

std::optional<int64_t> Int32Of(std::string_view bytes) {
  auto v = Fixed<int32_t>(bytes);
  return v ? std::optional<int64_t>(*v) : std::nullopt;
}

}  // namespace

std::optional<Scalar> StatisticToScalar(const LeafPlan& plan, std::string_view bytes) {
  switch (plan.conversion) {
    case Conversion::kNone:
      switch (plan.physical) {
        case PhysicalType::kBoolean:
          if (bytes.size() != 1) return std::nullopt;
          return Scalar::Boolean(bytes[0] != 0);
        case PhysicalType::kInt32: return Integer(plan, Int32Of(bytes));
        case PhysicalType::kInt64: return Integer(plan, Fixed<int64_t>(bytes));
        case PhysicalType::kFloat: {
          auto v = Fixed<float>(bytes);
          if (!v || std::isnan(*v)) return std::nullopt;
          return Scalar::Float32(*v);
        }
        case PhysicalType::kDouble: {
          auto v = Fixed<double>(bytes);
          if (!v || std::isnan(*v)) return std::nullopt;
          return Scalar::Float64(*v);
        }
        default: return std::nullopt;
      }
    case Conversion::kInt32ToInt8:
    case Conversion::kInt32ToInt16:
    case Conversion::kInt32ToDecimal: return Integer(plan, Int32Of(bytes));
    case Conversion::kInt64ToDecimal: return Integer(plan, Fixed<int64_t>(bytes));
    case Conversion::kUint8ToInt16:
    case Conversion::kUint16ToInt32:
    case Conversion::kUint32ToInt64: {
      auto v = Fixed<uint32_t>(bytes);
      if (!v) return std::nullopt;
      uint32_t mask = plan.conversion == Conversion::kUint8ToInt16    ? 0xffu
                      : plan.conversion == Conversion::kUint16ToInt32 ? 0xffffu
                                                                      : 0xffffffffu;
      return Scalar::Int(plan.type, static_cast<int64_t>(*v & mask));
    }
    case Conversion::kUint64ToDecimal: {
      auto v = Fixed<uint64_t>(bytes);
      if (!v) return std::nullopt;
      return Scalar::Decimal(20, 0, static_cast<columnar::Int128>(*v));
    }
    case Conversion::kBytesToDecimal: {
      columnar::Int128 v;
      if (!BigEndianToInt128(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(), &v)) return std::nullopt;
      return Scalar::Decimal(plan.type->precision(), plan.type->scale(), v);
    }
    case Conversion::kMillisToMicros: {
      auto v = Fixed<int64_t>(bytes);
      int64_t micros;
      if (!v || __builtin_mul_overflow(*v, int64_t{1000}, &micros)) return std::nullopt;
      return Scalar::Int(plan.type, micros);
    }
    case Conversion::kNanosToMicros: {
      auto v = Fixed<int64_t>(bytes);
      if (!v) return std::nullopt;
      return Scalar::Int(plan.type, *v / 1000 - (*v % 1000 < 0 ? 1 : 0));
    }
    case Conversion::kString: return Scalar::String(std::string(bytes));
    case Conversion::kBinary:
    case Conversion::kFixedToBinary: return Scalar::Binary(std::string(bytes));
    default: return std::nullopt;
  }
}

ChunkStatistics ReadChunkStatistics(const ParquetFile& file, int row_group, int leaf) {
  ChunkStatistics out;
  out.value_count = file.metadata().row_groups[static_cast<size_t>(row_group)].num_rows;
  auto meta = file.ChunkMetaData(row_group, leaf);
  if (!meta.ok() || !(*meta)->statistics) return out;
  const Statistics& stats = *(*meta)->statistics;
  const LeafPlan& plan = file.schema().leaves[static_cast<size_t>(leaf)];
  out.null_count = stats.null_count.value_or(-1);
  const auto& orders = file.metadata().column_orders;
  bool typed_order = orders.empty() || (static_cast<size_t>(leaf) < orders.size() &&
                                        orders[static_cast<size_t>(leaf)] == ColumnOrder::kTypeDefined);
  // The legacy fields are in signed order: right only where that is the column's own order.
  bool legacy_ok = plan.conversion == Conversion::kNone || plan.conversion == Conversion::kInt32ToInt8 ||
                   plan.conversion == Conversion::kInt32ToInt16 || plan.conversion == Conversion::kInt32ToDecimal ||
                   plan.conversion == Conversion::kInt64ToDecimal || plan.conversion == Conversion::kMillisToMicros ||
                   plan.conversion == Conversion::kNanosToMicros;
  const std::optional<std::string>* min = nullptr;
  const std::optional<std::string>* max = nullptr;
  if (typed_order && stats.min_value && stats.max_value) {
    min = &stats.min_value;
    max = &stats.max_value;
  } else if (legacy_ok && stats.min && stats.max) {
    min = &stats.min;
    max = &stats.max;
  }
  if (min) {
    out.min = StatisticToScalar(plan, **min);
    out.max = StatisticToScalar(plan, **max);
  }
  return out;
}

bool RowGroupMayMatch(const ParquetFile& file, int row_group, const PushdownPredicate& predicate) {
  const FileSchema& schema = file.schema();
  for (const ColumnPredicate& term : predicate) {
    auto index = schema.schema->FieldIndex(term.column);
    if (!index) index = schema.schema->FieldIndexIgnoreCase(term.column);
    if (!index) continue;
    const ColumnPlan& column = schema.columns[*index];
    if (column.root.kind != ReadNode::Kind::kLeaf) continue;
    ChunkStatistics stats = ReadChunkStatistics(file, row_group, column.first_leaf);
    if (!MayMatch(term, stats.min, stats.max, stats.null_count, stats.value_count)) return false;
  }
  return true;
}

}  // namespace sluice::formats::parquet
