// Multipart uploads of the local store: see local_object_store.h. Each part is its own blob;
// completing an upload concatenates the listed parts into one new blob (copy_file_range, so the
// bytes never pass through user space), commits the object row, and drops the upload and
// every part in the same transaction.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>

#include <fmt/format.h>

#include "common/encoding.h"
#include "common/ids.h"
#include "storage/errors.h"
#include "storage/local/local_object_store.h"
#include "storage/local/storage_schema.h"
#include "storage/listing_position.h"

namespace sluice::storage {

struct LocalObjectStore::StoredPart {
  PartInfo info;
  uint64_t blob = 0;
};

namespace {

constexpr std::string_view kUploadColumns =
    "upload_id, bucket, key, initiated_micros, owner_account, checksum_algorithm, checksum_type, headers";

UploadInfo ReadUploadRow(const meta::Cursor& row) {
  UploadInfo upload;
  upload.upload_id = row.Text(0);
  upload.bucket = row.Text(1);
  upload.key = row.Text(2);
  upload.initiated_micros = row.Int(3);
  upload.owner_account = row.Text(4);
  upload.checksum_algorithm = static_cast<ChecksumAlgorithm>(row.Int(5));
  upload.checksum_type = static_cast<ChecksumType>(row.Int(6));
  upload.headers = DecodeHeaders(row.View(7));
  return upload;
}

// The checksum every part of `upload` is stored with.
ChecksumAlgorithm PartAlgorithm(const UploadInfo& upload) {
  return upload.checksum_algorithm == ChecksumAlgorithm::kNone ? ChecksumAlgorithm::kCrc64Nvme
                                                                : upload.checksum_algorithm;
}

Status CheckPartNumber(int part_number) {
  if (part_number < 1 || part_number > kMaxPartNumber) {
    return InvalidArgumentFor("Part number must be an integer between 1 and 10000, inclusive", "partNumber",
                              std::to_string(part_number));
  }
  return Status::Ok();
}

Result<bool> UploadExists(meta::Transaction& transaction, std::string_view upload_id) {
  ASSIGN_OR_RETURN(auto found, transaction.QueryInt("SELECT 1 FROM uploads WHERE upload_id = ?", upload_id));
  return found.has_value();
}

}  // namespace

Result<UploadInfo> LocalObjectStore::CreateMultipartUpload(std::string_view bucket, std::string_view key,
                                                           const MultipartOptions& options) {
  RETURN_IF_ERROR(RequireBucket(bucket));
  UploadInfo upload;
  upload.bucket = std::string(bucket);
  upload.key = std::string(key);
  upload.upload_id = Base64Encode(RandomBytes(36));
  for (char& c : upload.upload_id) {
    if (c == '+') c = '-';
    if (c == '/') c = '_';
  }
  upload.initiated_micros = Now();
  upload.owner_account = options.owner_account;
  upload.headers = options.headers;
  upload.checksum_algorithm = options.checksum_algorithm;
  upload.checksum_type = options.checksum_type;
  std::string headers = EncodeHeaders(upload.headers);
  RETURN_IF_ERROR(commits_.Commit([&](meta::Transaction& transaction) -> Status {
    ASSIGN_OR_RETURN(auto found, transaction.QueryInt("SELECT 1 FROM buckets WHERE name = ?", bucket));
    if (!found) return NoSuchBucket(bucket);
    return transaction.Exec(
        "INSERT INTO uploads (upload_id, bucket, key, initiated_micros, last_activity_micros, owner_account, "
        "checksum_algorithm, checksum_type, headers) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        upload.upload_id, upload.bucket, meta::Blob{upload.key}, upload.initiated_micros, upload.initiated_micros,
        upload.owner_account, static_cast<int>(upload.checksum_algorithm), static_cast<int>(upload.checksum_type),
        meta::Blob{headers});
  }));
  return upload;
}

Result<UploadInfo> LocalObjectStore::GetMultipartUpload(std::string_view bucket, std::string_view key,
                                                        std::string_view upload_id) {
  std::optional<UploadInfo> upload;
  static const std::string kQuery =
      fmt::format("SELECT {} FROM uploads WHERE upload_id = ? AND bucket = ? AND key = ?", kUploadColumns);
  RETURN_IF_ERROR(database_->Read([&](meta::Transaction& transaction) -> Status {
    auto rows = transaction.Query(kQuery, upload_id, bucket, meta::Blob{key});
    if (rows.Next()) upload = ReadUploadRow(rows);
    return rows.status();
  }));
  if (!upload) {
    RETURN_IF_ERROR(RequireBucket(bucket));
    return NoSuchUpload(upload_id);
  }
  return std::move(*upload);
}

Status LocalObjectStore::CommitPart(const UploadInfo& upload, const PartInfo& part, uint64_t blob) {
  std::optional<uint64_t> replaced;
  RETURN_IF_ERROR(commits_.Commit(
      [&](meta::Transaction& transaction) -> Status {
        ASSIGN_OR_RETURN(bool exists, UploadExists(transaction, upload.upload_id));
        if (!exists) return NoSuchUpload(upload.upload_id);
        ASSIGN_OR_RETURN(auto previous,
                         transaction.QueryInt("SELECT blob FROM parts WHERE upload_id = ? AND part_number = ?",
                                              upload.upload_id, part.part_number));
        RETURN_IF_ERROR(transaction.Exec(
            "INSERT OR REPLACE INTO parts (upload_id, part_number, blob, size, etag, modified_micros, checksum) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            upload.upload_id, part.part_number, blob, part.size, part.etag, part.modified_micros,
            meta::Blob{part.checksum}));
        RETURN_IF_ERROR(transaction.Exec("UPDATE uploads SET last_activity_micros = ? WHERE upload_id = ?",
                                         part.modified_micros, upload.upload_id));
        if (previous) replaced = static_cast<uint64_t>(*previous);
        return Status::Ok();
      },
      blobs_->DirectoryOf(blob)));
  if (replaced) Reclaim(*replaced);
  return Status::Ok();
}

Result<PartInfo> LocalObjectStore::UploadPart(std::string_view bucket, std::string_view key,
                                              std::string_view upload_id, int part_number, ByteSource& body,
                                              const PartOptions& options) {
  RETURN_IF_ERROR(CheckPartNumber(part_number));
  ASSIGN_OR_RETURN(UploadInfo upload, GetMultipartUpload(bucket, key, upload_id));
  ChecksumAlgorithm algorithm = PartAlgorithm(upload);
  ASSIGN_OR_RETURN(auto blob, BlobWriter::Create(blobs_.get(), algorithm, options.verify_algorithm, kMaxPutSize,
                                                 options.size_hint));
  RETURN_IF_ERROR(blob->AppendFrom(body));
  ASSIGN_OR_RETURN(WrittenBytes written, blob->Finish());
  if (options.verify) RETURN_IF_ERROR(options.verify(written));
  PartInfo part{part_number, written.size, HexEncode(written.digests.md5), written.digests.checksum(algorithm), Now()};
  RETURN_IF_ERROR(CommitPart(upload, part, blob->id()));
  blob->Keep();
  return part;
}

Result<PartInfo> LocalObjectStore::UploadPartCopy(std::string_view bucket, std::string_view key,
                                                  std::string_view upload_id, int part_number,
                                                  std::string_view source_bucket, std::string_view source_key,
                                                  std::optional<std::pair<uint64_t, uint64_t>> range,
                                                  const std::function<Status(const ObjectInfo&)>& check_source) {
  RETURN_IF_ERROR(CheckPartNumber(part_number));
  ASSIGN_OR_RETURN(UploadInfo upload, GetMultipartUpload(bucket, key, upload_id));
  ASSIGN_OR_RETURN(ReadableObject source, OpenObject(source_bucket, source_key));
  if (check_source) RETURN_IF_ERROR(check_source(source.info));
  uint64_t first = 0;
  uint64_t length = source.info.size;
  if (range) {
    if (range->first > range->second || range->second >= source.info.size) {
      return InvalidArgumentFor(
          fmt::format("Range specified is not valid for source object of size: {}", source.info.size),
          "x-amz-copy-source-range", fmt::format("bytes={}-{}", range->first, range->second));
    }
    first = range->first;
    length = range->second - range->first + 1;
  }
  if (length > kMaxPutSize) return EntityTooLarge(length, kMaxPutSize);
  ChecksumAlgorithm algorithm = PartAlgorithm(upload);
  ASSIGN_OR_RETURN(auto blob,
                   BlobWriter::Create(blobs_.get(), algorithm, ChecksumAlgorithm::kNone, kMaxPutSize, length));
  RETURN_IF_ERROR(blob->AppendFileRange(source.file, first, length));
  ASSIGN_OR_RETURN(WrittenBytes written, blob->Finish());
  PartInfo part{part_number, written.size, HexEncode(written.digests.md5), written.digests.checksum(algorithm), Now()};
  RETURN_IF_ERROR(CommitPart(upload, part, blob->id()));
  blob->Keep();
  return part;
}

Result<std::vector<LocalObjectStore::StoredPart>> LocalObjectStore::ReadParts(std::string_view upload_id) {
  std::vector<StoredPart> parts;
  RETURN_IF_ERROR(database_->Read([&](meta::Transaction& transaction) -> Status {
    auto rows = transaction.Query(
        "SELECT part_number, size, etag, checksum, modified_micros, blob FROM parts WHERE upload_id = ? "
        "ORDER BY part_number",
        upload_id);
    while (rows.Next()) {
      StoredPart& part = parts.emplace_back();
      part.info.part_number = static_cast<int>(rows.Int(0));
      part.info.size = static_cast<uint64_t>(rows.Int(1));
      part.info.etag = rows.Text(2);
      part.info.checksum = rows.Text(3);
      part.info.modified_micros = rows.Int(4);
      part.blob = static_cast<uint64_t>(rows.Int(5));
    }
    return rows.status();
  }));
  return parts;
}

Result<PartsPage> LocalObjectStore::ListParts(std::string_view bucket, std::string_view key,
                                              std::string_view upload_id, int marker, int max_parts) {
  ASSIGN_OR_RETURN(UploadInfo upload, GetMultipartUpload(bucket, key, upload_id));
  ASSIGN_OR_RETURN(std::vector<StoredPart> parts, ReadParts(upload_id));
  PartsPage page;
  for (StoredPart& part : parts) {
    if (part.info.part_number <= marker) continue;
    if (static_cast<int>(page.parts.size()) == max_parts) {
      page.truncated = true;
      break;
    }
    page.next_marker = part.info.part_number;
    page.parts.push_back(std::move(part.info));
  }
  return page;
}

Result<uint64_t> LocalObjectStore::ConcatenateParts(const std::vector<StoredPart>& parts) {
  uint64_t id = blobs_->NewId();
  if (parts.size() == 1) {
    RETURN_IF_ERROR(blobs_->Link(parts[0].blob, id));
    return id;
  }
  ASSIGN_OR_RETURN(File out, blobs_->Create(id));
  Status status;
  for (const StoredPart& part : parts) {
    auto in = blobs_->OpenRead(part.blob);
    if (!in.ok()) {
      status = in.status();
      break;
    }
    uint64_t left = part.info.size;
    while (left > 0 && status.ok()) {
      ssize_t n = ::copy_file_range(in->fd(), nullptr, out.fd(), nullptr, static_cast<size_t>(std::min<uint64_t>(left, 1u << 30)), 0);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) status = ErrnoError("copying a part into " + out.path(), errno);
      else if (n == 0) status = DataLoss("part blob " + in->path() + " is shorter than its recorded size");
      else left -= static_cast<uint64_t>(n);
    }
    if (!status.ok()) break;
  }
  if (status.ok()) status = out.Sync();
  if (status.ok()) status = out.Close();
  if (!status.ok()) {
    blobs_->Remove(id);
    return status;
  }
  return id;
}

