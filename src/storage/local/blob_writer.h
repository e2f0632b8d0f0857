// Writes one new blob file: buffered appends, the MD5 and checksums computed on the way,
// write-back started every few MiB so that the final fsync is short, a size limit, and removal
// of the file on destruction unless the blob was kept (its row committed).
//
// Thread safety: a BlobWriter belongs to one thread.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>

#include "common/file.h"
#include "common/status.h"
#include "storage/checksum.h"
#include "storage/local/blob_directory.h"
#include "storage/object_store.h"

namespace sluice::storage {

class BlobWriter {
 public:
  // Creates the file of a new blob. `max_size` bounds the bytes (EntityTooLarge past it);
  // `size_hint` sizes the buffer.
  static Result<std::unique_ptr<BlobWriter>> Create(const BlobDirectory* blobs, ChecksumAlgorithm stored,
                                                    ChecksumAlgorithm verify, uint64_t max_size,
                                                    uint64_t size_hint);
  ~BlobWriter();
  BlobWriter(const BlobWriter&) = delete;
  BlobWriter& operator=(const BlobWriter&) = delete;

  Status Append(std::string_view bytes);
  Status AppendFrom(ByteSource& source);
  // Copies `length` bytes at `offset` of `source` into the blob, digesting them.
  Status AppendFileRange(const File& source, uint64_t offset, uint64_t length);
  // Flushes and fdatasyncs; returns what was written. REQUIRES: called once, after the appends.
  Result<WrittenBytes> Finish();
  // The blob is referenced by a committed row: do not remove it.
  void Keep() { kept_ = true; }

  uint64_t id() const { return id_; }
  uint64_t size() const { return size_; }

 private:
  BlobWriter(const BlobDirectory* blobs, uint64_t id, File file, ChecksumAlgorithm stored, ChecksumAlgorithm verify,
             uint64_t max_size, size_t buffer_size);
  Status CheckLimit(uint64_t more) const;
  Status Flush();

  const BlobDirectory* blobs_;
  const uint64_t id_;
  File file_;
  Digester digester_;
  const uint64_t max_size_;
  std::unique_ptr<char[]> buffer_;
  const size_t buffer_size_;
  size_t buffered_ = 0;
  uint64_t size_ = 0;
  uint64_t flushed_ = 0;
  uint64_t writeback_started_ = 0;  // bytes handed to sync_file_range
  bool kept_ = false;
};

}  // namespace sluice::storage
