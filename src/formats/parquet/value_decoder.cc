// Value decoders for PLAIN, RLE booleans, dictionary indices and BYTE_STREAM_SPLIT, and the
// factory over all encodings: see value_decoder.h. The DELTA encodings are in delta_decoders.cc.
#include "formats/parquet/value_decoder.h"

#include <cstring>

#include <fmt/format.h>

#include "formats/parquet/bit_unpack.h"
#include "formats/parquet/delta_decoders.h"
#include "formats/parquet/rle_decoder.h"

namespace sluice::formats::parquet {

Status ValueDecoder::DecodeFixed(size_t, uint8_t*) { return DataLoss("encoding does not hold fixed-width values"); }
Status ValueDecoder::DecodeByteArrays(size_t, ByteArrayOutput&) {
  return DataLoss("encoding does not hold byte arrays");
}
Status ValueDecoder::DecodeBooleans(size_t, uint8_t*) { return DataLoss("encoding does not hold booleans"); }
Status ValueDecoder::DecodeIndices(size_t, uint32_t*) { return DataLoss("encoding does not hold dictionary indices"); }

size_t PhysicalWidth(PhysicalType type, int32_t type_length) {
  switch (type) {
    case PhysicalType::kInt32:
    case PhysicalType::kFloat: return 4;
    case PhysicalType::kInt64:
    case PhysicalType::kDouble: return 8;
    case PhysicalType::kInt96: return 12;
    case PhysicalType::kFixedLenByteArray: return type_length > 0 ? static_cast<size_t>(type_length) : 0;
    default: return 0;
  }
}

namespace {

Status TooLarge(const ByteArrayOutput& out) {
  return ResourceExhausted(fmt::format("values of one batch pass the limit of {} bytes", out.byte_limit()));
}

Status RanOut(std::string_view encoding, size_t wanted) {
  return DataLoss(fmt::format("{} values end before the {} values the page announces", encoding, wanted));
}

class PlainDecoder final : public ValueDecoder {
 public:
  PlainDecoder(const uint8_t* data, size_t size, size_t width) : data_(data), size_(size), width_(width) {}

  Status DecodeFixed(size_t count, uint8_t* out) override {
    if (width_ == 0) return ValueDecoder::DecodeFixed(count, out);
    size_t bytes = count * width_;
    if (count > (size_ - pos_) / width_) return RanOut("PLAIN", count);
    std::memcpy(out, data_ + pos_, bytes);
    pos_ += bytes;
    return Status::Ok();
  }

  Status DecodeByteArrays(size_t count, ByteArrayOutput& out) override {
    out.ReserveValues(count);
    // The bytes of `count` values cannot exceed what is left of the page.
    if (!out.ReserveBytes(size_ - pos_ + ByteArrayOutput::kSmallValue)) return TooLarge(out);
    const uint8_t* p = data_ + pos_;
    const uint8_t* end = data_ + size_;
    for (size_t i = 0; i < count; ++i) {
      if (end - p < 4) return RanOut("PLAIN", count);
      uint32_t length;
      std::memcpy(&length, p, 4);
      p += 4;
      if (length > static_cast<size_t>(end - p)) {
        return DataLoss(fmt::format("PLAIN byte array of {} bytes runs past the end of the page", length));
      }
      if (length <= ByteArrayOutput::kSmallValue && end - p >= static_cast<ptrdiff_t>(ByteArrayOutput::kSmallValue)) {
        out.UnsafeAppendSmall(p, length);
      } else {
        out.UnsafeAppend(p, length);
      }
      p += length;
    }
    pos_ = static_cast<size_t>(p - data_);
    return Status::Ok();
  }

  Status DecodeBooleans(size_t count, uint8_t* out) override {
    // One bit per value, least significant first; pos_ counts bits here.
    if (count > size_ * 8 - pos_) return RanOut("PLAIN", count);
    UnpackBits<uint8_t>(data_, size_, 1, pos_, count, out);
    pos_ += count;
    return Status::Ok();
  }

 private:
  const uint8_t* data_;
  size_t size_;
  size_t width_;
  size_t pos_ = 0;
};

// Booleans in RLE (data page v2): a 4-byte length, then the hybrid encoding at width 1.
class RleBooleanDecoder final : public ValueDecoder {
 public:
  Status Init(const uint8_t* data, size_t size) {
    if (size < 4) return DataLoss("RLE boolean values lack their length");
    uint32_t length;
    std::memcpy(&length, data, 4);
    if (length > size - 4) return DataLoss(fmt::format("RLE boolean length {} runs past the end of the page", length));
    decoder_.Reset(data + 4, length, 1);
    return Status::Ok();
  }
  Status DecodeBooleans(size_t count, uint8_t* out) override {
    if (decoder_.GetBatch(out, count) != count) return RanOut("RLE", count);
    for (size_t i = 0; i < count; ++i) out[i] &= 1;
    return Status::Ok();
  }

