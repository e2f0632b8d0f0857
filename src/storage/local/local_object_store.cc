// The local object store, buckets and objects: see local_object_store.h. Listing is in
// local_listing.cc, multipart uploads in local_multipart.cc.
#include "storage/local/local_object_store.h"

#include <pthread.h>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <absl/container/flat_hash_set.h>

#include "common/encoding.h"
#include "storage/errors.h"
#include "storage/local/storage_schema.h"

namespace sluice::storage {

namespace {

constexpr int kOpenRetries = 5;

// The current row of a key, as conditional writes need it.
struct CurrentObject {
  uint64_t blob = 0;
  std::string etag;
};

Result<std::optional<CurrentObject>> ReadCurrent(meta::Transaction& transaction, std::string_view bucket,
                                                 std::string_view key) {
  auto rows = transaction.Query("SELECT blob, etag FROM objects WHERE bucket = ? AND key = ?", bucket, meta::Blob{key});
  std::optional<CurrentObject> current;
  if (rows.Next()) current = CurrentObject{static_cast<uint64_t>(rows.Int(0)), rows.Text(1)};
  RETURN_IF_ERROR(rows.status());
  return current;
}

Status CheckConditions(const WriteConditions& conditions, const std::optional<CurrentObject>& current,
                       std::string_view key) {
  if (conditions.if_none_match && current) return PreconditionFailed("If-None-Match");
  if (conditions.if_match) {
    if (!current) return NoSuchKey(key);
    if (*conditions.if_match != "*" && *conditions.if_match != current->etag) return PreconditionFailed("If-Match");
  }
  return Status::Ok();
}

Status CheckBucketRow(meta::Transaction& transaction, std::string_view bucket) {
  ASSIGN_OR_RETURN(auto found, transaction.QueryInt("SELECT 1 FROM buckets WHERE name = ?", bucket));
  if (!found) return NoSuchBucket(bucket);
  return Status::Ok();
}

}  // namespace

// --- The writer handed out by NewObjectWriter ---

class LocalObjectWriter final : public ObjectWriter {
 public:
  LocalObjectWriter(LocalObjectStore* store, ObjectInfo info, PutOptions options, std::unique_ptr<BlobWriter> blob)
      : store_(store), info_(std::move(info)), options_(std::move(options)), blob_(std::move(blob)) {}

  Status Append(std::string_view bytes) override { return blob_->Append(bytes); }
  Status AppendFrom(ByteSource& source) override { return blob_->AppendFrom(source); }
  Result<ObjectInfo> Commit() override {
    if (committed_) return FailedPrecondition("object writer already committed");
    committed_ = true;
    return store_->CommitNewObject(std::move(info_), *blob_, options_);
  }

