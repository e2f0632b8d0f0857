// Reads one leaf column of one row group, a batch of rows at a time: pages come from a
// PageReader, levels are decoded in windows of a few thousand, values are decoded (or gathered
// from the converted dictionary) straight into the leaf's column, and the levels are kept when
// the leaf lies under a struct, list or map so the column can be rebuilt (record_assembly.h).
// Memory is bounded by the batch, not by the row group or the page counts a file claims.
//
// Thread safety: one thread at a time; distinct readers may run on distinct threads.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "columnar/column.h"
#include "common/status.h"
#include "formats/parquet/leaf_builder.h"
#include "formats/parquet/level_decoder.h"
#include "formats/parquet/page_reader.h"
#include "formats/parquet/read_plan.h"
#include "formats/parquet/value_conversion.h"

namespace sluice::formats::parquet {

struct ColumnReadLimits {
  PageReaderOptions pages;
  // Most bytes of strings one column may hold in one batch.
  size_t max_batch_bytes = size_t{1} << 31;
  // Most level entries (values, nulls and empty lists) one leaf may hold in one batch.
  int64_t max_batch_entries = int64_t{1} << 26;
};

// One batch of a leaf.
struct LeafBatch {
  columnar::ColumnPtr column;
  std::vector<uint16_t> def;  // kept only when the plan says so
  std::vector<uint16_t> rep;
  int64_t entries = 0;  // level entries read (the length of def/rep when kept)
  int64_t rows = 0;
};

class ColumnChunkReader {
 public:
  // `chunk`: the column chunk's bytes, at file offset `chunk_offset`. `context` prefixes
  // every error ("data.parquet: row group 3, column 'a.b'"). The plan must outlive the reader.
  ColumnChunkReader(const LeafPlan& plan, std::string_view chunk, int64_t chunk_offset, Codec codec,
                    const ColumnReadLimits& limits, std::string context);

  // Reads the next `rows` rows (fewer at the end of the chunk) into `out`. For a repeated leaf,
  // stops early at a row boundary once `soft_entries` entries are read (0: no soft limit).
  // DataLoss naming the file, row group, column and page offset when the data is malformed;
  // ResourceExhausted past the limits.
  Status ReadRows(int64_t rows, int64_t soft_entries, LeafBatch* out);

 private:
  Result<bool> LoadDataPage();
  Status LoadDictionary();
  Status FillWindow();
  Status ProcessEntries(const uint16_t* def, size_t count);
  Status Fail(const Status& status) const;

  const LeafPlan& plan_;
  ColumnReadLimits limits_;
  std::string context_;
  PageReader pages_;
  Page page_;
  int64_t page_left_ = 0;  // level entries of the page not yet in the window
  LevelDecoder def_decoder_;
  LevelDecoder rep_decoder_;
  std::unique_ptr<ValueDecoder> values_;
  bool dictionary_encoded_ = false;
  bool has_dictionary_ = false;
  LeafBuilder dictionary_;
  bool started_ = false;  // the first entry of the chunk was checked to start a row
  // Decoded levels not yet consumed.
  std::vector<uint16_t> def_window_;
  std::vector<uint16_t> rep_window_;
  size_t window_pos_ = 0;
  size_t window_size_ = 0;
  // The batch being built.
  LeafBuilder builder_;
  double bytes_per_row_ = 0;  // byte arrays: what the last batch held per row, to reserve ahead
  std::vector<uint8_t> valid_;
  std::vector<uint32_t> indices_;
  ConversionScratch scratch_;
};

}  // namespace sluice::formats::parquet
