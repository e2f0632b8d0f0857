// Shared by the text-format readers (CSV, JSON lines): what to do with malformed rows, how
// they are reported with file and line, and OrderedBlockPipeline, which parses blocks of a text file (CSV, JSON lines) on a pool of threads
// and hands the results back in file order, with a bounded number of blocks in flight, so
// that a reader uses every core yet holds only a few blocks at once. With parallelism 1 the
// work runs inline on the caller's thread.
//
// Thread safety: one consumer thread calls every method; the work functions run on pool
// threads and touch only their own Result (and immutable shared state they capture).
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>

#include "common/status.h"
#include "common/thread_pool.h"

namespace sluice::formats {

// What to do with a malformed row or record (wrong number of fields, broken quoting or JSON,
// invalid UTF-8, a value that does not convert to its column's type).
enum class ErrorPolicy : uint8_t {
  kFail,  // stop with InvalidArgument naming the file and line
  kSkip,  // leave it out, count it, keep the first messages
};

// A malformed row: where it starts in its block and what is wrong.
struct RowError {
  uint32_t offset;
  std::string message;
};

// Turns the row errors of consecutive blocks into "file:line: message" under a policy.
class RowErrorLog {
 public:
  RowErrorLog() = default;
  // `first_line` is the line number of the first block's first byte.
  RowErrorLog(std::string file_name, ErrorPolicy policy, int64_t first_line)
      : file_name_(std::move(file_name)), policy_(policy), line_base_(first_line - 1) {}

  // Reports the errors (ascending offsets) of the next block, which holds `newlines` '\n'.
  // Returns the first error under kFail; OK under kSkip.
  Status Report(std::string_view block, const std::vector<RowError>& errors, int64_t newlines);

  int64_t skipped() const { return skipped_; }
  // The first 100 messages.
  const std::vector<std::string>& messages() const { return messages_; }

 private:
  std::string file_name_;
  ErrorPolicy policy_ = ErrorPolicy::kFail;
  int64_t line_base_ = 0;  // lines before the next block
  int64_t skipped_ = 0;
  std::vector<std::string> messages_;
};

template <typename Result>
class OrderedBlockPipeline {
 public:
  explicit OrderedBlockPipeline(size_t parallelism)
      : max_in_flight_(parallelism > 1 ? parallelism + 1 : 1),
        cancelled_(std::make_shared<std::atomic<bool>>(false)) {
    if (parallelism > 1) pool_ = std::make_unique<ThreadPool>(parallelism, "block-parse");
  }
  ~OrderedBlockPipeline() {
    *cancelled_ = true;  // queued work is skipped; running work finishes
    pool_.reset();
  }
  OrderedBlockPipeline(const OrderedBlockPipeline&) = delete;
  OrderedBlockPipeline& operator=(const OrderedBlockPipeline&) = delete;

  bool full() const { return in_flight_.size() >= max_in_flight_; }
  bool empty() const { return in_flight_.empty(); }

  // Queues `work` to fill in `result`. REQUIRES: !full().
  void Submit(std::unique_ptr<Result> result, std::function<void(Result&)> work) {
    auto slot = std::make_shared<Slot>();
    slot->result = std::move(result);
    in_flight_.push_back(slot);
    if (!pool_) {
      work(*slot->result);
      slot->done = true;
      return;
    }
    pool_->Submit([slot, work = std::move(work), cancelled = cancelled_] {
      if (!*cancelled) work(*slot->result);
      std::lock_guard<std::mutex> lock(slot->mutex);
      slot->done = true;
      slot->finished.notify_all();
    });
  }

  // Waits for the oldest queued result and removes it. REQUIRES: !empty().
  std::unique_ptr<Result> PopOldest() {
    std::shared_ptr<Slot> slot = std::move(in_flight_.front());
    in_flight_.pop_front();
    std::unique_lock<std::mutex> lock(slot->mutex);
    slot->finished.wait(lock, [&] { return slot->done; });
    return std::move(slot->result);
  }

  // Drops everything queued (after an error); running work finishes in the background.
  void Clear() { in_flight_.clear(); }

 private:
  struct Slot {
    std::unique_ptr<Result> result;
    std::mutex mutex;
    std::condition_variable finished;
    bool done = false;  // guarded by mutex
  };
  size_t max_in_flight_;
  std::shared_ptr<std::atomic<bool>> cancelled_;
  std::deque<std::shared_ptr<Slot>> in_flight_;
  std::unique_ptr<ThreadPool> pool_;  // last: joined first
};

}  // namespace sluice::formats
