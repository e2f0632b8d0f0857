// Compressing output streams: see compressing_output_stream.h.
#include "formats/compression/compressing_output_stream.h"

#include <bzlib.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <climits>
#include <cstring>
#include <vector>

#include <fmt/format.h>

namespace sluice::formats {

namespace {

constexpr size_t kOutputBlock = 256 << 10;

// What the encoders share: an output block handed to the inner stream whenever it fills.
class CompressingStream : public OutputStream {
 public:
  explicit CompressingStream(std::unique_ptr<OutputStream> inner) : inner_(std::move(inner)), out_(kOutputBlock) {}
  const std::string& name() const override { return inner_->name(); }
  uint64_t position() const override { return position_; }

  Status Write(std::string_view bytes) override {
    if (closed_) return FailedPrecondition(name() + ": write after close");
    position_ += bytes.size();
    while (!bytes.empty()) {
      size_t consumed = 0;
      RETURN_IF_ERROR(Encode(bytes, &consumed, /*finish=*/false, nullptr));
      bytes.remove_prefix(consumed);
      RETURN_IF_ERROR(FlushIfFull());
    }
    return Status::Ok();
  }

  Status Close() override {
    if (closed_) return Status::Ok();
    closed_ = true;
    bool done = false;
    while (!done) {
      size_t consumed = 0;
      RETURN_IF_ERROR(Encode({}, &consumed, /*finish=*/true, &done));
      RETURN_IF_ERROR(FlushIfFull());
    }
    RETURN_IF_ERROR(FlushOutput());
    return inner_->Close();
  }

 protected:
  // Compresses from `in` into out_[used_, end); sets *consumed. With `finish`, ends the stream
  // and sets *done once everything is out.
  virtual Status Encode(std::string_view in, size_t* consumed, bool finish, bool* done) = 0;

  char* out_free() { return out_.data() + used_; }
  size_t out_room() const { return out_.size() - used_; }
  void Produced(size_t n) { used_ += n; }
  Status Failed(std::string_view what) const {
    return Internal(fmt::format("{}: compression failed: {}", name(), what));
  }

 private:
  Status FlushIfFull() { return out_room() == 0 ? FlushOutput() : Status::Ok(); }
  Status FlushOutput() {
    if (used_ == 0) return Status::Ok();
    RETURN_IF_ERROR(inner_->Write(std::string_view(out_.data(), used_)));
    used_ = 0;
    return Status::Ok();
  }

  std::unique_ptr<OutputStream> inner_;
  std::vector<char> out_;
  size_t used_ = 0;
  uint64_t position_ = 0;
  bool closed_ = false;
};

class GzipOutputStream final : public CompressingStream {
 public:
  using CompressingStream::CompressingStream;
  ~GzipOutputStream() override {
    if (initialised_) deflateEnd(&stream_);
  }
  Status Init(int level) {
    std::memset(&stream_, 0, sizeof(stream_));
    // 15 window bits + 16: a gzip header and trailer.
    if (deflateInit2(&stream_, level == 0 ? 6 : std::clamp(level, 1, 9), Z_DEFLATED, 15 + 16, 8,
                     Z_DEFAULT_STRATEGY) != Z_OK) {
      return ResourceExhausted("cannot start a gzip encoder");
    }
    initialised_ = true;
    return Status::Ok();
  }

 protected:
  Status Encode(std::string_view in, size_t* consumed, bool finish, bool* done) override {
    stream_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    stream_.avail_in = static_cast<uInt>(std::min<size_t>(in.size(), UINT_MAX));
    stream_.next_out = reinterpret_cast<Bytef*>(out_free());
    stream_.avail_out = static_cast<uInt>(out_room());
    uInt in_before = stream_.avail_in, out_before = stream_.avail_out;
    int rc = deflate(&stream_, finish ? Z_FINISH : Z_NO_FLUSH);
    if (rc == Z_STREAM_ERROR) return Failed("deflate");
    *consumed = in_before - stream_.avail_in;
    Produced(out_before - stream_.avail_out);
    if (done) *done = rc == Z_STREAM_END;
    return Status::Ok();
  }

