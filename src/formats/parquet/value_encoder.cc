// Value encoders for the writer: see value_encoder.h.
#include "formats/parquet/value_encoder.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string_view>
#include <type_traits>
#include <vector>

#include "formats/parquet/bit_unpack.h"
#include "formats/parquet/dictionary_table.h"
#include "formats/parquet/rle_encoder.h"

namespace sluice::formats::parquet {

namespace {

// A chunk's first page gives up its dictionary early when, after this many values, nearly all
// of them are distinct (keys, prices, free text): hashing them would be wasted work.
constexpr size_t kProbeValues = 8192;
constexpr double kDistinctShare = 0.9;

// The width of dictionary indices for a dictionary of `size` entries (at least 1 bit).
int IndexBitWidth(size_t size) { return std::max(1, BitWidthOf(size > 0 ? size - 1 : 0)); }

void EncodeIndices(const std::vector<uint32_t>& indices, size_t dictionary_size, std::string* out) {
  int width = IndexBitWidth(dictionary_size);
  out->push_back(static_cast<char>(width));
  EncodeRle(indices.data(), indices.size(), width, out);
}

template <typename T>
void AppendPlain(const T& value, std::string* out) {
  out->append(reinterpret_cast<const char*>(&value), sizeof(T));
}

// INT32, INT64, FLOAT, DOUBLE.
template <typename T>
class NumericEncoder final : public ValueEncoder {
  using Key = std::conditional_t<sizeof(T) == 4, uint32_t, uint64_t>;

 public:
  explicit NumericEncoder(const ValueEncoderOptions& options) : options_(options) { ResetChunk(); }

  void Put(const void* data, size_t count) override {
    const T* values = static_cast<const T*>(data);
    UpdateStatistics(values, count);
    if (!dictionary_) {
      plain_.append(reinterpret_cast<const char*>(values), count * sizeof(T));
      return;
    }
    size_t start = indices_.size();
    indices_.resize(start + count);
    uint32_t* out = indices_.data() + start;
    for (size_t i = 0; i < count; ++i) {
      Key key;
      std::memcpy(&key, &values[i], sizeof(T));
      bool inserted;
      out[i] = static_cast<uint32_t>(table_.FindOrInsert(key, &inserted));
    }
    if (first_page_ && indices_.size() >= kProbeValues &&
        static_cast<double>(table_.size()) > kDistinctShare * static_cast<double>(indices_.size())) {
      for (uint32_t index : indices_) AppendPlain(table_.keys()[index], &plain_);
      Abandon();
    }
  }

  size_t PageBytes() const override {
    if (!dictionary_) return plain_.size();
    return indices_.size() * static_cast<size_t>(IndexBitWidth(table_.size())) / 8 + 1;
  }

  Encoding FlushPage(std::string* out) override {
    if (dictionary_ && first_page_ && !Worthwhile()) {
      // Not worth a dictionary: write this page PLAIN and keep the chunk PLAIN.
      for (uint32_t index : indices_) AppendPlain(table_.keys()[index], &plain_);
      Abandon();
    }
    first_page_ = false;
    if (dictionary_) {
      EncodeIndices(indices_, table_.size(), out);
      indices_.clear();
      used_dictionary_ = true;
      return Encoding::kRleDictionary;
    }
    out->append(plain_);
    plain_.clear();
    return Encoding::kPlain;
  }

  bool dictionary_active() const override { return dictionary_; }
  bool DictionaryFull() const override {
    return dictionary_ && table_.size() * sizeof(T) > options_.dictionary_page_bytes;
  }
  void StopDictionary() override { dictionary_ = false; }
  bool has_dictionary_page() const override { return used_dictionary_; }
  void EncodeDictionary(std::string* out, int32_t* count) const override {
    for (Key key : table_.keys()) AppendPlain(key, out);
    *count = static_cast<int32_t>(table_.size());
  }

  std::optional<std::string> MinStatistic() const override {
    if (!has_min_max_) return std::nullopt;
    T v = min_;
    if constexpr (std::is_floating_point_v<T>) {
      if (v == 0) v = -T{0};  // the format asks for -0 as a zero minimum
    }
    return std::string(reinterpret_cast<const char*>(&v), sizeof(T));
  }
  std::optional<std::string> MaxStatistic() const override {
    if (!has_min_max_) return std::nullopt;
    T v = max_;
    if constexpr (std::is_floating_point_v<T>) {
      if (v == 0) v = T{0};
    }
    return std::string(reinterpret_cast<const char*>(&v), sizeof(T));
  }