 private:
  RleDecoder decoder_;
};

// Dictionary indices: a bit-width byte, then the hybrid encoding.
class IndexDecoder final : public ValueDecoder {
 public:
  Status Init(const uint8_t* data, size_t size) {
    if (size == 0) {
      decoder_.Reset(data, 0, 0);  // a page of nulls only
      return Status::Ok();
    }
    int width = data[0];
    if (width > 32) return DataLoss(fmt::format("dictionary index bit width {} is wider than 32", width));
    decoder_.Reset(data + 1, size - 1, width);
    return Status::Ok();
  }
  Status DecodeIndices(size_t count, uint32_t* out) override {
    if (decoder_.GetBatch(out, count) != count) return RanOut("dictionary index", count);
    return Status::Ok();
  }

 private:
  RleDecoder decoder_;
};

// K byte streams of N bytes each: byte k of value i is at k * N + i.
class ByteStreamSplitDecoder final : public ValueDecoder {
 public:
  ByteStreamSplitDecoder(const uint8_t* data, size_t size, size_t width)
      : data_(data), width_(width), values_(size / width) {}
  Status DecodeFixed(size_t count, uint8_t* out) override {
    if (count > values_ - pos_) return RanOut("BYTE_STREAM_SPLIT", count);
    for (size_t k = 0; k < width_; ++k) {
      const uint8_t* stream = data_ + k * values_ + pos_;
      for (size_t i = 0; i < count; ++i) out[i * width_ + k] = stream[i];
    }
    pos_ += count;
    return Status::Ok();
  }

 private:
  const uint8_t* data_;
  size_t width_;
  size_t values_;
  size_t pos_ = 0;
};

Status WrongType(Encoding encoding, PhysicalType type) {
  return DataLoss(fmt::format("{} encoding cannot hold {} values", EncodingName(encoding), PhysicalTypeName(type)));
}

}  // namespace

Result<std::unique_ptr<ValueDecoder>> MakeValueDecoder(Encoding encoding, PhysicalType type, int32_t type_length,
                                                       const uint8_t* data, size_t size) {
  size_t width = PhysicalWidth(type, type_length);
  switch (encoding) {
    case Encoding::kPlain:
      return std::unique_ptr<ValueDecoder>(std::make_unique<PlainDecoder>(data, size, width));
    case Encoding::kRle: {
      if (type != PhysicalType::kBoolean) return WrongType(encoding, type);
      auto decoder = std::make_unique<RleBooleanDecoder>();
      RETURN_IF_ERROR(decoder->Init(data, size));
      return std::unique_ptr<ValueDecoder>(std::move(decoder));
    }
    case Encoding::kPlainDictionary:
    case Encoding::kRleDictionary: {
      if (type == PhysicalType::kBoolean) return WrongType(encoding, type);
      auto decoder = std::make_unique<IndexDecoder>();
      RETURN_IF_ERROR(decoder->Init(data, size));
      return std::unique_ptr<ValueDecoder>(std::move(decoder));
    }
    case Encoding::kByteStreamSplit:
      if (width == 0) return WrongType(encoding, type);
      if (size % width != 0) {
        return DataLoss(fmt::format("BYTE_STREAM_SPLIT data of {} bytes is not a multiple of the {}-byte width", size,
                                    width));
      }
      return std::unique_ptr<ValueDecoder>(std::make_unique<ByteStreamSplitDecoder>(data, size, width));
    case Encoding::kDeltaBinaryPacked:
      if (type != PhysicalType::kInt32 && type != PhysicalType::kInt64) return WrongType(encoding, type);
      return MakeDeltaBinaryPackedDecoder(width, data, size);
    case Encoding::kDeltaLengthByteArray:
      if (type != PhysicalType::kByteArray) return WrongType(encoding, type);
      return MakeDeltaLengthByteArrayDecoder(data, size);
    case Encoding::kDeltaByteArray:
      if (type != PhysicalType::kByteArray && type != PhysicalType::kFixedLenByteArray) return WrongType(encoding, type);
      return MakeDeltaByteArrayDecoder(width, data, size);
    case Encoding::kBitPacked: break;
  }
  return Unimplemented(fmt::format("values in {} encoding", EncodingName(encoding)));
}

}  // namespace sluice::formats::parquet
