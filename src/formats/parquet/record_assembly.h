// Rebuilds a nested column (struct, list, map, any depth) from the batches of its leaves: each
// struct's validity and each list's offsets and validity come from the definition and
// repetition levels of one leaf below it (ReadNode::leaf), as in Dremel's record assembly.
// Every count is cross-checked (children against their parents' slots), so levels that
// contradict each other give DataLoss rather than a malformed column.
//
// Thread safety: pure function.
#pragma once

#include <cstdint>
#include <vector>

#include "columnar/column.h"
#include "common/status.h"
#include "formats/parquet/column_chunk_reader.h"
#include "formats/parquet/read_plan.h"

namespace sluice::formats::parquet {

// `leaves[i]` is the batch of leaf ordinal first_leaf + i; every leaf read `rows` rows.
Result<columnar::ColumnPtr> AssembleColumn(const ReadNode& root, const std::vector<LeafBatch>& leaves, int first_leaf,
                                           int64_t rows);

}  // namespace sluice::formats::parquet
