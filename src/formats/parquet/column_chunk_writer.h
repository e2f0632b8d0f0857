// Writes one leaf column of a row group: takes each batch's shredded levels and values,
// converts the values to the physical type, cuts pages of about the target size at row
// boundaries (data page v1 or v2), encodes levels with RLE and values PLAIN or by dictionary,
// compresses, and keeps the finished pages in memory until the row group is written out with
// its dictionary page in front. Gathers the chunk's statistics (min, max, null count).
//
// Thread safety: one thread at a time; distinct writers may run on distinct threads.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "formats/io.h"
#include "formats/parquet/file_metadata.h"
#include "formats/parquet/level_shredder.h"
#include "formats/parquet/page_header.h"
#include "formats/parquet/value_encoder.h"
#include "formats/parquet/write_plan.h"

namespace sluice::formats::parquet {

struct ChunkWriterOptions {
  Codec codec = Codec::kSnappy;
  int compression_level = 0;  // codec default
  size_t data_page_bytes = size_t{1} << 20;
  bool page_v2 = false;
  bool write_checksums = true;
  bool statistics = true;
  ValueEncoderOptions values;
};

class ColumnChunkWriter {
 public:
  ColumnChunkWriter(const WriteLeaf& leaf, const ChunkWriterOptions& options);

  // Adds one batch's share of this leaf. InvalidArgument for a decimal that does not fit its
  // precision.
  Status Write(const ShreddedLeaf& shredded);
  // Bytes held for the row group so far (finished pages plus the open page, about).
  size_t buffered_bytes() const { return pages_.size() + encoder_->PageBytes(); }
  // Closes the open page and writes the chunk to `out` (dictionary page first), filling
  // `chunk`; the writer is then empty, ready for the next row group.
  Status Finish(OutputStream& out, ColumnChunk* chunk);

 private:
  Result<const void*> PhysicalValues(const ShreddedLeaf& shredded);
  Status FlushPage();
  Status AppendPage(PageHeader header, std::string_view levels, std::string_view values, bool compress_all,
                    std::string* out);

  const WriteLeaf& leaf_;
  ChunkWriterOptions options_;
  std::unique_ptr<ValueEncoder> encoder_;
  size_t value_size_ = 0;  // bytes per element of the physical value arrays
  // The open page.
  std::vector<uint16_t> page_def_;
  std::vector<uint16_t> page_rep_;
  int64_t page_entries_ = 0;
  int64_t page_nulls_ = 0;
  int64_t page_rows_ = 0;
  // The row group so far.
  std::string pages_;
  int64_t total_entries_ = 0;
  int64_t total_nulls_ = 0;
  int64_t uncompressed_bytes_ = 0;
  std::map<std::pair<PageType, Encoding>, int32_t> page_counts_;
  // Scratch for converted values.
  std::vector<uint8_t> scratch_;
  std::vector<std::string_view> views_;
  std::string page_buffer_;
  std::string compressed_;
};

}  // namespace sluice::formats::parquet
