// Row-group statistics as Sluice values: a column chunk's min, max and null count, converted
// from Parquet's encoded bytes into the column's columnar type, and the row-group skipping
// test of a pushed-down predicate against them (formats::MayMatch). Only statistics whose
// order is known are trusted: min_value/max_value, or the legacy min/max for types whose
// signed order is their real order.
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "columnar/scalar.h"
#include "formats/batch_stream.h"
#include "formats/parquet/parquet_file.h"

namespace sluice::formats::parquet {

struct ChunkStatistics {
  std::optional<columnar::Scalar> min;
  std::optional<columnar::Scalar> max;
  int64_t null_count = -1;  // -1: unknown
  int64_t value_count = 0;
};

// A statistic's bytes (PLAIN encoding, byte arrays without a length) as a value of the leaf's
// type; nullopt when the bytes do not fit the type or the type has no usable order (NaN
// bounds, INT96, FLOAT16, UUID, TIME).
std::optional<columnar::Scalar> StatisticToScalar(const LeafPlan& plan, std::string_view bytes);

// The statistics of leaf `leaf` in `row_group` (empty when the file has none).
ChunkStatistics ReadChunkStatistics(const ParquetFile& file, int row_group, int leaf);

// False only when the row group's statistics prove no row satisfies every term. Terms on
// columns that are not top-level primitive columns are ignored.
bool RowGroupMayMatch(const ParquetFile& file, int row_group, const PushdownPredicate& predicate);

}  // namespace sluice::formats::parquet
