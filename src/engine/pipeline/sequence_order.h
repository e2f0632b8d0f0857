// Puts batches produced by several worker threads back into source order, for sinks that must
// keep it (a file write, a query result, LIMIT). Batches of the next expected source batch go
// straight through; later ones wait in a small window. A worker that gets more than the window
// ahead blocks until the others catch up, so memory stays bounded whatever the input size. The
// worker holding the next expected batch never blocks, so this cannot deadlock.
//
// Thread safety: all methods may be called from any thread; `deliver` runs under the internal
// mutex, one batch at a time, in order.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <vector>

#include "columnar/record_batch.h"
#include "common/status.h"

namespace sluice::engine {

class SequenceOrder {
 public:
  using Deliver = std::function<Status(const columnar::BatchPtr&)>;
  // `window`: how many batches may wait out of order before workers block.
  SequenceOrder(int64_t window, Deliver deliver);

  // Starts a new input (the next pipeline of a UNION): sequences start again from 0.
  void Reset();
  // A batch derived from source batch `sequence`. Errors: what deliver returned, or Cancelled
  // after Abort().
  Status Add(uint64_t sequence, columnar::BatchPtr batch);
  // Source batch `sequence` has no more output.
  Status Done(uint64_t sequence);
  // Wakes and fails every waiting worker (another worker failed).
  void Abort();
  // Batches waiting; zero once every sequence is done.
  int64_t pending() const;

 private:
  struct Pending {
    std::vector<columnar::BatchPtr> batches;
    bool done = false;
  };
  Status AdvanceLocked();

  const int64_t window_;
  Deliver deliver_;
  mutable std::mutex mutex_;
  std::condition_variable progress_;
  uint64_t next_ = 0;                       // guarded by mutex_
  std::map<uint64_t, Pending> pending_;     // guarded by mutex_
  int64_t buffered_ = 0;                    // guarded by mutex_
  bool aborted_ = false;                    // guarded by mutex_
  Status failed_;                           // guarded by mutex_
};

}  // namespace sluice::engine
