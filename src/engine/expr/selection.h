// Row selection over columns: gathering rows by index (the heart of filters, joins, sorts and
// CASE), with -1 standing for "a NULL row" (the missing side of an outer join), and gathering
// from several same-typed columns at once. Fixed-width and string columns are gathered in
// typed loops; nested columns gather their children recursively.
//
// Thread safety: pure functions over immutable inputs.
#pragma once

#include <cstdint>
#include <vector>

#include "columnar/column.h"
#include "columnar/record_batch.h"

namespace sluice::engine {

// Row indices into a batch or column. -1 means NULL (only where a function says so).
using RowIndices = std::vector<int64_t>;

// A column of `count` rows: row i is column[indices[i]], or NULL when indices[i] is -1.
// REQUIRES: every index is -1 or in [0, column.length()).
columnar::ColumnPtr Take(const columnar::Column& column, const int64_t* indices, int64_t count);
// Every column of the batch gathered by the same indices.
columnar::BatchPtr TakeBatch(const columnar::RecordBatch& batch, const int64_t* indices, int64_t count);

// The indices of the rows where a boolean column is TRUE (NULL and FALSE rows are dropped).
RowIndices SelectTrue(const columnar::Column& predicate);

// A column of `count` rows where row i is sources[source[i]][row[i]]. REQUIRES: all sources
// share one type; indices in range (row -1 gives NULL).
columnar::ColumnPtr TakeFromSources(const std::vector<columnar::ColumnPtr>& sources, const uint16_t* source,
                                    const int64_t* row, int64_t count);

// All rows of the batches, one after the other, as one batch of `schema`.
columnar::BatchPtr ConcatenateBatches(const columnar::SchemaPtr& schema, const std::vector<columnar::BatchPtr>& batches);

}  // namespace sluice::engine
