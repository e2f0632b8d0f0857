// Byte sources and sinks for the file formats. Readers take an InputFile (random access, with a
// zero-copy view when the file is memory-mapped, as object-store blobs and local files are);
// writers write to an OutputStream. Names travel with them so every error can say which file.
//
// Thread safety: InputFile is immutable and its ReadAt may be called from several threads at
// once. An OutputStream is used by one thread at a time.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"

namespace sluice::formats {

class InputFile {
 public:
  virtual ~InputFile() = default;
  // For messages: a path or "s3://bucket/key".
  virtual const std::string& name() const = 0;
  virtual uint64_t size() const = 0;
  // Reads up to `length` bytes at `offset` into `out`; returns the count (short only at the end).
  virtual Result<size_t> ReadAt(uint64_t offset, size_t length, char* out) const = 0;
  // The whole file as one view, when it is mapped (or held) in memory; nullopt otherwise.
  virtual std::optional<std::string_view> View() const { return std::nullopt; }
  // A hint from a reader that streams through the file: it is done with [offset, offset +
  // length) for now. A mapped file drops those pages from the process's resident memory (they
  // stay in the page cache and fault back in if read again), so that scanning a file larger
  // than memory keeps a bounded footprint. Views stay valid. Does nothing by default.
  virtual void DoneWith(uint64_t offset, uint64_t length) const {}
};

using InputFilePtr = std::shared_ptr<const InputFile>;

// Maps a local file read-only (the mapping lives as long as the returned object).
Result<InputFilePtr> OpenLocalFile(const std::string& path);
// Maps the first `size` bytes of an open file read-only (an object-store blob, read by jobs);
// the descriptor may be closed afterwards, the mapping lives as long as the returned object.
Result<InputFilePtr> MapDescriptor(int fd, uint64_t size, std::string name);
// Bytes in memory, e.g. a test fixture or a small object.
InputFilePtr InputFileFromString(std::string data, std::string name);

class OutputStream {
 public:
  virtual ~OutputStream() = default;
  virtual const std::string& name() const = 0;
  virtual Status Write(std::string_view bytes) = 0;
  // Bytes written so far.
  virtual uint64_t position() const = 0;
  // Flushes and makes the bytes durable (fsync for files). Writing after Close is an error.
  virtual Status Close() = 0;
};

// Creates (or truncates) a local file; written through a large buffer.
Result<std::unique_ptr<OutputStream>> CreateLocalFile(const std::string& path);
// Collects bytes in memory; `contents()` after Close.
class StringOutputStream final : public OutputStream {
 public:
  explicit StringOutputStream(std::string name = "memory") : name_(std::move(name)) {}
  const std::string& name() const override { return name_; }
  Status Write(std::string_view bytes) override {
    contents_.append(bytes);
    return Status::Ok();
  }
  uint64_t position() const override { return contents_.size(); }
  Status Close() override { return Status::Ok(); }
  const std::string& contents() const { return contents_; }

 private:
  std::string name_;
  std::string contents_;
};

}  // namespace sluice::formats
