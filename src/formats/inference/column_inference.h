// Type inference for one column of text values (CSV fields, or strings in JSON), by the one
// loosening ladder Sluice uses everywhere, documented in docs/formats/type-inference.md:
//
//   null → boolean → int → bigint → decimal(p,0) → decimal(p,s) → double → date → timestamp
//   → string
//
// Every value rules out the candidate types it does not parse as; the column gets the first
// candidate left on the ladder, so the result holds every value seen (a column of "1" and
// "2.5" is double, of "1" and "x" string). Feed it a sample; it keeps a few counters, never
// the values, and says why it chose the type (for crawler logs).
//
// Thread safety: one object per column, used by one thread at a time.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "columnar/type.h"
#include "formats/inference/text_value_parser.h"

namespace sluice::formats::inference {

struct InferenceOptions {
  // Integers narrower than this many bits are not inferred: 64 (the default) gives bigint for
  // every integer column, because a sample that fits int can be followed by rows that do not;
  // 32 gives int when every sampled value fits.
  int min_integer_bits = 64;
  // Whether numbers with a fraction ("12.50") become decimal(p,s) (exact) rather than double,
  // when every value is plain decimal text within 38 digits. Off by default, as in Glue,
  // DuckDB, Spark and pandas.
  bool fractions_as_decimal = false;
  bool detect_booleans = true;
  bool detect_numbers = true;
  bool detect_dates = true;       // also governs timestamps
  // Which DateLayouts dates and timestamps may be in: bit (1 << layout). JSON readers keep only
  // ISO 8601; CSV tries them all.
  uint32_t date_layouts = (1u << kDateLayoutCount) - 1;
};

// What the ladder chose for a column.
struct InferredColumn {
  columnar::TypePtr type;            // null type when every value was null (or there were none)
  DateLayout date_layout = DateLayout::kIso;  // for date and timestamp columns
  int64_t values = 0;                // non-null values seen
  int64_t nulls = 0;
  std::string reason;                // e.g. "bigint: 950 integers in [1, 99812]"
};

class ColumnInference {
 public:
  explicit ColumnInference(const InferenceOptions& options = {});

  void AddNull() { ++nulls_; }
  // Narrows the candidates by one non-null value (already unquoted).
  void Add(std::string_view value);
  // Whether anything but string is still possible (callers may stop feeding values when not).
  bool undecided() const { return candidates_ != 0; }

  InferredColumn Finish() const;

 private:
  enum Bits : uint32_t {
    kBooleanBit = 1u << 0,
    kIntegerBit = 1u << 1,   // fits int64
    kDecimalBit = 1u << 2,   // plain decimal text within 38 digits
    kDoubleBit = 1u << 3,
    kDateBits = 0x1fu << 4,        // one per DateLayout
    kTimestampBits = 0x1fu << 9,   // one per DateLayout
  };
  InferenceOptions options_;
  uint32_t candidates_;
  int64_t values_ = 0;
  int64_t nulls_ = 0;
  int64_t min_ = INT64_MAX;
  int64_t max_ = INT64_MIN;
  int max_integer_digits_ = 0;
  int max_scale_ = 0;
  bool any_zone_ = false;
  std::string first_string_;  // the value that ruled out the last non-string candidate
};

}  // namespace sluice::formats::inference
