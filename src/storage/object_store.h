// The object store: buckets, objects and multipart uploads. This is the seam every component
// uses for object bytes — the S3 API, crawlers (list and sample objects), jobs (read inputs,
// write outputs), Step Functions' aws-sdk:s3 integrations — so it speaks S3's semantics
// (conditional writes, multipart rules, listing with delimiters) and its failures carry the S3
// error they become on the wire (NoSuchBucket, NoSuchKey, PreconditionFailed, ...).
//
// The interface is backend-neutral: the local backend (local/local_object_store.h) keeps
// immutable blob files plus SQLite rows; a remote S3 backend can stand behind the same calls.
// Every write is atomic: readers see the old object or the new one, never a torn one, and a
// write is durable when the call returns OK.
//
// Thread safety: implementations are thread-safe. ObjectWriter objects belong to one thread.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/file.h"
#include "common/status.h"
#include "storage/checksum.h"

namespace sluice::storage {

// Limits S3 enforces (and so do we).
inline constexpr uint64_t kMaxPutSize = uint64_t{5} << 30;         // PutObject, UploadPart, CopyObject
inline constexpr uint64_t kMinPartSize = uint64_t{5} << 20;        // every part but the last
inline constexpr uint64_t kMaxObjectSize = uint64_t{5} << 40;      // multipart total
inline constexpr int kMaxPartNumber = 10000;
inline constexpr size_t kMaxKeyBytes = 1024;

// A pull source of bytes: Read returns the count (0 only at the end).
class ByteSource {
 public:
  virtual ~ByteSource() = default;
  virtual Result<size_t> Read(char* buffer, size_t size) = 0;
};

// Header fields stored with an object and replayed on reads, in order: the standard ones by
// their HTTP names ("Content-Type", "Cache-Control", "Content-Disposition", "Content-Encoding",
// "Content-Language", "Expires", "x-amz-website-redirect-location") and user metadata as
// "x-amz-meta-<name>" with the name in lowercase.
using StoredHeaders = std::vector<std::pair<std::string, std::string>>;

struct BucketInfo {
  std::string name;
  std::string owner_account;
  std::string region;
  int64_t created_micros = 0;
};

struct ObjectChecksum {
  ChecksumAlgorithm algorithm = ChecksumAlgorithm::kNone;
  ChecksumType type = ChecksumType::kFullObject;
  std::string value;  // raw bytes
  int parts = 0;      // COMPOSITE: the number of parts ("-N")
  bool present() const { return algorithm != ChecksumAlgorithm::kNone; }
};

struct ObjectInfo {
  std::string bucket;
  std::string key;
  uint64_t size = 0;
  std::string etag;  // hex MD5, or "<hex>-<parts>" for multipart objects; without quotes
  int64_t modified_micros = 0;
  StoredHeaders headers;    // empty in listings
  ObjectChecksum checksum;  // algorithm kNone when the object has none
  // Multipart objects: the size of each part in order (empty for single-part objects and in
  // listings; parts_count is set in both).
  std::vector<uint64_t> part_sizes;
  int parts_count = 0;
};

// An object opened for reading: its metadata plus the blob file holding exactly its bytes
// (readable with PRead, sendfile or mmap). The file stays readable even if the object is
// overwritten or deleted meanwhile.
struct ReadableObject {
  ObjectInfo info;
  File file;
};

// Preconditions checked atomically with a write (S3 conditional writes).
struct WriteConditions {
  // The current object must exist with this ETag (unquoted); "*" means it must merely exist.
  // Fails with PreconditionFailed (412), or NoSuchKey (404) when there is no object.
  std::optional<std::string> if_match;
  // The key must not exist (If-None-Match: *). Fails with PreconditionFailed (412).
  bool if_none_match = false;
};

// What was written, handed to a verifier before anything becomes visible.
struct WrittenBytes {
  uint64_t size = 0;
  Digests digests;  // MD5 plus the stored and the verification checksum
};
// Returns OK to commit, or the error to fail the write with (BadDigest, ...).
using DigestVerifier = std::function<Status(const WrittenBytes&)>;

struct PutOptions {
  StoredHeaders headers;
  // The checksum computed and stored with the object (S3 stores CRC64NVME when the client
  // names none; kNone stores no checksum).
  ChecksumAlgorithm checksum_algorithm = ChecksumAlgorithm::kCrc64Nvme;
  // Another checksum computed only for `verify` (kNone: none).
  ChecksumAlgorithm verify_algorithm = ChecksumAlgorithm::kNone;
  WriteConditions conditions;
  DigestVerifier verify;       // optional
  uint64_t max_size = kMaxPutSize;  // larger bodies fail with EntityTooLarge
  uint64_t size_hint = 0;      // expected size when known (buffer sizing only)
};

// A new object or part being written. Bytes are durable and the object visible only after
// Commit() returns OK; destroying the writer before that discards everything.
class ObjectWriter {
 public:
  virtual ~ObjectWriter() = default;
  // Appends bytes. EntityTooLarge (400) past the size limit.
  virtual Status Append(std::string_view bytes) = 0;
  // Reads `source` to its end and appends everything.
  virtual Status AppendFrom(ByteSource& source) = 0;
  // Flushes, fsyncs, runs the verifier, then commits atomically. Returns the new object.
  // Failures: the verifier's error; NoSuchBucket; PreconditionFailed / NoSuchKey from the
  // conditions; IoError.
  virtual Result<ObjectInfo> Commit() = 0;
};

struct ListOptions {
  std::string prefix;
  std::string delimiter;    // empty: no grouping
  std::string start_after;  // exclusive; also positions continuation (a key or a common prefix)
  size_t max_keys = 1000;   // keys plus common prefixes in the page
};

struct ListPage {
  std::vector<ObjectInfo> objects;          // byte-wise key order
  std::vector<std::string> common_prefixes;  // byte-wise order
  bool truncated = false;
  std::string last;  // the last key or common prefix in the page (the next start_after)
};

struct CopyOptions {
  // REPLACE: the new object's headers. nullopt: COPY the source's.
  std::optional<StoredHeaders> replace_headers;
  // The checksum of the copy: nullopt keeps the source's algorithm (CRC64NVME when it has
  // none), otherwise the bytes are re-checksummed with this one.
  std::optional<ChecksumAlgorithm> checksum_algorithm;
  WriteConditions conditions;  // on the destination
  // Called with the source's metadata before copying (x-amz-copy-source-if-*); an error fails
  // the copy.
  std::function<Status(const ObjectInfo& source)> check_source;
};

struct DeleteResult {
  std::string key;
  Status status;  // OK also when there was nothing to delete
};

// --- Multipart ---

struct MultipartOptions {
  StoredHeaders headers;
  ChecksumAlgorithm checksum_algorithm = ChecksumAlgorithm::kNone;  // declared at creation
  ChecksumType checksum_type = ChecksumType::kComposite;
  std::string owner_account;
};

struct UploadInfo {
  std::string bucket;
  std::string key;
  std::string upload_id;
  int64_t initiated_micros = 0;
  std::string owner_account;
  StoredHeaders headers;
  ChecksumAlgorithm checksum_algorithm = ChecksumAlgorithm::kNone;
  ChecksumType checksum_type = ChecksumType::kComposite;
};

struct PartInfo {
  int part_number = 0;
  uint64_t size = 0;
  std::string etag;      // hex MD5, unquoted
  std::string checksum;  // raw, of the upload's algorithm (CRC64NVME when the upload has none)
  int64_t modified_micros = 0;
};

struct PartOptions {
  // A checksum computed only for `verify`: the one the request carries, when any. (The part's
  // stored checksum is always of the upload's algorithm, or CRC64NVME when it has none.)
  ChecksumAlgorithm verify_algorithm = ChecksumAlgorithm::kNone;
  DigestVerifier verify;
  uint64_t size_hint = 0;
};

struct CompletedPart {
  int part_number = 0;
  std::string etag;                     // unquoted
  std::optional<std::string> checksum;  // raw, when the client sent one for the part
};

struct CompleteOptions {
  WriteConditions conditions;
  // The whole-object checksum the client claims (raw); BadDigest when it differs.
  std::optional<std::string> expected_checksum;
  std::optional<uint64_t> expected_size;  // x-amz-mp-object-size
};

struct PartsPage {
  std::vector<PartInfo> parts;
  bool truncated = false;
  int next_marker = 0;
};

struct UploadsPage {
  std::vector<UploadInfo> uploads;
  std::vector<std::string> common_prefixes;
  bool truncated = false;
  std::string next_key_marker;
  std::string next_upload_id_marker;
};

class ObjectStore {
 public:
  virtual ~ObjectStore() = default;