Result<ObjectInfo> LocalObjectStore::CompleteMultipartUpload(std::string_view bucket, std::string_view key,
                                                             std::string_view upload_id,
                                                             const std::vector<CompletedPart>& parts,
                                                             const CompleteOptions& options) {
  ASSIGN_OR_RETURN(UploadInfo upload, GetMultipartUpload(bucket, key, upload_id));
  if (parts.empty()) {
    return AwsError("MalformedXML", 400,
                    "The XML you provided was not well-formed or did not validate against our published schema");
  }
  for (size_t i = 1; i < parts.size(); ++i) {
    if (parts[i].part_number <= parts[i - 1].part_number) {
      return AwsError("InvalidPartOrder", 400,
                      "The list of parts was not in ascending order. Parts must be ordered by part number.")
          .WithDetail("UploadId", std::string(upload_id));
    }
  }
  ASSIGN_OR_RETURN(std::vector<StoredPart> stored, ReadParts(upload_id));
  std::vector<StoredPart> chosen;
  chosen.reserve(parts.size());
  size_t next = 0;
  for (const CompletedPart& wanted : parts) {
    while (next < stored.size() && stored[next].info.part_number < wanted.part_number) ++next;
    bool found = next < stored.size() && stored[next].info.part_number == wanted.part_number;
    if (!found || AsciiLower(wanted.etag) != stored[next].info.etag) {
      return InvalidPart(
                 "One or more of the specified parts could not be found.  The part may not have been uploaded, or the "
                 "specified entity tag may not have matched the part's entity tag.")
          .WithDetail("UploadId", std::string(upload_id))
          .WithDetail("PartNumber", std::to_string(wanted.part_number))
          .WithDetail("ETag", wanted.etag);
    }
    if (wanted.checksum && upload.checksum_algorithm != ChecksumAlgorithm::kNone &&
        *wanted.checksum != stored[next].info.checksum) {
      return InvalidPart(fmt::format("The {} you specified for part {} did not match what we received.",
                                     ChecksumAlgorithmName(upload.checksum_algorithm), wanted.part_number))
          .WithDetail("UploadId", std::string(upload_id))
          .WithDetail("PartNumber", std::to_string(wanted.part_number));
    }
    chosen.push_back(stored[next]);
  }
  uint64_t total = 0;
  for (size_t i = 0; i < chosen.size(); ++i) {
    const PartInfo& part = chosen[i].info;
    if (i + 1 < chosen.size() && part.size < kMinPartSize) {
      return AwsError("EntityTooSmall", 400, "Your proposed upload is smaller than the minimum allowed object size.")
          .WithDetail("ProposedSize", std::to_string(part.size))
          .WithDetail("MinSizeAllowed", std::to_string(kMinPartSize))
          .WithDetail("PartNumber", std::to_string(part.part_number))
          .WithDetail("ETag", part.etag);
    }
    total += part.size;
  }
  if (options.expected_size && *options.expected_size != total) {
    return InvalidRequest(fmt::format(
        "The provided 'x-amz-mp-object-size' header value {} does not match what was computed: {}",
        *options.expected_size, total));
  }

  ObjectInfo info;
  info.bucket = std::string(bucket);
  info.key = std::string(key);
  info.size = total;
  info.headers = upload.headers;
  info.parts_count = static_cast<int>(chosen.size());
  std::string md5s;
  std::vector<std::string> checksums;
  for (const StoredPart& part : chosen) {
    md5s += HexDecode(part.info.etag).value_or("");
    checksums.push_back(part.info.checksum);
    info.part_sizes.push_back(part.info.size);
  }
  info.etag = fmt::format("{}-{}", HexEncode(Md5(md5s)), chosen.size());
  ChecksumAlgorithm algorithm = PartAlgorithm(upload);
  info.checksum.algorithm = algorithm;
  bool composite = upload.checksum_algorithm != ChecksumAlgorithm::kNone &&
                   upload.checksum_type == ChecksumType::kComposite;
  if (composite) {
    info.checksum.type = ChecksumType::kComposite;
    info.checksum.value = CompositeChecksum(algorithm, checksums);
    info.checksum.parts = info.parts_count;
  } else {
    info.checksum.type = ChecksumType::kFullObject;
    info.checksum.value = chosen[0].info.checksum;
    for (size_t i = 1; i < chosen.size(); ++i) {
      info.checksum.value =
          CombineCrcValues(algorithm, info.checksum.value, chosen[i].info.checksum, chosen[i].info.size);
    }
  }
  if (options.expected_checksum && *options.expected_checksum != info.checksum.value) {
    return BadDigest(fmt::format("The {} you specified did not match the calculated checksum.",
                                 ChecksumAlgorithmName(algorithm)));
  }

  ASSIGN_OR_RETURN(uint64_t blob, ConcatenateParts(chosen));
  info.modified_micros = Now();
  std::optional<uint64_t> replaced;
  std::vector<uint64_t> part_blobs;
  Status committed = commits_.Commit(
      [&](meta::Transaction& transaction) -> Status {
        ASSIGN_OR_RETURN(bool exists, UploadExists(transaction, upload_id));
        if (!exists) return NoSuchUpload(upload_id);
        RETURN_IF_ERROR(WriteObjectRow(transaction, info, blob, options.conditions, &replaced));
        auto part_rows = transaction.Query("SELECT blob FROM parts WHERE upload_id = ?", upload_id);
        while (part_rows.Next()) part_blobs.push_back(static_cast<uint64_t>(part_rows.Int(0)));
        RETURN_IF_ERROR(part_rows.status());
        RETURN_IF_ERROR(transaction.Exec("DELETE FROM parts WHERE upload_id = ?", upload_id));
        return transaction.Exec("DELETE FROM uploads WHERE upload_id = ?", upload_id);
      },
      blobs_->DirectoryOf(blob));
  if (!committed.ok()) {
    blobs_->Remove(blob);
    return committed;
  }
  if (replaced) part_blobs.push_back(*replaced);
  Reclaim(part_blobs);
  return info;
}

