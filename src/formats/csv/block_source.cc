// CSV block sources: see block_source.h.
#include "formats/csv/block_source.h"

#include <algorithm>
#include <string>

#include <fmt/format.h>

#include "formats/csv/chunker.h"

namespace sluice::formats::csv {

namespace {

Status RowTooLong(const std::string& name, uint64_t offset, size_t limit) {
  return InvalidArgument(fmt::format(
      "{}: the row starting at byte {} is longer than {} bytes (an unterminated quote?)", name, offset, limit));
}

class MappedBlockSource final : public BlockSource {
 public:
  MappedBlockSource(InputFilePtr file, std::string_view view, uint64_t start, const CsvDialect& dialect,
                    size_t block_bytes, size_t max_row_bytes)
      : file_(std::move(file)), view_(view), position_(std::min<uint64_t>(start, view.size())), dialect_(dialect),
        block_bytes_(block_bytes), max_row_bytes_(max_row_bytes) {}

  Result<CsvBlock> Next() override {
    size_t remaining = view_.size() - position_;
    if (remaining == 0) return CsvBlock{};
    size_t window = std::min(block_bytes_, remaining);
    size_t length = window;
    while (window < remaining) {
      size_t end = FindLastRowEnd(view_.substr(position_, window), dialect_);
      if (end > 0) {
        length = end;
        break;
      }
      if (window > max_row_bytes_) return RowTooLong(file_->name(), position_, max_row_bytes_);
      window = std::min(window * 2, remaining);
      length = window;
    }
    if (length > max_row_bytes_ && length == remaining && remaining > block_bytes_ &&
        FindLastRowEnd(view_.substr(position_, length), dialect_) == 0) {
      return RowTooLong(file_->name(), position_, max_row_bytes_);
    }
    CsvBlock block{view_.substr(position_, length), file_, position_};
    position_ += length;
    return block;
  }

 private:
  InputFilePtr file_;
  std::string_view view_;
  size_t position_;
  CsvDialect dialect_;
  size_t block_bytes_;
  size_t max_row_bytes_;
};

class StreamBlockSource final : public BlockSource {
 public:
  StreamBlockSource(std::unique_ptr<InputStream> stream, uint64_t start, const CsvDialect& dialect,
                    size_t block_bytes, size_t max_row_bytes)
      : stream_(std::move(stream)), skip_(start), dialect_(dialect), block_bytes_(block_bytes),
        max_row_bytes_(max_row_bytes) {}

  Result<CsvBlock> Next() override {
    RETURN_IF_ERROR(Skip());
    auto buffer = std::make_shared<std::string>(std::move(carry_));
    carry_.clear();
    size_t target = block_bytes_;
    while (true) {
      while (buffer->size() < target && !done_) {
        size_t old_size = buffer->size();
        buffer->resize(std::max(target, old_size + 4096));
        ASSIGN_OR_RETURN(size_t n, stream_->Read(buffer->data() + old_size, buffer->size() - old_size));
        buffer->resize(old_size + n);
        if (n == 0) done_ = true;
      }
      if (done_) break;
      size_t end = FindLastRowEnd(*buffer, dialect_);
      if (end > 0) {
        carry_.assign(*buffer, end, std::string::npos);
        buffer->resize(end);
        break;
      }
      if (buffer->size() > max_row_bytes_) return RowTooLong(stream_->name(), offset_, max_row_bytes_);
      target = buffer->size() * 2;
    }
    if (buffer->empty()) return CsvBlock{};
    CsvBlock block{std::string_view(*buffer), buffer, offset_};
    offset_ += buffer->size();
    return block;
  }

 private:
  Status Skip() {
    std::string scratch;
    while (skip_ > 0) {
      scratch.resize(std::min<uint64_t>(skip_, 1 << 16));
      ASSIGN_OR_RETURN(size_t n, stream_->Read(scratch.data(), scratch.size()));
      if (n == 0) break;
      skip_ -= n;
      offset_ += n;
    }
    skip_ = 0;
    return Status::Ok();
  }

  std::unique_ptr<InputStream> stream_;
  uint64_t skip_;
  CsvDialect dialect_;
  size_t block_bytes_;
  size_t max_row_bytes_;
  std::string carry_;
  uint64_t offset_ = 0;
  bool done_ = false;
};

}  // namespace

std::unique_ptr<BlockSource> MakeMappedBlockSource(InputFilePtr file, std::string_view view, uint64_t start,
                                                   const CsvDialect& dialect, size_t block_bytes, size_t max_row_bytes) {
  return std::make_unique<MappedBlockSource>(std::move(file), view, start, dialect, block_bytes, max_row_bytes);
}

std::unique_ptr<BlockSource> MakeStreamBlockSource(std::unique_ptr<InputStream> stream, uint64_t start,
                                                   const CsvDialect& dialect, size_t block_bytes, size_t max_row_bytes) {
  return std::make_unique<StreamBlockSource>(std::move(stream), start, dialect, block_bytes, max_row_bytes);
}

}  // namespace sluice::formats::csv
