// Value decoders for the DELTA encodings: DELTA_BINARY_PACKED (INT32, INT64),
// DELTA_LENGTH_BYTE_ARRAY (BYTE_ARRAY) and DELTA_BYTE_ARRAY (BYTE_ARRAY and
// FIXED_LEN_BYTE_ARRAY). Made through MakeValueDecoder (value_decoder.h).
//
// Thread safety: one thread at a time.
#pragma once

#include <memory>

#include "formats/parquet/value_decoder.h"

namespace sluice::formats::parquet {

// `width` is 4 (INT32) or 8 (INT64).
Result<std::unique_ptr<ValueDecoder>> MakeDeltaBinaryPackedDecoder(size_t width, const uint8_t* data, size_t size);
Result<std::unique_ptr<ValueDecoder>> MakeDeltaLengthByteArrayDecoder(const uint8_t* data, size_t size);
// `width` is the FIXED_LEN_BYTE_ARRAY length, or 0 for BYTE_ARRAY.
Result<std::unique_ptr<ValueDecoder>> MakeDeltaByteArrayDecoder(size_t width, const uint8_t* data, size_t size);

}  // namespace sluice::formats::parquet
