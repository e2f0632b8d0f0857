// CSV block sources: see block_source.h.
#include "formats/csv/block_source.h"

#include <algorithm>
#include <string>

#include <fmt/format.h>


namespace sluice::formats {

namespace {

Status RowTooLong(const std::string& name, uint64_t offset, size_t limit) {
  return InvalidArgument(fmt::format(
      "{}: the row starting at byte {} is longer than {} bytes (an unterminated quote?)", name, offset, limit));
}

class MappedBlockSource final : public BlockSource {
 public:
  MappedBlockSource(InputFilePtr file, std::string_view view, uint64_t start, BlockSourceOptions options)
      : file_(std::move(file)), view_(view), position_(std::min<uint64_t>(start, view.size())),
        options_(std::move(options)) {}

  Result<TextBlock> Next() override {
    size_t remaining = view_.size() - position_;
    if (remaining == 0) return TextBlock{};
    size_t window = std::min(options_.block_bytes, remaining);
    size_t length = window;
    while (window < remaining) {
      size_t end = options_.last_row_end(view_.substr(position_, window));
      if (end > 0) {
        length = end;
        break;
      }
      if (window > options_.max_row_bytes) return RowTooLong(file_->name(), position_, options_.max_row_bytes);
      window = std::min(window * 2, remaining);
      length = window;
    }
    if (length > options_.max_row_bytes && length == remaining && remaining > options_.block_bytes &&
        options_.last_row_end(view_.substr(position_, length)) == 0) {
      return RowTooLong(file_->name(), position_, options_.max_row_bytes);
    }
    TextBlock block{view_.substr(position_, length), file_, position_};
    // The mapping ends with the file: the last block gets a padded copy when it needs one.
    if (options_.padding > 0 && position_ + length + options_.padding > view_.size()) {
      auto copy = std::make_shared<std::string>(block.data);
      copy->append(options_.padding, ' ');
      block.data = std::string_view(copy->data(), length);
      block.owner = copy;
    }
    position_ += length;
    return block;
  }

 private:
  InputFilePtr file_;
  std::string_view view_;
  size_t position_;
  BlockSourceOptions options_;
};

class StreamBlockSource final : public BlockSource {
 public:
  StreamBlockSource(std::unique_ptr<InputStream> stream, uint64_t start, BlockSourceOptions options)
      : stream_(std::move(stream)), skip_(start), options_(std::move(options)) {}

  Result<TextBlock> Next() override {
    RETURN_IF_ERROR(Skip());
    auto buffer = std::make_shared<std::string>(std::move(carry_));
    carry_.clear();
    size_t target = options_.block_bytes;
    while (true) {
      while (buffer->size() < target && !done_) {
        size_t old_size = buffer->size();
        buffer->resize(std::max(target, old_size + 4096));
        ASSIGN_OR_RETURN(size_t n, stream_->Read(buffer->data() + old_size, buffer->size() - old_size));
        buffer->resize(old_size + n);
        if (n == 0) done_ = true;
      }
      if (done_) break;
      size_t end = options_.last_row_end(*buffer);
      if (end > 0) {
        carry_.assign(*buffer, end, std::string::npos);
        buffer->resize(end);
        break;
      }
      if (buffer->size() > options_.max_row_bytes) {
        return RowTooLong(stream_->name(), offset_, options_.max_row_bytes);
      }
      target = buffer->size() * 2;
    }
    if (buffer->empty()) return TextBlock{};
    size_t length = buffer->size();
    buffer->append(options_.padding, ' ');
    TextBlock block{std::string_view(buffer->data(), length), buffer, offset_};
    offset_ += length;
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
  BlockSourceOptions options_;
  std::string carry_;
  uint64_t offset_ = 0;
  bool done_ = false;
};

}  // namespace

std::unique_ptr<BlockSource> MakeMappedBlockSource(InputFilePtr file, std::string_view view, uint64_t start,
                                                   BlockSourceOptions options) {
  return std::make_unique<MappedBlockSource>(std::move(file), view, start, std::move(options));
}

std::unique_ptr<BlockSource> MakeStreamBlockSource(std::unique_ptr<InputStream> stream, uint64_t start,
                                                   BlockSourceOptions options) {
  return std::make_unique<StreamBlockSource>(std::move(stream), start, std::move(options));
}

}  // namespace sluice::formats