Status LocalObjectStore::AbortMultipartUpload(std::string_view bucket, std::string_view key,
                                              std::string_view upload_id) {
  RETURN_IF_ERROR(GetMultipartUpload(bucket, key, upload_id).status());
  std::vector<uint64_t> part_blobs;
  RETURN_IF_ERROR(commits_.Commit([&](meta::Transaction& transaction) -> Status {
    ASSIGN_OR_RETURN(bool exists, UploadExists(transaction, upload_id));
    if (!exists) return NoSuchUpload(upload_id);
    auto rows = transaction.Query("SELECT blob FROM parts WHERE upload_id = ?", upload_id);
    while (rows.Next()) part_blobs.push_back(static_cast<uint64_t>(rows.Int(0)));
    RETURN_IF_ERROR(rows.status());
    RETURN_IF_ERROR(transaction.Exec("DELETE FROM parts WHERE upload_id = ?", upload_id));
    return transaction.Exec("DELETE FROM uploads WHERE upload_id = ?", upload_id);
  }));
  Reclaim(part_blobs);
  return Status::Ok();
}

Result<size_t> LocalObjectStore::AbortUploadsIdleSince(int64_t cutoff_micros) {
  std::vector<UploadInfo> idle;
  static const std::string kQuery =
      fmt::format("SELECT {} FROM uploads WHERE last_activity_micros < ?", kUploadColumns);
  RETURN_IF_ERROR(database_->Read([&](meta::Transaction& transaction) -> Status {
    auto rows = transaction.Query(kQuery, cutoff_micros);
    while (rows.Next()) idle.push_back(ReadUploadRow(rows));
    return rows.status();
  }));
  size_t aborted = 0;
  for (const UploadInfo& upload : idle) {
    Status status = AbortMultipartUpload(upload.bucket, upload.key, upload.upload_id);
    if (status.ok()) ++aborted;
    else if (status.aws_code() != "NoSuchUpload" && status.aws_code() != "NoSuchBucket") return status;
  }
  return aborted;
}

