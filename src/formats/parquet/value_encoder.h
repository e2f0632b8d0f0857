// Encoders for the values of the pages of one column chunk: PLAIN, or dictionary (RLE_DICTIONARY
// indices plus a PLAIN dictionary page) that falls back to PLAIN for the rest of the chunk once
// the dictionary outgrows its limit, and is dropped after the first page when it would not
// make the data smaller. They also gather the chunk's min/max statistics.
//
// Values arrive as arrays of the physical type: uint8_t (BOOLEAN, 0 or 1), int32_t, int64_t,
// float, double, or std::string_view (BYTE_ARRAY, and FIXED_LEN_BYTE_ARRAY of the column's
// width).
//
// Thread safety: one thread at a time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "formats/parquet/parquet_types.h"

namespace sluice::formats::parquet {

struct ValueEncoderOptions {
  bool dictionary = true;
  size_t dictionary_page_bytes = size_t{1} << 20;  // fall back to PLAIN past this
  size_t max_statistics_bytes = 256;               // longer byte-array bounds are not written
};

class ValueEncoder {
 public:
  virtual ~ValueEncoder() = default;
  // Adds `count` values to the current page.
  virtual void Put(const void* values, size_t count) = 0;
  // The encoded size of the current page's values, about.
  virtual size_t PageBytes() const = 0;
  // Appends the current page's values to `out`, returns their encoding, and starts a new page.
  virtual Encoding FlushPage(std::string* out) = 0;

  // Whether values now go to the dictionary, and whether it has passed its limit (the caller
  // then flushes the page and calls StopDictionary).
  virtual bool dictionary_active() const { return false; }
  virtual bool DictionaryFull() const { return false; }
  virtual void StopDictionary() {}
  // Whether a flushed page used the dictionary; then its PLAIN values and their count.
  virtual bool has_dictionary_page() const { return false; }
  virtual void EncodeDictionary(std::string* out, int32_t* count) const {}

  // The PLAIN bytes of the chunk's smallest and largest value (nullopt when there were none,
  // all were NaN, or they are longer than max_statistics_bytes).
  virtual std::optional<std::string> MinStatistic() const = 0;
  virtual std::optional<std::string> MaxStatistic() const = 0;

  // Forgets the chunk (dictionary, statistics) for the next row group.
  virtual void ResetChunk() = 0;
};

// `type_length` is the width of FIXED_LEN_BYTE_ARRAY. Booleans are never dictionary-encoded.
std::unique_ptr<ValueEncoder> MakeValueEncoder(PhysicalType type, int32_t type_length,
                                               const ValueEncoderOptions& options);

}  // namespace sluice::formats::parquet
