// The local object store: object bytes in immutable blob files under DIR/blobs/ (see
// blob_directory.h, docs/formats/blob-store.md) and metadata rows in DIR/meta/storage.db
// (docs/formats/storage-metadata.md).
//
// Writes: a new blob is written and fsynced, then its row is committed through the group
// commit queue (the row's transaction also checks the write's preconditions), and only then is
// the write acknowledged; the blob a row stops referencing is unlinked by the maintenance
// thread soon after the commit, off the request's path.
// Readers open the blob a row names; a blob unlinked between the row read and the open is
// retried, so readers see the old object or the new one, never a torn one.
// Listing is served from the (bucket, key) primary key in byte-wise order without touching blob
// files; a delimiter's common prefix is skipped with one index seek.
// Recovery: after an unclean shutdown, blobs no row references (uploads cut off by the crash)
// are removed by a background sweep. Multipart uploads idle for longer than
// `abandoned_upload_micros` are aborted by the same maintenance thread.
//
// Thread safety: thread-safe.
#pragma once

#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <thread>

#include "common/clock.h"
#include "meta/database.h"
#include "storage/local/blob_directory.h"
#include "storage/local/blob_writer.h"
#include "storage/local/commit_queue.h"
#include "storage/object_store.h"

namespace sluice::storage {

struct LocalStoreOptions {
  std::string data_dir;                 // blobs in DIR/blobs, metadata in DIR/meta/storage.db
  const Clock* clock = nullptr;         // the system clock when null
  int reader_connections = 64;          // SQLite snapshot readers kept open
  // Multipart uploads with no new part for this long are aborted (0 = never).
  int64_t abandoned_upload_micros = int64_t{7} * 24 * 3600 * 1000000;
  int64_t maintenance_interval_micros = int64_t{3600} * 1000000;  // how often to look for them
};

class LocalObjectStore final : public ObjectStore {
 public:
  // Opens (creating) the store. After an unclean shutdown a background sweep removes orphaned
  // blobs; WaitForRecovery() waits for it.
  static Result<std::unique_ptr<LocalObjectStore>> Open(LocalStoreOptions options);
  // Close()s.
  ~LocalObjectStore() override;

  // Stops the maintenance thread and records a clean shutdown. REQUIRES: no call in flight
  // and none after. Idempotent.
  void Close();
  // Blocks until the startup sweep (if any) finished; returns how many blobs it removed.
  size_t WaitForRecovery();
  // Aborts multipart uploads with no activity since `cutoff_micros`. Returns how many.
  Result<size_t> AbortUploadsIdleSince(int64_t cutoff_micros);
  // Removes blobs of earlier processes that no row references. Returns how many.
  Result<size_t> RemoveOrphanBlobs();
  // Unlinks now the blobs queued for reclamation (normally the maintenance thread does it soon
  // after the commit that released them).
  void FlushReclaims();

  Result<BucketInfo> CreateBucket(std::string_view name, std::string_view owner_account,
                                  std::string_view region) override;
  Result<BucketInfo> GetBucket(std::string_view name) override;
  Result<std::vector<BucketInfo>> ListBuckets() override;
  Status DeleteBucket(std::string_view name) override;

  Result<std::unique_ptr<ObjectWriter>> NewObjectWriter(std::string_view bucket, std::string_view key,
                                                        PutOptions options) override;
  Result<ObjectInfo> HeadObject(std::string_view bucket, std::string_view key) override;
  Result<ReadableObject> OpenObject(std::string_view bucket, std::string_view key) override;
  Status DeleteObject(std::string_view bucket, std::string_view key, const WriteConditions& conditions) override;
  Result<std::vector<DeleteResult>> DeleteObjects(std::string_view bucket,
                                                  const std::vector<std::string>& keys) override;
  Result<ObjectInfo> CopyObject(std::string_view source_bucket, std::string_view source_key, std::string_view bucket,
                                std::string_view key, const CopyOptions& options) override;
  Result<ListPage> ListObjects(std::string_view bucket, const ListOptions& options) override;