  void ResetChunk() override {
    dictionary_ = options_.dictionary;
    first_page_ = true;
    used_dictionary_ = false;
    table_.Clear();
    indices_.clear();
    plain_.clear();
    has_min_max_ = false;
  }

 private:
  // Drops the dictionary before any page used it (the page's values are already PLAIN).
  void Abandon() {
    indices_.clear();
    table_.Clear();
    dictionary_ = false;
  }

  bool Worthwhile() const {
    size_t dictionary_bytes = table_.size() * sizeof(T);
    size_t index_bytes = indices_.size() * static_cast<size_t>(IndexBitWidth(table_.size())) / 8;
    return dictionary_bytes + index_bytes < indices_.size() * sizeof(T);
  }

  void UpdateStatistics(const T* values, size_t count) {
    T lo = has_min_max_ ? min_ : T{}, hi = has_min_max_ ? max_ : T{};
    bool any = has_min_max_;
    for (size_t i = 0; i < count; ++i) {
      T v = values[i];
      if constexpr (std::is_floating_point_v<T>) {
        if (std::isnan(v)) continue;
      }
      if (!any) {
        lo = hi = v;
        any = true;
        continue;
      }
      lo = v < lo ? v : lo;
      hi = v > hi ? v : hi;
    }
    has_min_max_ = any;
    min_ = lo;
    max_ = hi;
  }

  ValueEncoderOptions options_;
  bool dictionary_ = true;
  bool first_page_ = true;
  bool used_dictionary_ = false;
  FixedDictionaryTable<Key> table_;
  std::vector<uint32_t> indices_;
  std::string plain_;
  bool has_min_max_ = false;
  T min_{};
  T max_{};
};

// BYTE_ARRAY (fixed_width 0) and FIXED_LEN_BYTE_ARRAY.
class BytesEncoder final : public ValueEncoder {
 public:
  BytesEncoder(size_t fixed_width, const ValueEncoderOptions& options) : fixed_width_(fixed_width), options_(options) {
    ResetChunk();
  }

  void Put(const void* data, size_t count) override {
    const auto* values = static_cast<const std::string_view*>(data);
    if (!dictionary_) {
      for (size_t i = 0; i < count; ++i) {
        Observe(values[i]);
        AppendPlainValue(values[i], &plain_);
      }
      return;
    }
    size_t start = indices_.size();
    indices_.resize(start + count);
    uint32_t* out = indices_.data() + start;
    for (size_t i = 0; i < count; ++i) {
      bool inserted;
      int32_t index = table_.FindOrInsert(values[i], &inserted);
      if (inserted) Observe(values[i]);
      out[i] = static_cast<uint32_t>(index);
      page_plain_bytes_ += values[i].size() + (fixed_width_ ? 0 : 4);
    }
    if (first_page_ && indices_.size() >= kProbeValues &&
        static_cast<double>(table_.size()) > kDistinctShare * static_cast<double>(indices_.size())) {
      for (uint32_t index : indices_) AppendPlainValue(table_.Get(static_cast<int32_t>(index)), &plain_);
      Abandon();
    }
  }

  size_t PageBytes() const override {
    if (!dictionary_) return plain_.size();
    return indices_.size() * static_cast<size_t>(IndexBitWidth(table_.size())) / 8 + 1;
  }

  Encoding FlushPage(std::string* out) override {
    if (dictionary_ && first_page_ && !Worthwhile()) {
      for (uint32_t index : indices_) AppendPlainValue(table_.Get(static_cast<int32_t>(index)), &plain_);
      Abandon();
    }
    first_page_ = false;
    page_plain_bytes_ = 0;
    if (dictionary_) {
      EncodeIndices(indices_, table_.size(), out);
      indices_.clear();
      used_dictionary_ = true;
      return Encoding::kRleDictionary;
    }
    out->append(plain_);
    plain_.clear();
    return Encoding::kPlain;
  }

  bool dictionary_active() const override { return dictionary_; }
  bool DictionaryFull() const override { return dictionary_ && PlainDictionaryBytes() > options_.dictionary_page_bytes; }
  void StopDictionary() override { dictionary_ = false; }
  bool has_dictionary_page() const override { return used_dictionary_; }
  void EncodeDictionary(std::string* out, int32_t* count) const override {
    for (size_t i = 0; i < table_.size(); ++i) AppendPlainValue(table_.Get(static_cast<int32_t>(i)), out);
    *count = static_cast<int32_t>(table_.size());
  }

  std::optional<std::string> MinStatistic() const override { return Bound(min_); }
  std::optional<std::string> MaxStatistic() const override { return Bound(max_); }

