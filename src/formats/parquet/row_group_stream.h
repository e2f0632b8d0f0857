// The batches of one row group: a ColumnChunkReader per leaf of the projected columns, read a
// batch of rows at a time and assembled into top-level columns. The BatchReader
// (parquet_reader.cc) runs one stream at a time, or several on their own threads.
//
// Thread safety: one thread at a time; distinct streams may run on distinct threads.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "columnar/record_batch.h"
#include "common/status.h"
#include "formats/parquet/column_chunk_reader.h"
#include "formats/parquet/parquet_file.h"

namespace sluice::formats::parquet {

class RowGroupStream {
 public:
  // Opens the chunks of `columns` (indices into the file's top-level columns) in `group`.
  // DataLoss naming the file, row group and column when a chunk's metadata is unusable.
  static Result<std::unique_ptr<RowGroupStream>> Open(std::shared_ptr<const ParquetFile> file, int group,
                                                      const std::vector<int>& columns, columnar::SchemaPtr schema,
                                                      const ColumnReadLimits& limits, int64_t target_batch_entries);
  ~RowGroupStream();

  int64_t rows_left() const { return rows_left_; }
  // The next batch of at most `max_rows` rows (fewer when repeated columns hold many values),
  // decoding columns on up to `parallelism` threads; nullptr once the row group is done.
  Result<columnar::BatchPtr> Next(int64_t max_rows, size_t parallelism);

 private:
  struct Leaf {
    const LeafPlan* plan = nullptr;
    std::unique_ptr<std::string> storage;  // chunk bytes when the file is not mapped
    std::string_view bytes;                // the chunk
    int64_t offset = 0;                    // its file offset
    std::unique_ptr<ColumnChunkReader> reader;
  };
  struct Column {
    const ColumnPlan* plan = nullptr;
    std::vector<Leaf> leaves;
    std::vector<LeafBatch> batches;
    int driver = -1;  // the leaf already read for this batch
  };

  RowGroupStream() = default;
  Result<columnar::ColumnPtr> ReadColumn(Column& column, int64_t rows);
  Status EndedEarly(const Leaf& leaf, int64_t rows) const;
  // Lets a mapped file drop the pages of this row group's chunks.
  void ReleaseChunks();

  std::shared_ptr<const ParquetFile> file_;
  int group_ = 0;
  columnar::SchemaPtr schema_;
  int64_t target_batch_entries_ = 0;
  int64_t rows_left_ = 0;
  std::vector<Column> columns_;
  bool released_ = false;
};

}  // namespace sluice::formats::parquet
