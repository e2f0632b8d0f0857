// Plain and decompressing input streams: see input_stream.h.
#include "formats/compression/input_stream.h"

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

constexpr size_t kReadBlock = 256 << 10;

// Reads the file front to back, one block at a time.
class FileInputStream final : public InputStream {
 public:
  explicit FileInputStream(InputFilePtr file) : file_(std::move(file)) {}
  const std::string& name() const override { return file_->name(); }
  Result<size_t> Read(char* out, size_t length) override {
    ASSIGN_OR_RETURN(size_t n, file_->ReadAt(position_, length, out));
    file_->DoneWith(position_, n);
    position_ += n;
    return n;
  }
  uint64_t file_position() const override { return position_; }

 private:
  InputFilePtr file_;
  uint64_t position_ = 0;
};

// What the three decompressors share: a buffer of compressed input refilled from the file.
class DecompressingStream : public InputStream {
 public:
  explicit DecompressingStream(InputFilePtr file, std::string_view format)
      : file_(std::move(file)), format_(format), input_(kReadBlock) {}
  const std::string& name() const override { return file_->name(); }
  uint64_t file_position() const override { return file_offset_ - (input_end_ - input_begin_); }

  Result<size_t> Read(char* out, size_t length) override {
    if (finished_ || length == 0) return size_t{0};
    size_t produced = 0;
    while (produced == 0) {
      if (input_begin_ == input_end_ && !file_done_) RETURN_IF_ERROR(Refill());
      bool at_eof = file_done_ && input_begin_ == input_end_;
      if (at_eof && !InsideStream()) {
        finished_ = true;
        return size_t{0};
      }
      if (at_eof) return Corrupt("truncated: the file ends inside a compressed stream");
      size_t consumed = 0;
      ASSIGN_OR_RETURN(produced, Step(input_.data() + input_begin_, input_end_ - input_begin_, &consumed, out, length));
      input_begin_ += consumed;
      if (consumed == 0 && produced == 0 && !stream_ended_) return Corrupt("the decoder makes no progress");
      if (stream_ended_) {
        stream_ended_ = false;
        RETURN_IF_ERROR(AfterStreamEnd());
        if (finished_) return produced;
      }
    }
    return produced;
  }

 protected:
  // Decompresses from in[0, in_length) into out[0, out_length); sets *consumed; sets
  // stream_ended_ when a member/frame/stream ends. Returns the bytes produced.
  virtual Result<size_t> Step(const char* in, size_t in_length, size_t* consumed, char* out, size_t out_length) = 0;
  // Whether the decoder is inside a member (so that the end of the file would truncate it).
  virtual bool InsideStream() const = 0;
  // Prepares for another member after one ended.
  virtual Status Restart() = 0;

  Status Corrupt(std::string_view what) const {
    return DataLoss(fmt::format("{}: corrupt {} stream near byte {}: {}", file_->name(), format_, file_position(), what));
  }
  bool stream_ended_ = false;

 private:
  Status Refill() {
    ASSIGN_OR_RETURN(size_t n, file_->ReadAt(file_offset_, input_.size(), input_.data()));
    file_->DoneWith(file_offset_, n);
    file_offset_ += n;
    input_begin_ = 0;
    input_end_ = n;
    if (n == 0) file_done_ = true;
    return Status::Ok();
  }
  // After a member ends: zero padding (as tar leaves) up to the end of the file is skipped;
  // anything else must be another member, which the decoder checks.
  Status AfterStreamEnd() {
    while (true) {
      while (input_begin_ < input_end_ && input_[input_begin_] == '\0') ++input_begin_;
      if (input_begin_ < input_end_) return Restart();
      if (file_done_) {
        finished_ = true;
        return Status::Ok();
      }
      RETURN_IF_ERROR(Refill());
    }
  }

  InputFilePtr file_;
  std::string_view format_;
  std::vector<char> input_;
  size_t input_begin_ = 0;
  size_t input_end_ = 0;
  uint64_t file_offset_ = 0;
  bool file_done_ = false;
  bool finished_ = false;
};

