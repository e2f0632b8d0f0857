// Group commit: see commit_queue.h.
#include "storage/local/commit_queue.h"

#include <algorithm>
#include <vector>

#include "common/file.h"

namespace sluice::storage {

struct CommitQueue::Waiter {
  absl::FunctionRef<Status(meta::Transaction&)> change;
  const std::string& sync_directory;
  Status status;
  bool done = false;
  std::condition_variable wake;
};

Status CommitQueue::Commit(absl::FunctionRef<Status(meta::Transaction&)> change, const std::string& sync_directory) {
  Waiter self{change, sync_directory};
  std::unique_lock lock(mutex_);
  queue_.push_back(&self);
  self.wake.wait(lock, [&] { return self.done || queue_.front() == &self; });
  if (self.done) return std::move(self.status);

  // Leader: take the group.
  std::vector<Waiter*> group(queue_.begin(), queue_.begin() + std::min(queue_.size(), kMaxGroup));
  lock.unlock();

  std::vector<std::string_view> directories;
  for (Waiter* waiter : group) {
    if (!waiter->sync_directory.empty()) directories.push_back(waiter->sync_directory);
  }
  std::sort(directories.begin(), directories.end());
  directories.erase(std::unique(directories.begin(), directories.end()), directories.end());
  Status outcome;
  for (std::string_view directory : directories) {
    outcome = SyncDirectory(std::string(directory));
    if (!outcome.ok()) break;
  }
  if (outcome.ok()) {
    outcome = database_->Write([&](meta::Transaction& transaction) -> Status {
      for (Waiter* waiter : group) {
        RETURN_IF_ERROR(transaction.Exec("SAVEPOINT change"));
        waiter->status = waiter->change(transaction);
        if (!waiter->status.ok()) RETURN_IF_ERROR(transaction.Exec("ROLLBACK TO change"));
        RETURN_IF_ERROR(transaction.Exec("RELEASE change"));
      }
      return Status::Ok();
    });
  }

  lock.lock();
  for (Waiter* waiter : group) {
    queue_.pop_front();
    if (!outcome.ok()) waiter->status = outcome;
    waiter->done = true;
    if (waiter != &self) waiter->wake.notify_one();
  }
  if (!queue_.empty()) queue_.front()->wake.notify_one();
  return std::move(self.status);
}

}  // namespace sluice::storage
