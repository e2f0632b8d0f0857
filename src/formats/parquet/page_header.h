// The header in front of every page of a column chunk (PageHeader and the data page v1/v2 and
// dictionary page headers it holds), decoded from and encoded to the Thrift compact protocol.
// Page-level statistics are skipped on read and never written.
//
// Thread safety: plain values; the functions are pure.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "common/status.h"
#include "formats/parquet/parquet_types.h"

namespace sluice::formats::parquet {

struct DataPageHeader {
  int32_t num_values = 0;
  Encoding encoding = Encoding::kPlain;
  Encoding definition_level_encoding = Encoding::kRle;
  Encoding repetition_level_encoding = Encoding::kRle;
};

struct DataPageHeaderV2 {
  int32_t num_values = 0;
  int32_t num_nulls = 0;
  int32_t num_rows = 0;
  Encoding encoding = Encoding::kPlain;
  int32_t definition_levels_byte_length = 0;
  int32_t repetition_levels_byte_length = 0;
  bool is_compressed = true;
};

struct DictionaryPageHeader {
  int32_t num_values = 0;
  Encoding encoding = Encoding::kPlain;
  bool is_sorted = false;
};

struct PageHeader {
  PageType type = PageType::kDataPage;
  int32_t uncompressed_page_size = 0;
  int32_t compressed_page_size = 0;
  std::optional<uint32_t> crc;
  // Exactly the one matching `type` is meaningful (checked on decode).
  DataPageHeader data_page;
  DataPageHeaderV2 data_page_v2;
  DictionaryPageHeader dictionary_page;
};

// Decodes the header at the start of `data` (at most `size` bytes) and sets `*header_size` to
// the bytes it took. DataLoss (offset relative to `data`) when malformed, when a required field
// is missing, or when a size or count is negative.
Status DecodePageHeader(const uint8_t* data, size_t size, PageHeader* header, size_t* header_size);
// Appends the Thrift encoding of `header` to `out`.
void EncodePageHeader(const PageHeader& header, std::string* out);

}  // namespace sluice::formats::parquet