Result<UploadsPage> LocalObjectStore::ListMultipartUploads(std::string_view bucket, std::string_view prefix,
                                                           std::string_view delimiter, std::string_view key_marker,
                                                           std::string_view upload_id_marker, size_t max_uploads) {
  RETURN_IF_ERROR(RequireBucket(bucket));
  UploadsPage page;
  if (max_uploads == 0) return page;
  // Position: after (key_marker, upload_id_marker) in (key, initiated, upload id) order. With
  // only a key marker, every upload of that key is skipped.
  std::string marker_key(key_marker);
  std::optional<std::pair<int64_t, std::string>> marker_upload;
  static const std::string kQuery = fmt::format(
      "SELECT {} FROM uploads WHERE bucket = ? AND key >= ? ORDER BY key, initiated_micros, upload_id",
      kUploadColumns);
  RETURN_IF_ERROR(database_->Read([&](meta::Transaction& transaction) -> Status {
    if (!key_marker.empty() && !upload_id_marker.empty()) {
      auto rows = transaction.Query(
          "SELECT initiated_micros FROM uploads WHERE bucket = ? AND key = ? AND upload_id = ?", bucket,
          meta::Blob{key_marker}, upload_id_marker);
      if (rows.Next()) marker_upload.emplace(rows.Int(0), std::string(upload_id_marker));
      RETURN_IF_ERROR(rows.status());
    }
    ListingStart start = FirstListingPosition(prefix, delimiter, key_marker);
    if (start.exhausted && !marker_upload) return Status::Ok();
    std::string from = marker_upload ? marker_key : start.position;
    std::string upper = PrefixSuccessor(prefix);
    auto rows = transaction.Query(kQuery, bucket, meta::Blob{from});
    std::string skip_prefix;  // the common prefix just emitted
    while (rows.Next()) {
      UploadInfo upload = ReadUploadRow(rows);
      const std::string& key = upload.key;
      if (!upper.empty() && key >= upper) break;
      if (!key.starts_with(prefix)) continue;
      if (marker_upload) {
        if (key == marker_key && std::make_pair(upload.initiated_micros, upload.upload_id) <= *marker_upload) continue;
      } else if (!key_marker.empty() && key <= key_marker) {
        continue;
      }
      if (!skip_prefix.empty() && key.starts_with(skip_prefix)) continue;
      if (!delimiter.empty()) {
        size_t found = key.find(delimiter, prefix.size());
        if (found != std::string::npos) {
          std::string common = key.substr(0, found + delimiter.size());
          if (!key_marker.empty() && common <= key_marker) continue;
          if (page.uploads.size() + page.common_prefixes.size() == max_uploads) {
            page.truncated = true;
            break;
          }
          page.next_key_marker = common;
          page.next_upload_id_marker.clear();
          skip_prefix = common;
          page.common_prefixes.push_back(std::move(common));
          continue;
        }
      }
      if (page.uploads.size() + page.common_prefixes.size() == max_uploads) {
        page.truncated = true;
        break;
      }
      page.next_key_marker = upload.key;
      page.next_upload_id_marker = upload.upload_id;
      page.uploads.push_back(std::move(upload));
    }
    return rows.status();
  }));
  return page;
}

}  // namespace sluice::storage