  Result<UploadInfo> CreateMultipartUpload(std::string_view bucket, std::string_view key,
                                           const MultipartOptions& options) override;
  Result<UploadInfo> GetMultipartUpload(std::string_view bucket, std::string_view key,
                                        std::string_view upload_id) override;
  Result<PartInfo> UploadPart(std::string_view bucket, std::string_view key, std::string_view upload_id,
                              int part_number, ByteSource& body, const PartOptions& options) override;
  Result<PartInfo> UploadPartCopy(std::string_view bucket, std::string_view key, std::string_view upload_id,
                                  int part_number, std::string_view source_bucket, std::string_view source_key,
                                  std::optional<std::pair<uint64_t, uint64_t>> range,
                                  const std::function<Status(const ObjectInfo&)>& check_source) override;
  Result<PartsPage> ListParts(std::string_view bucket, std::string_view key, std::string_view upload_id, int marker,
                              int max_parts) override;
  Result<ObjectInfo> CompleteMultipartUpload(std::string_view bucket, std::string_view key,
                                             std::string_view upload_id, const std::vector<CompletedPart>& parts,
                                             const CompleteOptions& options) override;
  Status AbortMultipartUpload(std::string_view bucket, std::string_view key, std::string_view upload_id) override;
  Result<UploadsPage> ListMultipartUploads(std::string_view bucket, std::string_view prefix,
                                           std::string_view delimiter, std::string_view key_marker,
                                           std::string_view upload_id_marker, size_t max_uploads) override;

 private:
  friend class LocalObjectWriter;
  struct StoredPart;

  LocalObjectStore(LocalStoreOptions options, std::unique_ptr<meta::Database> database,
                   std::unique_ptr<BlobDirectory> blobs);
  int64_t Now() const { return clock_->NowMicros(); }
  bool BucketExists(std::string_view name) const;
  Status RequireBucket(std::string_view name) const;
  // Reads bucket/key's row: metadata and blob id. NoSuchBucket / NoSuchKey.
  Result<std::pair<ObjectInfo, uint64_t>> ReadObject(std::string_view bucket, std::string_view key, bool full);
  // Finishes `blob`, verifies it and commits `info` (size, etag and checksum filled here) as
  // the row of info.bucket/info.key.
  Result<ObjectInfo> CommitNewObject(ObjectInfo info, BlobWriter& blob, const PutOptions& options);
  // Commits the row for `info` pointing at `blob` under `conditions`; unlinks the replaced
  // blob afterwards.
  Status CommitObjectRow(const ObjectInfo& info, uint64_t blob, const WriteConditions& conditions);
  // Inside a write transaction: checks `conditions` against the current row of
  // info.bucket/info.key and replaces it with `info` stored in `blob`. Sets `replaced` to the
  // blob the old row named. NoSuchBucket, PreconditionFailed, NoSuchKey.
  Status WriteObjectRow(meta::Transaction& transaction, const ObjectInfo& info, uint64_t blob,
                        const WriteConditions& conditions, std::optional<uint64_t>* replaced);
  Result<std::vector<StoredPart>> ReadParts(std::string_view upload_id);
  Result<uint64_t> ConcatenateParts(const std::vector<StoredPart>& parts);
  Status CommitPart(const UploadInfo& upload, const PartInfo& part, uint64_t blob);
  void MaintenanceLoop(bool sweep_first);
  // Queues blobs that committed rows no longer reference for unlinking off the request path.
  void Reclaim(const std::vector<uint64_t>& blobs);
  void Reclaim(uint64_t blob) { Reclaim(std::vector<uint64_t>{blob}); }

  const LocalStoreOptions options_;
  const Clock* const clock_;
  std::unique_ptr<meta::Database> database_;
  std::unique_ptr<BlobDirectory> blobs_;
  CommitQueue commits_;

  // Bucket cache, loaded at open, updated after each committed create/delete.
  mutable std::shared_mutex buckets_mutex_;
  std::map<std::string, BucketInfo, std::less<>> buckets_;  // guarded by buckets_mutex_

  std::mutex maintenance_mutex_;
  std::condition_variable maintenance_wake_;
  bool closing_ = false;             // guarded by maintenance_mutex_
  bool recovery_done_ = true;        // guarded by maintenance_mutex_
  size_t recovered_blobs_ = 0;       // guarded by maintenance_mutex_
  std::vector<uint64_t> reclaim_queue_;  // guarded by maintenance_mutex_
  std::thread maintenance_thread_;
  bool closed_ = false;
};

}  // namespace sluice::storage
