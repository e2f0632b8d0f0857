// The blob files of the local object store (layout: docs/formats/blob-store.md).
//
// A blob holds the bytes of exactly one object or one multipart part. It is written once under
// its final name, fsynced, then referenced by one metadata row; it is never modified, only
// unlinked once its row is gone (hard links give a copy its own name). A blob whose row was
// never committed (a crash mid-upload) is garbage: after an unclean shutdown the store sweeps
// blobs that no row references. Ids are (generation << 40) | counter, where the generation grows
// at every open, so the sweep can never take a blob that the running process is still writing.
//
// Thread safety: thread-safe.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "common/file.h"
#include "common/status.h"

namespace sluice::storage {

class BlobDirectory {
 public:
  // Opens (creating) `root` and its 256 fan-out directories. `generation` must be larger than
  // that of any earlier open of the same root.
  static Result<std::unique_ptr<BlobDirectory>> Open(std::string root, uint32_t generation);

  // A fresh id, unique within this root.
  uint64_t NewId() const { return (uint64_t{generation_} << 40) | next_counter_.fetch_add(1, std::memory_order_relaxed); }
  std::string PathOf(uint64_t id) const;
  std::string DirectoryOf(uint64_t id) const;

  // Creates the blob file for writing (fails if it exists).
  Result<File> Create(uint64_t id) const;
  // Opens for reading; NotFound when the blob is gone.
  Result<File> OpenRead(uint64_t id) const;
  // Gives the bytes of `existing` the new name `id` (a hard link). NotFound when `existing` is gone.
  Status Link(uint64_t existing, uint64_t id) const;
  // Unlinks a blob; failures other than "already gone" are logged, never returned (the space
  // is then recovered by a later sweep).
  void Remove(uint64_t id) const;

  // Deletes every blob file of an earlier generation for which `referenced(id)` is false, and
  // any file whose name is not a blob id. Returns how many files were removed.
  Result<size_t> RemoveUnreferenced(const std::function<bool(uint64_t)>& referenced) const;

  // The clean-shutdown marker: present only between a clean Close and the next Open.
  // TakeCleanMarker() removes it and reports whether it was there.
  Result<bool> TakeCleanMarker() const;
  Status WriteCleanMarker() const;

  const std::string& root() const { return root_; }
  uint32_t generation() const { return generation_; }

 private:
  BlobDirectory(std::string root, uint32_t generation) : root_(std::move(root)), generation_(generation) {}

  const std::string root_;
  const uint32_t generation_;
  mutable std::atomic<uint64_t> next_counter_{1};
};

}  // namespace sluice::storage
