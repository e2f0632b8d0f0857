// Blob writing: see blob_writer.h.
#include "storage/local/blob_writer.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>

#include <fmt/format.h>

#include "storage/errors.h"

namespace sluice::storage {

namespace {
constexpr size_t kMaxBuffer = 1 << 20;
constexpr size_t kMinBuffer = 16 << 10;
constexpr uint64_t kWritebackStep = 8 << 20;  // start write-back every 8 MiB
}  // namespace

Result<std::unique_ptr<BlobWriter>> BlobWriter::Create(const BlobDirectory* blobs, ChecksumAlgorithm stored,
                                                       ChecksumAlgorithm verify, uint64_t max_size,
                                                       uint64_t size_hint) {
  uint64_t id = blobs->NewId();
  ASSIGN_OR_RETURN(File file, blobs->Create(id));
  size_t buffer_size = size_hint == 0 ? kMaxBuffer : static_cast<size_t>(std::clamp<uint64_t>(size_hint, kMinBuffer, kMaxBuffer));
  return std::unique_ptr<BlobWriter>(
      new BlobWriter(blobs, id, std::move(file), stored, verify, max_size, buffer_size));
}

BlobWriter::BlobWriter(const BlobDirectory* blobs, uint64_t id, File file, ChecksumAlgorithm stored,
                       ChecksumAlgorithm verify, uint64_t max_size, size_t buffer_size)
    : blobs_(blobs),
      id_(id),
      file_(std::move(file)),
      digester_(stored, verify),
      max_size_(max_size),
      buffer_(new char[buffer_size]),
      buffer_size_(buffer_size) {}

BlobWriter::~BlobWriter() {
  if (!kept_) {
    file_.Close().IgnoreError();
    blobs_->Remove(id_);
  }
}

Status BlobWriter::CheckLimit(uint64_t more) const {
  if (size_ + more > max_size_) return EntityTooLarge(size_ + more, max_size_);
  return Status::Ok();
}

Status BlobWriter::Flush() {
  if (buffered_ == 0) return Status::Ok();
  RETURN_IF_ERROR(file_.Write(std::string_view(buffer_.get(), buffered_)));
  flushed_ += buffered_;
  buffered_ = 0;
  if (flushed_ - writeback_started_ >= kWritebackStep) {
    // Start writing dirty pages now; the fsync at the end then has little left to do.
    ::sync_file_range(file_.fd(), static_cast<off_t>(writeback_started_),
                      static_cast<off_t>(flushed_ - writeback_started_), SYNC_FILE_RANGE_WRITE);
    writeback_started_ = flushed_;
  }
  return Status::Ok();
}

Status BlobWriter::Append(std::string_view bytes) {
  RETURN_IF_ERROR(CheckLimit(bytes.size()));
  digester_.Update(bytes.data(), bytes.size());
  size_ += bytes.size();
  while (!bytes.empty()) {
    if (buffered_ == 0 && bytes.size() >= buffer_size_) {
      // Large appends go straight to the file.
      size_t direct = bytes.size() - bytes.size() % buffer_size_;
      RETURN_IF_ERROR(file_.Write(bytes.substr(0, direct)));
      flushed_ += direct;
      bytes.remove_prefix(direct);
      continue;
    }
    size_t n = std::min(bytes.size(), buffer_size_ - buffered_);
    std::memcpy(buffer_.get() + buffered_, bytes.data(), n);
    buffered_ += n;
    bytes.remove_prefix(n);
    if (buffered_ == buffer_size_) RETURN_IF_ERROR(Flush());
  }
  return Status::Ok();
}

Status BlobWriter::AppendFrom(ByteSource& source) {
  for (;;) {
    if (buffered_ == buffer_size_) RETURN_IF_ERROR(Flush());
    ASSIGN_OR_RETURN(size_t n, source.Read(buffer_.get() + buffered_, buffer_size_ - buffered_));
    if (n == 0) return Status::Ok();
    RETURN_IF_ERROR(CheckLimit(n));
    digester_.Update(buffer_.get() + buffered_, n);
    buffered_ += n;
    size_ += n;
  }
}

Status BlobWriter::AppendFileRange(const File& source, uint64_t offset, uint64_t length) {
  RETURN_IF_ERROR(CheckLimit(length));
  while (length > 0) {
    if (buffered_ == buffer_size_) RETURN_IF_ERROR(Flush());
    size_t want = static_cast<size_t>(std::min<uint64_t>(length, buffer_size_ - buffered_));
    RETURN_IF_ERROR(source.PReadExact(offset, buffer_.get() + buffered_, want));
    digester_.Update(buffer_.get() + buffered_, want);
    buffered_ += want;
    size_ += want;
    offset += want;
    length -= want;
  }
  return Status::Ok();
}

Result<WrittenBytes> BlobWriter::Finish() {
  RETURN_IF_ERROR(Flush());
  RETURN_IF_ERROR(file_.Sync());
  RETURN_IF_ERROR(file_.Close());
  WrittenBytes written;
  written.size = size_;
  written.digests = digester_.Finish();
  return written;
}

}  // namespace sluice::storage
