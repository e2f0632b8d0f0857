// Walks the pages of one column chunk: decodes each page header, checks the page's CRC when it
// has one, decompresses the body into a buffer the reader reuses (or points straight into the
// chunk when it is stored uncompressed) and hands back data pages (v1 and v2) and the
// dictionary page. Index pages and page types it does not know are skipped.
//
// Thread safety: one thread at a time. The chunk's bytes must outlive the reader, and a Page
// stays valid until the next call to Next().
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>

#include "common/status.h"
#include "formats/parquet/page_header.h"
#include "formats/parquet/parquet_types.h"

namespace sluice::formats::parquet {

struct Page {
  PageType type = PageType::kDataPage;
  int64_t offset = 0;  // of the page header in the file, for messages
  int32_t num_values = 0;
  Encoding encoding = Encoding::kPlain;
  // Data page v1: levels then values, all in `body`, levels in these encodings.
  Encoding def_encoding = Encoding::kRle;
  Encoding rep_encoding = Encoding::kRle;
  // Data page v2: levels apart (never compressed, no length prefix) and counts.
  bool v2 = false;
  const uint8_t* rep_levels = nullptr;
  size_t rep_levels_size = 0;
  const uint8_t* def_levels = nullptr;
  size_t def_levels_size = 0;
  int32_t num_nulls = 0;
  int32_t num_rows = 0;
  // The values (v2, dictionary) or levels and values (v1), decompressed.
  const uint8_t* body = nullptr;
  size_t body_size = 0;
};

struct PageReaderOptions {
  bool verify_checksums = true;
  uint64_t max_page_bytes = uint64_t{512} << 20;  // the largest decompressed page accepted
};

class PageReader {
 public:
  // `chunk` holds the column chunk's pages and starts at file offset `chunk_offset`.
  PageReader(std::string_view chunk, int64_t chunk_offset, Codec codec, PageReaderOptions options);

  // Sets `page` to the next data or dictionary page and returns true; false at the end of the
  // chunk. DataLoss naming the file offset for malformed headers, sizes that run past the
  // chunk, checksum mismatches and corrupt compressed data.
  Result<bool> Next(Page* page);

 private:
  Status Decompress(std::string_view input, size_t size, const uint8_t** out);

  std::string_view chunk_;
  int64_t chunk_offset_;
  Codec codec_;
  PageReaderOptions options_;
  size_t pos_ = 0;
  std::unique_ptr<uint8_t[]> buffer_;  // decompressed page bodies
  size_t buffer_capacity_ = 0;
};

}  // namespace sluice::formats::parquet
