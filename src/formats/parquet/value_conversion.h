// From decoded physical values to a leaf column's values: decodes a batch of dense values
// through a ValueDecoder and converts them per the leaf's Conversion (read_plan.h) straight into
// a LeafBuilder: narrowing and widening integers, decimals from any of their four physical
// forms, timestamp units and INT96, FLOAT16, UUID and TIME text, and UTF-8 checks for strings.
// Dictionaries are converted once with the same code and then gathered by index.
//
// Thread safety: one thread at a time per scratch.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "columnar/decimal.h"
#include "common/status.h"
#include "formats/parquet/leaf_builder.h"
#include "formats/parquet/read_plan.h"
#include "formats/parquet/value_decoder.h"

namespace sluice::formats::parquet {

// A big-endian two's complement integer of any length (a Parquet decimal) as 128 bits; false
// when it does not fit.
bool BigEndianToInt128(const uint8_t* bytes, size_t size, columnar::Int128* out);

// Bytes per value of a leaf's column (LeafBuilder's width: 0 for byte arrays, -1 for null).
int OutputWidth(const LeafPlan& plan);

// Space reused between calls.
struct ConversionScratch {
  std::vector<uint8_t> bytes;
  ByteArrayOutput arrays;
};

// Decodes `count` values and appends them, converted, after `out`'s last value. DataLoss when
// the page runs out, a value cannot be represented (a timestamp or decimal out of range) or a
// string is not UTF-8.
Status DecodeDense(const LeafPlan& plan, ValueDecoder& decoder, size_t count, LeafBuilder& out,
                   ConversionScratch& scratch);

// Appends dictionary[indices[i]] for i < count. REQUIRES: every index < dictionary.length(),
// and a byte-array dictionary has ByteArrayOutput::kSmallValue bytes of room past its end.
// ResourceExhausted when the strings gathered would pass `out`'s byte limit.
Status GatherDictionary(const LeafBuilder& dictionary, const uint32_t* indices, size_t count, LeafBuilder& out);

}  // namespace sluice::formats::parquet