class GzipInputStream final : public DecompressingStream {
 public:
  explicit GzipInputStream(InputFilePtr file) : DecompressingStream(std::move(file), "gzip") {
    std::memset(&stream_, 0, sizeof(stream_));
  }
  ~GzipInputStream() override {
    if (initialised_) inflateEnd(&stream_);
  }
  Status Init() {
    // 15 window bits + 32: accept gzip or zlib headers.
    if (inflateInit2(&stream_, 15 + 32) != Z_OK) return ResourceExhausted("cannot start a gzip decoder");
    initialised_ = true;
    return Status::Ok();
  }

 protected:
  Result<size_t> Step(const char* in, size_t in_length, size_t* consumed, char* out, size_t out_length) override {
    stream_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in));
    stream_.avail_in = static_cast<uInt>(std::min<size_t>(in_length, UINT_MAX));
    stream_.next_out = reinterpret_cast<Bytef*>(out);
    stream_.avail_out = static_cast<uInt>(std::min<size_t>(out_length, UINT_MAX));
    uInt in_before = stream_.avail_in, out_before = stream_.avail_out;
    int rc = inflate(&stream_, Z_NO_FLUSH);
    *consumed = in_before - stream_.avail_in;
    size_t produced = out_before - stream_.avail_out;
    in_member_ = true;
    if (rc == Z_STREAM_END) {
      in_member_ = false;
      stream_ended_ = true;
    } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
      return Corrupt(stream_.msg ? stream_.msg : "invalid deflate data");
    }
    return produced;
  }
  bool InsideStream() const override { return in_member_; }
  Status Restart() override {
    if (inflateReset(&stream_) != Z_OK) return Corrupt("cannot restart the decoder");
    return Status::Ok();
  }

 private:
  z_stream stream_;
  bool initialised_ = false;
  bool in_member_ = false;
};

class ZstdInputStream final : public DecompressingStream {
 public:
  explicit ZstdInputStream(InputFilePtr file) : DecompressingStream(std::move(file), "zstd"), context_(ZSTD_createDStream()) {}
  ~ZstdInputStream() override { ZSTD_freeDStream(context_); }
  Status Init() {
    if (!context_) return ResourceExhausted("cannot start a zstd decoder");
    // Refuse windows over 128 MiB (zstd's default limit) so a hostile frame cannot make us
    // allocate more.
    ZSTD_DCtx_setParameter(context_, ZSTD_d_windowLogMax, 27);
    return Status::Ok();
  }

 protected:
  Result<size_t> Step(const char* in, size_t in_length, size_t* consumed, char* out, size_t out_length) override {
    ZSTD_inBuffer input{in, in_length, 0};
    ZSTD_outBuffer output{out, out_length, 0};
    size_t rc = ZSTD_decompressStream(context_, &output, &input);
    if (ZSTD_isError(rc)) return Corrupt(ZSTD_getErrorName(rc));
    *consumed = input.pos;
    in_frame_ = rc != 0;
    if (rc == 0) stream_ended_ = true;
    return output.pos;
  }
  bool InsideStream() const override { return in_frame_; }
  Status Restart() override { return Status::Ok(); }  // the next call starts a new frame

 private:
  ZSTD_DStream* context_;
  bool in_frame_ = false;
};

class Bzip2InputStream final : public DecompressingStream {
 public:
  explicit Bzip2InputStream(InputFilePtr file) : DecompressingStream(std::move(file), "bzip2") {
    std::memset(&stream_, 0, sizeof(stream_));
  }
  ~Bzip2InputStream() override {
    if (initialised_) BZ2_bzDecompressEnd(&stream_);
  }
  Status Init() {
    if (BZ2_bzDecompressInit(&stream_, 0, 0) != BZ_OK) return ResourceExhausted("cannot start a bzip2 decoder");
    initialised_ = true;
    return Status::Ok();
  }

