// Row error reporting for the text readers: see block_pipeline.h.
#include "formats/csv/block_pipeline.h"

#include <algorithm>

#include <fmt/format.h>

namespace sluice::formats {

Status RowErrorLog::Report(std::string_view block, const std::vector<RowError>& errors, int64_t newlines) {
  size_t scanned = 0;
  int64_t lines = 0;
  for (const RowError& error : errors) {
    size_t upto = std::min<size_t>(error.offset, block.size());
    if (upto > scanned) {
      lines += std::count(block.begin() + static_cast<std::ptrdiff_t>(scanned),
                          block.begin() + static_cast<std::ptrdiff_t>(upto), '\n');
      scanned = upto;
    }
    std::string message = fmt::format("{}:{}: {}", file_name_, line_base_ + lines + 1, error.message);
    if (policy_ == ErrorPolicy::kFail) return InvalidArgument(std::move(message));
    ++skipped_;
    if (messages_.size() < 100) messages_.push_back(std::move(message));
  }
  line_base_ += newlines;
  return Status::Ok();
}

}  // namespace sluice::formats