 private:
  LocalObjectStore* store_;
  ObjectInfo info_;
  PutOptions options_;
  std::unique_ptr<BlobWriter> blob_;
  bool committed_ = false;
};

// --- Open and close ---

Result<std::unique_ptr<LocalObjectStore>> LocalObjectStore::Open(LocalStoreOptions options) {
  std::string meta_dir = JoinPath(options.data_dir, "meta");
  RETURN_IF_ERROR(CreateDirectories(meta_dir));
  meta::Database::Options database_options;
  database_options.reader_connections = options.reader_connections;
  ASSIGN_OR_RETURN(auto database,
                   meta::Database::Open(JoinPath(meta_dir, "storage.db"), StorageMigrations(), database_options));
  int64_t generation = 0;
  RETURN_IF_ERROR(database->Write([&](meta::Transaction& transaction) -> Status {
    ASSIGN_OR_RETURN(auto previous, transaction.QueryInt("SELECT value FROM state WHERE name = 'generation'"));
    generation = previous.value_or(0) + 1;
    return transaction.Exec("INSERT OR REPLACE INTO state (name, value) VALUES ('generation', ?)", generation);
  }));
  ASSIGN_OR_RETURN(auto blobs, BlobDirectory::Open(JoinPath(options.data_dir, "blobs"),
                                                   static_cast<uint32_t>(generation)));
  ASSIGN_OR_RETURN(bool clean, blobs->TakeCleanMarker());

  std::unique_ptr<LocalObjectStore> store(new LocalObjectStore(std::move(options), std::move(database), std::move(blobs)));
  RETURN_IF_ERROR(store->database_->Read([&](meta::Transaction& transaction) -> Status {
    auto rows = transaction.Query("SELECT name, owner_account, region, created_micros FROM buckets");
    while (rows.Next()) {
      BucketInfo bucket{rows.Text(0), rows.Text(1), rows.Text(2), rows.Int(3)};
      store->buckets_.emplace(bucket.name, std::move(bucket));
    }
    return rows.status();
  }));
  store->recovery_done_ = clean;
  store->maintenance_thread_ = std::thread([raw = store.get(), clean] {
    pthread_setname_np(pthread_self(), "storage-maint");
    raw->MaintenanceLoop(/*sweep_first=*/!clean);
  });
  return store;
}

LocalObjectStore::LocalObjectStore(LocalStoreOptions options, std::unique_ptr<meta::Database> database,
                                   std::unique_ptr<BlobDirectory> blobs)
    : options_(std::move(options)),
      clock_(options_.clock ? options_.clock : &SystemClock::Get()),
      database_(std::move(database)),
      blobs_(std::move(blobs)),
      commits_(database_.get()) {}

LocalObjectStore::~LocalObjectStore() { Close(); }

void LocalObjectStore::Close() {
  if (closed_) return;
  closed_ = true;
  {
    std::lock_guard lock(maintenance_mutex_);
    closing_ = true;
  }
  maintenance_wake_.notify_all();
  if (maintenance_thread_.joinable()) maintenance_thread_.join();
  FlushReclaims();
  bool swept;
  {
    std::lock_guard lock(maintenance_mutex_);
    swept = recovery_done_;
  }
  // A sweep cut short must run again next time: leave the marker out.
  if (swept) {
    Status status = blobs_->WriteCleanMarker();
    if (!status.ok()) spdlog::warn("storage: could not record a clean shutdown: {}", status.ToString());
  }
}

void LocalObjectStore::MaintenanceLoop(bool sweep_first) {
  if (sweep_first) {
    auto removed = RemoveOrphanBlobs();
    std::lock_guard lock(maintenance_mutex_);
    if (removed.ok()) {
      recovered_blobs_ = *removed;
      recovery_done_ = true;
      if (*removed > 0) spdlog::info("storage: removed {} blobs left behind by an unclean shutdown", *removed);
    } else {
      spdlog::error("storage: sweeping orphaned blobs failed: {}", removed.status().ToString());
    }
    maintenance_wake_.notify_all();
  }
  auto next_expiry = std::chrono::steady_clock::now() + std::chrono::microseconds(options_.maintenance_interval_micros);
  std::unique_lock lock(maintenance_mutex_);
  while (!closing_) {
    maintenance_wake_.wait_until(lock, next_expiry, [&] { return closing_ || !reclaim_queue_.empty(); });
    if (!reclaim_queue_.empty()) {
      std::vector<uint64_t> batch;
      batch.swap(reclaim_queue_);
      lock.unlock();
      for (uint64_t blob : batch) blobs_->Remove(blob);
      lock.lock();
      continue;
    }
    if (closing_ || std::chrono::steady_clock::now() < next_expiry) continue;
    next_expiry = std::chrono::steady_clock::now() + std::chrono::microseconds(options_.maintenance_interval_micros);
    if (options_.abandoned_upload_micros <= 0) continue;
    lock.unlock();
    auto aborted = AbortUploadsIdleSince(Now() - options_.abandoned_upload_micros);
    if (!aborted.ok()) spdlog::warn("storage: aborting abandoned uploads failed: {}", aborted.status().ToString());
    else if (*aborted > 0) spdlog::info("storage: aborted {} abandoned multipart uploads", *aborted);
    lock.lock();
  }
}

void LocalObjectStore::Reclaim(const std::vector<uint64_t>& blobs) {
  if (blobs.empty()) return;
  {
    std::lock_guard lock(maintenance_mutex_);
    reclaim_queue_.insert(reclaim_queue_.end(), blobs.begin(), blobs.end());
  }
  maintenance_wake_.notify_all();
}

void LocalObjectStore::FlushReclaims() {
  std::vector<uint64_t> batch;
  {
    std::lock_guard lock(maintenance_mutex_);
    batch.swap(reclaim_queue_);
  }
  for (uint64_t blob : batch) blobs_->Remove(blob);
}

size_t LocalObjectStore::WaitForRecovery() {
  std::unique_lock lock(maintenance_mutex_);
  maintenance_wake_.wait(lock, [&] { return recovery_done_ || closing_; });
  return recovered_blobs_;
}

Result<size_t> LocalObjectStore::RemoveOrphanBlobs() {
  absl::flat_hash_set<uint64_t> referenced;
  RETURN_IF_ERROR(database_->Read([&](meta::Transaction& transaction) -> Status {
    auto objects = transaction.Query("SELECT blob FROM objects");
    while (objects.Next()) referenced.insert(static_cast<uint64_t>(objects.Int(0)));
    RETURN_IF_ERROR(objects.status());
    auto parts = transaction.Query("SELECT blob FROM parts");
    while (parts.Next()) referenced.insert(static_cast<uint64_t>(parts.Int(0)));
    return parts.status();
  }));
  return blobs_->RemoveUnreferenced([&](uint64_t id) { return referenced.contains(id); });
}

// --- Buckets ---

bool LocalObjectStore::BucketExists(std::string_view name) const {
  std::shared_lock lock(buckets_mutex_);
  return buckets_.find(name) != buckets_.end();
}

Status LocalObjectStore::RequireBucket(std::string_view name) const {
  if (!BucketExists(name)) return NoSuchBucket(name);
  return Status::Ok();
}

Result<BucketInfo> LocalObjectStore::CreateBucket(std::string_view name, std::string_view owner_account,
                                                  std::string_view region) {
  if (!IsValidBucketName(name)) {
    return AwsError("InvalidBucketName", 400, "The specified bucket is not valid.")
        .WithDetail("BucketName", std::string(name));
  }
  BucketInfo bucket{std::string(name), std::string(owner_account), std::string(region), Now()};
  RETURN_IF_ERROR(commits_.Commit([&](meta::Transaction& transaction) -> Status {
    auto rows = transaction.Query("SELECT owner_account FROM buckets WHERE name = ?", name);
    if (rows.Next()) {
      if (rows.View(0) == owner_account) {
        return AwsError("BucketAlreadyOwnedByYou", 409,
                        "Your previous request to create the named bucket succeeded and you already own it.")
            .WithDetail("BucketName", std::string(name));
      }
      return AwsError("BucketAlreadyExists", 409,
                      "The requested bucket name is not available. The bucket namespace is shared by all users of the "
                      "system. Please select a different name and try again.")
          .WithDetail("BucketName", std::string(name));
    }
    RETURN_IF_ERROR(rows.status());
    return transaction.Exec(
        "INSERT INTO buckets (name, owner_account, region, created_micros) VALUES (?, ?, ?, ?)", bucket.name,
        bucket.owner_account, bucket.region, bucket.created_micros);
  }));
  std::unique_lock lock(buckets_mutex_);
  buckets_[bucket.name] = bucket;
  return bucket;
}

Result<BucketInfo> LocalObjectStore::GetBucket(std::string_view name) {
  std::shared_lock lock(buckets_mutex_);
  auto it = buckets_.find(name);
  if (it == buckets_.end()) return NoSuchBucket(name);
  return it->second;
}

Result<std::vector<BucketInfo>> LocalObjectStore::ListBuckets() {
  std::shared_lock lock(buckets_mutex_);
  std::vector<BucketInfo> out;
  out.reserve(buckets_.size());
  for (const auto& [name, bucket] : buckets_) out.push_back(bucket);
  return out;
}

Status LocalObjectStore::DeleteBucket(std::string_view name) {
  std::vector<uint64_t> part_blobs;
  RETURN_IF_ERROR(commits_.Commit([&](meta::Transaction& transaction) -> Status {
    RETURN_IF_ERROR(CheckBucketRow(transaction, name));
    ASSIGN_OR_RETURN(auto any, transaction.QueryInt("SELECT 1 FROM objects WHERE bucket = ? LIMIT 1", name));
    if (any) return BucketNotEmpty(name);
    auto parts = transaction.Query(
        "SELECT parts.blob FROM parts JOIN uploads ON parts.upload_id = uploads.upload_id WHERE uploads.bucket = ?",
        name);
    while (parts.Next()) part_blobs.push_back(static_cast<uint64_t>(parts.Int(0)));
    RETURN_IF_ERROR(parts.status());
    RETURN_IF_ERROR(transaction.Exec(
        "DELETE FROM parts WHERE upload_id IN (SELECT upload_id FROM uploads WHERE bucket = ?)", name));
    RETURN_IF_ERROR(transaction.Exec("DELETE FROM uploads WHERE bucket = ?", name));
    return transaction.Exec("DELETE FROM buckets WHERE name = ?", name);
  }));
  {
    std::unique_lock lock(buckets_mutex_);
    auto it = buckets_.find(name);
    if (it != buckets_.end()) buckets_.erase(it);
  }
  Reclaim(part_blobs);
  return Status::Ok();
}

// --- Objects ---

Result<std::unique_ptr<ObjectWriter>> LocalObjectStore::NewObjectWriter(std::string_view bucket, std::string_view key,
                                                                        PutOptions options) {
  RETURN_IF_ERROR(RequireBucket(bucket));
  ASSIGN_OR_RETURN(auto blob, BlobWriter::Create(blobs_.get(), options.checksum_algorithm, options.verify_algorithm,
                                                 options.max_size, options.size_hint));
  ObjectInfo info;
  info.bucket = std::string(bucket);
  info.key = std::string(key);
  return std::unique_ptr<ObjectWriter>(new LocalObjectWriter(this, std::move(info), std::move(options), std::move(blob)));
}

Result<ObjectInfo> LocalObjectStore::CommitNewObject(ObjectInfo info, BlobWriter& blob, const PutOptions& options) {
  ASSIGN_OR_RETURN(WrittenBytes written, blob.Finish());
  if (options.verify) RETURN_IF_ERROR(options.verify(written));
  info.size = written.size;
  info.etag = HexEncode(written.digests.md5);
  info.modified_micros = Now();
  info.headers = options.headers;
  info.checksum.algorithm = options.checksum_algorithm;
  info.checksum.type = ChecksumType::kFullObject;
  info.checksum.value = written.digests.checksum(options.checksum_algorithm);
  RETURN_IF_ERROR(CommitObjectRow(info, blob.id(), options.conditions));
  blob.Keep();
  return info;
}

Status LocalObjectStore::WriteObjectRow(meta::Transaction& transaction, const ObjectInfo& info, uint64_t blob,
                                        const WriteConditions& conditions, std::optional<uint64_t>* replaced) {
  RETURN_IF_ERROR(CheckBucketRow(transaction, info.bucket));
  ASSIGN_OR_RETURN(auto current, ReadCurrent(transaction, info.bucket, info.key));
  RETURN_IF_ERROR(CheckConditions(conditions, current, info.key));
  std::string encoded_headers = EncodeHeaders(info.headers);
  std::string encoded_parts = EncodePartSizes(info.part_sizes);
  RETURN_IF_ERROR(transaction.Exec(
      "INSERT OR REPLACE INTO objects (bucket, key, blob, size, etag, modified_micros, checksum_algorithm, "
      "checksum_type, checksum, parts_count, headers, part_sizes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      info.bucket, meta::Blob{info.key}, blob, info.size, info.etag, info.modified_micros,
      static_cast<int>(info.checksum.algorithm), static_cast<int>(info.checksum.type), meta::Blob{info.checksum.value},
      info.parts_count, meta::Blob{encoded_headers}, meta::Blob{encoded_parts}));
  if (current) *replaced = current->blob;
  return Status::Ok();
}

Status LocalObjectStore::CommitObjectRow(const ObjectInfo& info, uint64_t blob, const WriteConditions& conditions) {
  std::optional<uint64_t> replaced;
  RETURN_IF_ERROR(commits_.Commit(
      [&](meta::Transaction& transaction) { return WriteObjectRow(transaction, info, blob, conditions, &replaced); },
      blobs_->DirectoryOf(blob)));
  if (replaced && *replaced != blob) Reclaim(*replaced);
  return Status::Ok();
}

Result<std::pair<ObjectInfo, uint64_t>> LocalObjectStore::ReadObject(std::string_view bucket, std::string_view key,
                                                                     bool full) {
  std::pair<ObjectInfo, uint64_t> result;
  bool found = false;
  static const std::string kQuery =
      fmt::format("SELECT {} FROM objects WHERE bucket = ? AND key = ?", kObjectColumns);
  RETURN_IF_ERROR(database_->Read([&](meta::Transaction& transaction) -> Status {
    auto rows = transaction.Query(kQuery, bucket, meta::Blob{key});
    if (rows.Next()) {
      found = true;
      ReadObjectRow(rows, full, &result.first, &result.second);
    }
    return rows.status();
  }));
  if (!found) {
    RETURN_IF_ERROR(RequireBucket(bucket));
    return NoSuchKey(key);
  }
  result.first.bucket = std::string(bucket);
  return result;
}

Result<ObjectInfo> LocalObjectStore::HeadObject(std::string_view bucket, std::string_view key) {
  ASSIGN_OR_RETURN(auto found, ReadObject(bucket, key, /*full=*/true));
  return std::move(found.first);
}

Result<ReadableObject> LocalObjectStore::OpenObject(std::string_view bucket, std::string_view key) {
  for (int attempt = 0;; ++attempt) {
    ASSIGN_OR_RETURN(auto found, ReadObject(bucket, key, /*full=*/true));
    auto file = blobs_->OpenRead(found.second);
    if (file.ok()) return ReadableObject{std::move(found.first), std::move(*file)};
    // The object was replaced or deleted between reading its row and opening its blob.
    if (file.status().code() != StatusCode::kNotFound || attempt + 1 >= kOpenRetries) {
      return file.status().code() == StatusCode::kNotFound
                 ? DataLoss(fmt::format("blob of {}/{} is missing", bucket, key))
                 : file.status();
    }
  }
}

Status LocalObjectStore::DeleteObject(std::string_view bucket, std::string_view key,
                                      const WriteConditions& conditions) {
  RETURN_IF_ERROR(RequireBucket(bucket));
  std::optional<uint64_t> removed;
  RETURN_IF_ERROR(commits_.Commit([&](meta::Transaction& transaction) -> Status {
    RETURN_IF_ERROR(CheckBucketRow(transaction, bucket));
    ASSIGN_OR_RETURN(auto current, ReadCurrent(transaction, bucket, key));
    RETURN_IF_ERROR(CheckConditions(conditions, current, key));
    if (!current) return Status::Ok();
    RETURN_IF_ERROR(transaction.Exec("DELETE FROM objects WHERE bucket = ? AND key = ?", bucket, meta::Blob{key}));
    removed = current->blob;
    return Status::Ok();
  }));
  if (removed) Reclaim(*removed);
  return Status::Ok();
}

Result<std::vector<DeleteResult>> LocalObjectStore::DeleteObjects(std::string_view bucket,
                                                                  const std::vector<std::string>& keys) {
  RETURN_IF_ERROR(RequireBucket(bucket));
  std::vector<DeleteResult> results;
  std::vector<uint64_t> removed;
  RETURN_IF_ERROR(commits_.Commit([&](meta::Transaction& transaction) -> Status {
    results.clear();
    removed.clear();
    RETURN_IF_ERROR(CheckBucketRow(transaction, bucket));
    for (const std::string& key : keys) {
      DeleteResult result{key, Status::Ok()};
      auto current = ReadCurrent(transaction, bucket, key);
      if (!current.ok()) {
        result.status = current.status();
      } else if (*current) {
        result.status = transaction.Exec("DELETE FROM objects WHERE bucket = ? AND key = ?", bucket, meta::Blob{key});
        if (result.status.ok()) removed.push_back((*current)->blob);
      }
      results.push_back(std::move(result));
    }
    return Status::Ok();
  }));
  Reclaim(removed);
  return results;
}

Result<ObjectInfo> LocalObjectStore::CopyObject(std::string_view source_bucket, std::string_view source_key,
                                                std::string_view bucket, std::string_view key,
                                                const CopyOptions& options) {
  RETURN_IF_ERROR(RequireBucket(bucket));
  for (int attempt = 0;; ++attempt) {
    ASSIGN_OR_RETURN(auto source, ReadObject(source_bucket, source_key, /*full=*/true));
    auto& [info, source_blob] = source;
    if (options.check_source) RETURN_IF_ERROR(options.check_source(info));
    if (info.size > kMaxPutSize) {
      return InvalidRequest(
          fmt::format("The specified copy source is larger than the maximum allowable size for a copy source: {}",
                      kMaxPutSize));
    }
    ObjectInfo copy = info;
    copy.bucket = std::string(bucket);
    copy.key = std::string(key);
    copy.modified_micros = Now();
    if (options.replace_headers) copy.headers = *options.replace_headers;

    bool recompute = options.checksum_algorithm && *options.checksum_algorithm != info.checksum.algorithm;
    if (!recompute) {
      // The same bytes under a new name: a hard link, no copying.
      uint64_t blob = blobs_->NewId();
      Status linked = blobs_->Link(source_blob, blob);
      if (linked.code() == StatusCode::kNotFound && attempt + 1 < kOpenRetries) continue;  // source replaced
      RETURN_IF_ERROR(linked);
      Status committed = CommitObjectRow(copy, blob, options.conditions);
      if (!committed.ok()) {
        blobs_->Remove(blob);
        return committed;
      }
      return copy;
    }

    auto file = blobs_->OpenRead(source_blob);
    if (!file.ok() && file.status().code() == StatusCode::kNotFound && attempt + 1 < kOpenRetries) continue;
    RETURN_IF_ERROR(file.status());
    ChecksumAlgorithm algorithm = *options.checksum_algorithm;
    ASSIGN_OR_RETURN(auto blob, BlobWriter::Create(blobs_.get(), algorithm, ChecksumAlgorithm::kNone, kMaxPutSize,
                                                   info.size));
    RETURN_IF_ERROR(blob->AppendFileRange(*file, 0, info.size));
    ASSIGN_OR_RETURN(WrittenBytes written, blob->Finish());
    copy.etag = HexEncode(written.digests.md5);
    copy.part_sizes.clear();
    copy.parts_count = 0;
    copy.checksum = ObjectChecksum{algorithm, ChecksumType::kFullObject, written.digests.checksum(algorithm), 0};
    RETURN_IF_ERROR(CommitObjectRow(copy, blob->id(), options.conditions));
    blob->Keep();
    return copy;
  }
}

}  // namespace sluice::storage
