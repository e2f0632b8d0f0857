// Decoders for the values section of a data page, one per encoding (PLAIN, RLE booleans,
// dictionary indices, DELTA_BINARY_PACKED, DELTA_LENGTH_BYTE_ARRAY, DELTA_BYTE_ARRAY,
// BYTE_STREAM_SPLIT). Each decodes physical values in batches, checking every length and count
// against the page's bytes; errors are DataLoss without file context (the page reader adds it).
//
// Thread safety: one thread at a time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

#include "common/status.h"
#include "formats/parquet/byte_array_output.h"
#include "formats/parquet/parquet_types.h"

namespace sluice::formats::parquet {

class ValueDecoder {
 public:
  virtual ~ValueDecoder() = default;
  // Fixed-width physical values (INT32, INT64, INT96, FLOAT, DOUBLE, FIXED_LEN_BYTE_ARRAY) as
  // their little-endian bytes: count × width bytes at `out`.
  virtual Status DecodeFixed(size_t count, uint8_t* out);
  // BYTE_ARRAY values, appended to `out`.
  virtual Status DecodeByteArrays(size_t count, ByteArrayOutput& out);
  // BOOLEAN values, one 0/1 byte each.
  virtual Status DecodeBooleans(size_t count, uint8_t* out);
  // Dictionary indices (RLE_DICTIONARY, PLAIN_DICTIONARY); the caller checks their range.
  virtual Status DecodeIndices(size_t count, uint32_t* out);
};

// Bytes per value of a fixed-width physical type (type_length for FIXED_LEN_BYTE_ARRAY); 0 for
// BOOLEAN and BYTE_ARRAY.
size_t PhysicalWidth(PhysicalType type, int32_t type_length);

// A decoder for `size` bytes of values in `encoding`. DataLoss when the encoding cannot hold
// this physical type or its header is malformed; Unimplemented for encodings Sluice lacks.
Result<std::unique_ptr<ValueDecoder>> MakeValueDecoder(Encoding encoding, PhysicalType type, int32_t type_length,
                                                       const uint8_t* data, size_t size);

}  // namespace sluice::formats::parquet
