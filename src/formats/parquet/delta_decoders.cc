// DELTA encodings as value decoders: see delta_decoders.h.
#include "formats/parquet/delta_decoders.h"

#include <algorithm>
#include <cstring>
#include <string>

#include <fmt/format.h>

#include "formats/parquet/delta_binary_packed.h"

namespace sluice::formats::parquet {

namespace {

constexpr size_t kChunk = 512;

Status TooLarge(const ByteArrayOutput& out) {
  return ResourceExhausted(fmt::format("values of one batch pass the limit of {} bytes", out.byte_limit()));
}

class DeltaBinaryPackedDecoder final : public ValueDecoder {
 public:
  explicit DeltaBinaryPackedDecoder(size_t width) : width_(width) {}
  Status Init(const uint8_t* data, size_t size) { return reader_.Init(data, size); }

  Status DecodeFixed(size_t count, uint8_t* out) override {
    if (width_ == 8) return reader_.Next(reinterpret_cast<int64_t*>(out), count);
    int64_t values[kChunk];
    for (size_t done = 0; done < count;) {
      size_t n = std::min(kChunk, count - done);
      RETURN_IF_ERROR(reader_.Next(values, n));
      for (size_t k = 0; k < n; ++k) {
        auto v = static_cast<int32_t>(static_cast<uint32_t>(values[k]));
        std::memcpy(out + (done + k) * 4, &v, 4);
      }
      done += n;
    }
    return Status::Ok();
  }

 private:
  size_t width_;
  DeltaBinaryPackedReader reader_;
};

// Lengths (DELTA_BINARY_PACKED), then all the bytes back to back.
class LengthsAndBytes {
 public:
  Status Init(const uint8_t* data, size_t size) {
    RETURN_IF_ERROR(lengths_.Init(data, size));
    DeltaBinaryPackedReader skipper = lengths_;
    ASSIGN_OR_RETURN(size_t start, skipper.SkipToEnd());
    bytes_ = data + start;
    end_ = data + size;
    return Status::Ok();
  }
  // Where the bytes section ends, once every value has been read.
  const uint8_t* position() const { return bytes_; }
  uint64_t values_left() const { return lengths_.values_left(); }

  // Calls fn(pointer, length) for the next `count` values.
  template <typename Fn>
  Status ForEach(size_t count, Fn&& fn) {
    int64_t lengths[kChunk];
    for (size_t done = 0; done < count;) {
      size_t n = std::min(kChunk, count - done);
      RETURN_IF_ERROR(lengths_.Next(lengths, n));
      for (size_t k = 0; k < n; ++k) {
        int64_t length = lengths[k];
        if (length < 0 || length > end_ - bytes_) {
          return DataLoss(fmt::format("delta byte array length {} runs past the end of the page", length));
        }
        RETURN_IF_ERROR(fn(bytes_, static_cast<size_t>(length)));
        bytes_ += length;
      }
      done += n;
    }
    return Status::Ok();
  }

 private:
  DeltaBinaryPackedReader lengths_;
  const uint8_t* bytes_ = nullptr;
  const uint8_t* end_ = nullptr;
};

class DeltaLengthByteArrayDecoder final : public ValueDecoder {
 public:
  Status Init(const uint8_t* data, size_t size) {
    RETURN_IF_ERROR(values_.Init(data, size));
    size_ = size;
    return Status::Ok();
  }
  Status DecodeByteArrays(size_t count, ByteArrayOutput& out) override {
    out.ReserveValues(count);
    if (!out.ReserveBytes(size_)) return TooLarge(out);
    return values_.ForEach(count, [&](const uint8_t* p, size_t n) {
      out.UnsafeAppend(p, n);
      return Status::Ok();
    });
  }

 private:
  LengthsAndBytes values_;
  size_t size_ = 0;
};

// Prefix lengths (DELTA_BINARY_PACKED), then the suffixes as DELTA_LENGTH_BYTE_ARRAY; each
// value is that many bytes of the previous value followed by its suffix.
class DeltaByteArrayDecoder final : public ValueDecoder {
 public:
  explicit DeltaByteArrayDecoder(size_t width) : width_(width) {}
  Status Init(const uint8_t* data, size_t size) {
    RETURN_IF_ERROR(prefixes_.Init(data, size));
    DeltaBinaryPackedReader skipper = prefixes_;
    ASSIGN_OR_RETURN(size_t suffix_start, skipper.SkipToEnd());
    return suffixes_.Init(data + suffix_start, size - suffix_start);
  }

  Status DecodeByteArrays(size_t count, ByteArrayOutput& out) override {
    if (width_ != 0) return ValueDecoder::DecodeByteArrays(count, out);
    out.ReserveValues(count);
    return Decode(count, [&](const std::string& value) {
      if (!out.ReserveBytes(value.size())) return TooLarge(out);
      out.UnsafeAppend(value.data(), value.size());
      return Status::Ok();
    });
  }

  Status DecodeFixed(size_t count, uint8_t* out) override {
    if (width_ == 0) return ValueDecoder::DecodeFixed(count, out);
    size_t i = 0;
    return Decode(count, [&](const std::string& value) {
      if (value.size() != width_) {
        return DataLoss(fmt::format("DELTA_BYTE_ARRAY value of {} bytes in a {}-byte fixed column", value.size(), width_));
      }
      std::memcpy(out + (i++) * width_, value.data(), width_);
      return Status::Ok();
    });
  }

 private:
  template <typename Fn>
  Status Decode(size_t count, Fn&& emit) {
    int64_t prefixes[kChunk];
    for (size_t done = 0; done < count;) {
      size_t n = std::min(kChunk, count - done);
      RETURN_IF_ERROR(prefixes_.Next(prefixes, n));
      size_t k = 0;
      RETURN_IF_ERROR(suffixes_.ForEach(n, [&](const uint8_t* p, size_t length) {
        int64_t prefix = prefixes[k++];
        if (prefix < 0 || static_cast<uint64_t>(prefix) > last_.size()) {
          return DataLoss(fmt::format("DELTA_BYTE_ARRAY prefix of {} bytes is longer than the previous value ({})",
                                      prefix, last_.size()));
        }
        last_.resize(static_cast<size_t>(prefix));
        last_.append(reinterpret_cast<const char*>(p), length);
        return emit(last_);
      }));
      done += n;
    }
    return Status::Ok();
  }

  size_t width_;
  DeltaBinaryPackedReader prefixes_;
  LengthsAndBytes suffixes_;
  std::string last_;
};

}  // namespace

Result<std::unique_ptr<ValueDecoder>> MakeDeltaBinaryPackedDecoder(size_t width, const uint8_t* data, size_t size) {
  auto decoder = std::make_unique<DeltaBinaryPackedDecoder>(width);
  RETURN_IF_ERROR(decoder->Init(data, size));
  return std::unique_ptr<ValueDecoder>(std::move(decoder));
}

Result<std::unique_ptr<ValueDecoder>> MakeDeltaLengthByteArrayDecoder(const uint8_t* data, size_t size) {
  auto decoder = std::make_unique<DeltaLengthByteArrayDecoder>();
  RETURN_IF_ERROR(decoder->Init(data, size));
  return std::unique_ptr<ValueDecoder>(std::move(decoder));
}

Result<std::unique_ptr<ValueDecoder>> MakeDeltaByteArrayDecoder(size_t width, const uint8_t* data, size_t size) {
  auto decoder = std::make_unique<DeltaByteArrayDecoder>(width);
  RETURN_IF_ERROR(decoder->Init(data, size));
  return std::unique_ptr<ValueDecoder>(std::move(decoder));
}

}  // namespace sluice::formats::parquet