  // --- Buckets ---
  // Creates a bucket. InvalidBucketName (400) for names S3 refuses; BucketAlreadyOwnedByYou
  // (409) when `owner_account` has it already; BucketAlreadyExists (409) when another has.
  virtual Result<BucketInfo> CreateBucket(std::string_view name, std::string_view owner_account,
                                          std::string_view region) = 0;
  // NoSuchBucket (404).
  virtual Result<BucketInfo> GetBucket(std::string_view name) = 0;
  // Every bucket, by name.
  virtual Result<std::vector<BucketInfo>> ListBuckets() = 0;
  // NoSuchBucket (404); BucketNotEmpty (409) while objects exist. Multipart uploads still in
  // progress are aborted with the bucket.
  virtual Status DeleteBucket(std::string_view name) = 0;

  // --- Objects ---
  // A writer for a new object at bucket/key. NoSuchBucket (404).
  virtual Result<std::unique_ptr<ObjectWriter>> NewObjectWriter(std::string_view bucket, std::string_view key,
                                                                PutOptions options) = 0;
  // Writes the whole of `body` as bucket/key (NewObjectWriter + AppendFrom + Commit).
  Result<ObjectInfo> PutObject(std::string_view bucket, std::string_view key, ByteSource& body, PutOptions options);
  // Metadata only. NoSuchBucket / NoSuchKey (404).
  virtual Result<ObjectInfo> HeadObject(std::string_view bucket, std::string_view key) = 0;
  // Metadata plus the open blob file. NoSuchBucket / NoSuchKey (404).
  virtual Result<ReadableObject> OpenObject(std::string_view bucket, std::string_view key) = 0;
  // Deletes bucket/key; OK when it did not exist (unless conditions.if_match is set: then
  // NoSuchKey). NoSuchBucket (404).
  virtual Status DeleteObject(std::string_view bucket, std::string_view key, const WriteConditions& conditions) = 0;
  // Deletes many keys in one transaction; one result per key, in order. NoSuchBucket for all.
  virtual Result<std::vector<DeleteResult>> DeleteObjects(std::string_view bucket,
                                                          const std::vector<std::string>& keys) = 0;
  // Copies source to destination (may be the same key). Errors: NoSuchBucket / NoSuchKey for
  // either side, check_source's error, the destination conditions' errors.
  virtual Result<ObjectInfo> CopyObject(std::string_view source_bucket, std::string_view source_key,
                                        std::string_view bucket, std::string_view key, const CopyOptions& options) = 0;
  // A page of keys in byte-wise order, grouped by delimiter. NoSuchBucket (404).
  virtual Result<ListPage> ListObjects(std::string_view bucket, const ListOptions& options) = 0;

