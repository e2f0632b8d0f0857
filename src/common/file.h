// Files the way a database needs them: RAII descriptors, positional reads, durable writes
// (fsync of the file and of its directory), atomic replacement, and a check that a path stays
// inside a root directory.
//
// Thread safety: a File may be read with PRead from several threads at once; other methods need
// external synchronisation. Free functions are thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"

namespace sluice {

class File {
 public:
  File() = default;
  explicit File(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}
  ~File();
  File(File&& other) noexcept;
  File& operator=(File&& other) noexcept;
  File(const File&) = delete;
  File& operator=(const File&) = delete;

  // Opens for reading.
  static Result<File> OpenRead(const std::string& path);
  // Creates a new file for writing; fails if it exists (O_EXCL).
  static Result<File> CreateNew(const std::string& path);
  // Opens for writing, creating or truncating.
  static Result<File> CreateOrTruncate(const std::string& path);

  int fd() const { return fd_; }
  bool is_open() const { return fd_ >= 0; }
  const std::string& path() const { return path_; }

  // Writes all bytes (retrying short writes).
  Status Write(std::string_view bytes);
  // Reads up to `size` bytes at `offset`; returns the count (0 at end of file).
  Result<size_t> PRead(uint64_t offset, char* buffer, size_t size) const;
  // Reads exactly `size` bytes at `offset`; DataLoss when the file is shorter.
  Status PReadExact(uint64_t offset, char* buffer, size_t size) const;
  Result<uint64_t> Size() const;
  // fdatasync.
  Status Sync();
  Status Close();

 private:
  int fd_ = -1;
  std::string path_;
};

// mkdir -p.
Status CreateDirectories(const std::string& path);
// fsync of a directory, so that a rename or create in it is durable.
Status SyncDirectory(const std::string& path);
// Writes `contents` to `path` atomically: temp file, fsync, rename, fsync of the directory.
Status WriteFileAtomically(const std::string& path, std::string_view contents);
// Whole file; ResourceExhausted when larger than max_bytes.
Result<std::string> ReadFileToString(const std::string& path, uint64_t max_bytes = 64 << 20);
bool PathExists(const std::string& path);
// Removes a file; OK when it does not exist.
Status RemoveFile(const std::string& path);
// The directory part of a path ("a/b/c" → "a/b", "c" → ".").
std::string DirectoryOf(std::string_view path);
// Joins with exactly one '/' between the parts.
std::string JoinPath(std::string_view a, std::string_view b);
// True when `path` (after resolving "." and ".." lexically) is `root` or inside it. Used to
// reject any user-influenced path that would escape the data dir.
bool IsInsideDirectory(std::string_view root, std::string_view path);

}  // namespace sluice