 private:
  z_stream stream_;
  bool initialised_ = false;
};

class ZstdOutputStream final : public CompressingStream {
 public:
  explicit ZstdOutputStream(std::unique_ptr<OutputStream> inner)
      : CompressingStream(std::move(inner)), context_(ZSTD_createCCtx()) {}
  ~ZstdOutputStream() override { ZSTD_freeCCtx(context_); }
  Status Init(int level) {
    if (!context_) return ResourceExhausted("cannot start a zstd encoder");
    ZSTD_CCtx_setParameter(context_, ZSTD_c_compressionLevel, level == 0 ? ZSTD_CLEVEL_DEFAULT : std::clamp(level, 1, 19));
    ZSTD_CCtx_setParameter(context_, ZSTD_c_checksumFlag, 1);
    return Status::Ok();
  }

 protected:
  Status Encode(std::string_view in, size_t* consumed, bool finish, bool* done) override {
    ZSTD_inBuffer input{in.data(), in.size(), 0};
    ZSTD_outBuffer output{out_free(), out_room(), 0};
    size_t rc = ZSTD_compressStream2(context_, &output, &input, finish ? ZSTD_e_end : ZSTD_e_continue);
    if (ZSTD_isError(rc)) return Failed(ZSTD_getErrorName(rc));
    *consumed = input.pos;
    Produced(output.pos);
    if (done) *done = rc == 0;
    return Status::Ok();
  }

 private:
  ZSTD_CCtx* context_;
};

class Bzip2OutputStream final : public CompressingStream {
 public:
  using CompressingStream::CompressingStream;
  ~Bzip2OutputStream() override {
    if (initialised_) BZ2_bzCompressEnd(&stream_);
  }
  Status Init(int level) {
    std::memset(&stream_, 0, sizeof(stream_));
    if (BZ2_bzCompressInit(&stream_, level == 0 ? 9 : std::clamp(level, 1, 9), 0, 0) != BZ_OK) {
      return ResourceExhausted("cannot start a bzip2 encoder");
    }
    initialised_ = true;
    return Status::Ok();
  }

 protected:
  Status Encode(std::string_view in, size_t* consumed, bool finish, bool* done) override {
    stream_.next_in = const_cast<char*>(in.data());
    stream_.avail_in = static_cast<unsigned>(std::min<size_t>(in.size(), UINT_MAX));
    stream_.next_out = out_free();
    stream_.avail_out = static_cast<unsigned>(out_room());
    unsigned in_before = stream_.avail_in, out_before = stream_.avail_out;
    int rc = BZ2_bzCompress(&stream_, finish ? BZ_FINISH : BZ_RUN);
    if (rc < 0) return Failed("bzip2");
    *consumed = in_before - stream_.avail_in;
    Produced(out_before - stream_.avail_out);
    if (done) *done = rc == BZ_STREAM_END;
    return Status::Ok();
  }

 private:
  bz_stream stream_;
  bool initialised_ = false;
};

template <typename Stream>
Result<std::unique_ptr<OutputStream>> Make(std::unique_ptr<OutputStream> inner, int level) {
  auto stream = std::make_unique<Stream>(std::move(inner));
  RETURN_IF_ERROR(stream->Init(level));
  return std::unique_ptr<OutputStream>(std::move(stream));
}

}  // namespace

Result<std::unique_ptr<OutputStream>> CompressOutputStream(std::unique_ptr<OutputStream> inner,
                                                           StreamCompression compression, int level) {
  switch (compression) {
    case StreamCompression::kNone: return inner;
    case StreamCompression::kGzip: return Make<GzipOutputStream>(std::move(inner), level);
    case StreamCompression::kZstd: return Make<ZstdOutputStream>(std::move(inner), level);
    case StreamCompression::kBzip2: return Make<Bzip2OutputStream>(std::move(inner), level);
  }
  return InvalidArgument("unknown compression");
}

}  // namespace sluice::formats