  // --- Multipart uploads ---
  // Starts an upload; returns its description with the new upload id. NoSuchBucket (404).
  virtual Result<UploadInfo> CreateMultipartUpload(std::string_view bucket, std::string_view key,
                                                   const MultipartOptions& options) = 0;
  // NoSuchUpload (404) when the id is unknown for bucket/key.
  virtual Result<UploadInfo> GetMultipartUpload(std::string_view bucket, std::string_view key,
                                                std::string_view upload_id) = 0;
  // Stores part `part_number` (1..10000) from `body`, replacing an earlier one of that number.
  // NoSuchUpload; InvalidArgument for a bad part number; EntityTooLarge; the verifier's error.
  virtual Result<PartInfo> UploadPart(std::string_view bucket, std::string_view key, std::string_view upload_id,
                                      int part_number, ByteSource& body, const PartOptions& options) = 0;
  // Stores a part copied from [first, last] of another object (the whole object when range is
  // nullopt). InvalidRange (416) for a range outside the source.
  virtual Result<PartInfo> UploadPartCopy(std::string_view bucket, std::string_view key, std::string_view upload_id,
                                          int part_number, std::string_view source_bucket,
                                          std::string_view source_key,
                                          std::optional<std::pair<uint64_t, uint64_t>> range,
                                          const std::function<Status(const ObjectInfo&)>& check_source) = 0;
  // Parts after `marker`, at most `max_parts`. NoSuchUpload.
  virtual Result<PartsPage> ListParts(std::string_view bucket, std::string_view key, std::string_view upload_id,
                                      int marker, int max_parts) = 0;
  // Assembles the listed parts (ascending numbers, each ETag matching the stored part) into
  // the object. Errors: NoSuchUpload; InvalidPart (a part missing or its ETag/checksum
  // differs); InvalidPartOrder; EntityTooSmall (a part but the last under 5 MiB); BadDigest;
  // the conditions' errors.
  virtual Result<ObjectInfo> CompleteMultipartUpload(std::string_view bucket, std::string_view key,
                                                     std::string_view upload_id,
                                                     const std::vector<CompletedPart>& parts,
                                                     const CompleteOptions& options) = 0;
  // NoSuchUpload.
  virtual Status AbortMultipartUpload(std::string_view bucket, std::string_view key, std::string_view upload_id) = 0;
  // Uploads in progress ordered by key then initiation, grouped by delimiter.
  virtual Result<UploadsPage> ListMultipartUploads(std::string_view bucket, std::string_view prefix,
                                                   std::string_view delimiter, std::string_view key_marker,
                                                   std::string_view upload_id_marker, size_t max_uploads) = 0;
};

// Whether S3 accepts `name` for a new bucket (3–63 characters of a-z 0-9 . -, starting and
// ending with a letter or digit, no "..", not an IP address, no reserved prefix or suffix).
bool IsValidBucketName(std::string_view name);

}  // namespace sluice::storage