 protected:
  Result<size_t> Step(const char* in, size_t in_length, size_t* consumed, char* out, size_t out_length) override {
    stream_.next_in = const_cast<char*>(in);
    stream_.avail_in = static_cast<unsigned>(std::min<size_t>(in_length, UINT_MAX));
    stream_.next_out = out;
    stream_.avail_out = static_cast<unsigned>(std::min<size_t>(out_length, UINT_MAX));
    unsigned in_before = stream_.avail_in, out_before = stream_.avail_out;
    int rc = BZ2_bzDecompress(&stream_);
    *consumed = in_before - stream_.avail_in;
    size_t produced = out_before - stream_.avail_out;
    in_stream_ = true;
    if (rc == BZ_STREAM_END) {
      in_stream_ = false;
      stream_ended_ = true;
    } else if (rc != BZ_OK) {
      return Corrupt(rc == BZ_DATA_ERROR_MAGIC ? "not a bzip2 stream" : "invalid data");
    }
    return produced;
  }
  bool InsideStream() const override { return in_stream_; }
  Status Restart() override {
    BZ2_bzDecompressEnd(&stream_);
    std::memset(&stream_, 0, sizeof(stream_));
    if (BZ2_bzDecompressInit(&stream_, 0, 0) != BZ_OK) {
      initialised_ = false;
      return ResourceExhausted("cannot restart the bzip2 decoder");
    }
    return Status::Ok();
  }

 private:
  bz_stream stream_;
  bool initialised_ = false;
  bool in_stream_ = false;
};

}  // namespace

Result<std::unique_ptr<InputStream>> OpenInputStream(InputFilePtr file, StreamCompression compression) {
  switch (compression) {
    case StreamCompression::kNone: return std::unique_ptr<InputStream>(std::make_unique<FileInputStream>(std::move(file)));
    case StreamCompression::kGzip: {
      auto stream = std::make_unique<GzipInputStream>(std::move(file));
      RETURN_IF_ERROR(stream->Init());
      return std::unique_ptr<InputStream>(std::move(stream));
    }
    case StreamCompression::kZstd: {
      auto stream = std::make_unique<ZstdInputStream>(std::move(file));
      RETURN_IF_ERROR(stream->Init());
      return std::unique_ptr<InputStream>(std::move(stream));
    }
    case StreamCompression::kBzip2: {
      auto stream = std::make_unique<Bzip2InputStream>(std::move(file));
      RETURN_IF_ERROR(stream->Init());
      return std::unique_ptr<InputStream>(std::move(stream));
    }
  }
  return InvalidArgument("unknown compression");
}

Result<StreamCompression> DetectStreamCompression(const InputFile& file) {
  StreamCompression compression = StreamCompressionFromPath(file.name());
  if (compression != StreamCompression::kNone) return compression;
  char head[4] = {0, 0, 0, 0};
  ASSIGN_OR_RETURN(size_t n, file.ReadAt(0, sizeof(head), head));
  return StreamCompressionFromMagic(std::string_view(head, n));
}

Result<FileSample> ReadFileSample(const InputFilePtr& file, StreamCompression compression, size_t max_bytes) {
  FileSample sample;
  std::optional<std::string_view> view = file->View();
  if (compression == StreamCompression::kNone && view) {
    sample.bytes = view->substr(0, max_bytes);
    sample.whole_file = sample.bytes.size() == view->size();
    return sample;
  }
  ASSIGN_OR_RETURN(auto stream, OpenInputStream(file, compression));
  sample.owned.resize(max_bytes);
  size_t filled = 0;
  while (filled < sample.owned.size()) {
    ASSIGN_OR_RETURN(size_t n, stream->Read(sample.owned.data() + filled, sample.owned.size() - filled));
    if (n == 0) {
      sample.whole_file = true;
      break;
    }
    filled += n;
  }
  sample.owned.resize(filled);
  if (!sample.whole_file) {
    char probe;
    ASSIGN_OR_RETURN(size_t n, stream->Read(&probe, 1));
    sample.whole_file = n == 0;
  }
  sample.bytes = sample.owned;
  return sample;
}

Result<std::string> ReadStreamToString(InputStream& stream, size_t max_bytes) {
  std::string out;
  while (true) {
    size_t old_size = out.size();
    size_t chunk = std::min<size_t>(kReadBlock, max_bytes + 1 - old_size);
    out.resize(old_size + chunk);
    ASSIGN_OR_RETURN(size_t n, stream.Read(out.data() + old_size, chunk));
    out.resize(old_size + n);
    if (n == 0) return out;
    if (out.size() > max_bytes) {
      return ResourceExhausted(fmt::format("{}: larger than the {} byte limit", stream.name(), max_bytes));
    }
  }
}

}  // namespace sluice::formats