  void ResetChunk() override {
    dictionary_ = options_.dictionary;
    first_page_ = true;
    used_dictionary_ = false;
    table_.Clear();
    indices_.clear();
    plain_.clear();
    page_plain_bytes_ = 0;
    has_min_max_ = false;
    min_.clear();
    max_.clear();
  }

 private:
  size_t PlainDictionaryBytes() const { return table_.bytes() + (fixed_width_ ? 0 : 4 * table_.size()); }

  // Drops the dictionary before any page used it (the page's values are already PLAIN).
  void Abandon() {
    indices_.clear();
    table_.Clear();
    dictionary_ = false;
  }

  bool Worthwhile() const {
    size_t index_bytes = indices_.size() * static_cast<size_t>(IndexBitWidth(table_.size())) / 8;
    return PlainDictionaryBytes() + index_bytes < page_plain_bytes_;
  }

  void AppendPlainValue(std::string_view value, std::string* out) const {
    if (fixed_width_ == 0) {
      auto length = static_cast<uint32_t>(value.size());
      AppendPlain(length, out);
    }
    out->append(value);
  }

  void Observe(std::string_view value) {
    if (!has_min_max_) {
      min_.assign(value);
      max_.assign(value);
      has_min_max_ = true;
      return;
    }
    // Byte-wise unsigned order (std::string_view compares as unsigned char).
    if (value < std::string_view(min_)) min_.assign(value);
    else if (value > std::string_view(max_)) max_.assign(value);
  }

  std::optional<std::string> Bound(const std::string& value) const {
    if (!has_min_max_ || min_.size() > options_.max_statistics_bytes || max_.size() > options_.max_statistics_bytes) {
      return std::nullopt;
    }
    return value;
  }

  size_t fixed_width_;
  ValueEncoderOptions options_;
  bool dictionary_ = true;
  bool first_page_ = true;
  bool used_dictionary_ = false;
  BytesDictionaryTable table_;
  std::vector<uint32_t> indices_;
  std::string plain_;
  size_t page_plain_bytes_ = 0;  // the PLAIN size of the current page's values
  bool has_min_max_ = false;
  std::string min_;
  std::string max_;
};

// BOOLEAN: PLAIN, one bit per value.
class BooleanEncoder final : public ValueEncoder {
 public:
  BooleanEncoder() { ResetChunk(); }

  void Put(const void* data, size_t count) override {
    const auto* values = static_cast<const uint8_t*>(data);
    bits_.reserve(bits_.size() + count);
    for (size_t i = 0; i < count; ++i) {
      bits_.push_back(values[i]);
      seen_[values[i] & 1] = true;
    }
  }
  size_t PageBytes() const override { return (bits_.size() + 7) / 8; }
  Encoding FlushPage(std::string* out) override {
    size_t old = out->size();
    out->resize(old + (bits_.size() + 7) / 8, '\0');
    auto* dest = reinterpret_cast<uint8_t*>(out->data() + old);
    for (size_t i = 0; i < bits_.size(); ++i) dest[i / 8] |= static_cast<uint8_t>((bits_[i] & 1) << (i % 8));
    bits_.clear();
    return Encoding::kPlain;
  }
  std::optional<std::string> MinStatistic() const override {
    if (!seen_[0] && !seen_[1]) return std::nullopt;
    return std::string(1, seen_[0] ? '\0' : '\1');
  }
  std::optional<std::string> MaxStatistic() const override {
    if (!seen_[0] && !seen_[1]) return std::nullopt;
    return std::string(1, seen_[1] ? '\1' : '\0');
  }
  void ResetChunk() override {
    bits_.clear();
    seen_[0] = seen_[1] = false;
  }

 private:
  std::vector<uint8_t> bits_;
  bool seen_[2] = {false, false};
};

}  // namespace

std::unique_ptr<ValueEncoder> MakeValueEncoder(PhysicalType type, int32_t type_length,
                                               const ValueEncoderOptions& options) {
  switch (type) {
    case PhysicalType::kBoolean: return std::make_unique<BooleanEncoder>();
    case PhysicalType::kInt32: return std::make_unique<NumericEncoder<int32_t>>(options);
    case PhysicalType::kInt64: return std::make_unique<NumericEncoder<int64_t>>(options);
    case PhysicalType::kFloat: return std::make_unique<NumericEncoder<float>>(options);
    case PhysicalType::kDouble: return std::make_unique<NumericEncoder<double>>(options);
    case PhysicalType::kByteArray: return std::make_unique<BytesEncoder>(0, options);
    case PhysicalType::kFixedLenByteArray:
      return std::make_unique<BytesEncoder>(static_cast<size_t>(type_length), options);
    case PhysicalType::kInt96: break;
  }
  return nullptr;
}

}  // namespace sluice::formats::parquet
