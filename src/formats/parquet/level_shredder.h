// Shredding (Dremel's "column striping"): turns one top-level column of a batch into, for each
// Parquet leaf under it, the definition and repetition levels of every entry and the rows of
// the leaf's column that hold its non-null values. Flat columns take a fast path (no levels
// at all when nothing is null); nested ones are walked row by row.
//
// Thread safety: pure function.
#pragma once

#include <cstdint>
#include <vector>

#include "columnar/column.h"
#include "common/status.h"
#include "formats/parquet/write_plan.h"

namespace sluice::formats::parquet {

struct ShreddedLeaf {
  // Levels per entry. `def` empty: every entry is at the leaf's maximum definition level;
  // `rep` empty: the leaf is not repeated.
  std::vector<uint16_t> def;
  std::vector<uint16_t> rep;
  int64_t entries = 0;
  // The leaf's column and the rows of it holding the non-null values, in order: rows
  // [begin, begin + count) when `contiguous`, else `rows`.
  const columnar::Column* column = nullptr;
  bool contiguous = true;
  int64_t begin = 0;
  int64_t count = 0;
  std::vector<int64_t> rows;

  void Clear() {
    def.clear();
    rep.clear();
    rows.clear();
    entries = begin = count = 0;
    contiguous = true;
    column = nullptr;
  }
};

// Fills leaves[0, node.leaf_count) from `column`, which has `node`'s type. InvalidArgument
// when a column declared not nullable holds a null.
Status ShredColumn(const WriteNode& node, const WritePlan& plan, const columnar::Column& column,
                   std::vector<ShreddedLeaf>& leaves);

}  // namespace sluice::formats::parquet
