// Source-order reassembly: see sequence_order.h.
#include "engine/pipeline/sequence_order.h"

namespace sluice::engine {

SequenceOrder::SequenceOrder(int64_t window, Deliver deliver) : window_(window < 1 ? 1 : window), deliver_(std::move(deliver)) {}

void SequenceOrder::Reset() {
  std::lock_guard<std::mutex> lock(mutex_);
  next_ = 0;
  pending_.clear();
  buffered_ = 0;
}

Status SequenceOrder::Add(uint64_t sequence, columnar::BatchPtr batch) {
  std::unique_lock<std::mutex> lock(mutex_);
  progress_.wait(lock, [&] { return aborted_ || sequence == next_ || buffered_ < window_; });
  if (aborted_) return failed_.ok() ? Cancelled("query stopped") : failed_;
  if (sequence == next_) {
    Status status = deliver_(batch);
    if (!status.ok()) failed_ = status;
    return status;
  }
  pending_[sequence].batches.push_back(std::move(batch));
  ++buffered_;
  return Status::Ok();
}

Status SequenceOrder::Done(uint64_t sequence) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (aborted_) return failed_.ok() ? Cancelled("query stopped") : failed_;
  pending_[sequence].done = true;
  if (sequence != next_) return Status::Ok();
  Status status = AdvanceLocked();
  progress_.notify_all();
  return status;
}

Status SequenceOrder::AdvanceLocked() {
  // next_ is done: move past it and deliver what waits for the following sequences.
  while (true) {
    auto it = pending_.find(next_);
    if (it == pending_.end() || !it->second.done) return Status::Ok();
    pending_.erase(it);
    ++next_;
    auto following = pending_.find(next_);
    if (following == pending_.end()) return Status::Ok();
    for (auto& batch : following->second.batches) {
      --buffered_;
      RETURN_IF_ERROR(deliver_(batch));
    }
    following->second.batches.clear();
  }
}

void SequenceOrder::Abort() {
  std::lock_guard<std::mutex> lock(mutex_);
  aborted_ = true;
  progress_.notify_all();
}

int64_t SequenceOrder::pending() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return buffered_;
}

}  // namespace sluice::engine
