// Blob files: see blob_directory.h.
#include "storage/local/blob_directory.h"

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace sluice::storage {

namespace {

constexpr std::string_view kCleanMarker = "CLEAN";

// Parses 16 lowercase hex digits.
bool ParseBlobName(std::string_view name, uint64_t* id) {
  if (name.size() != 16) return false;
  uint64_t value = 0;
  for (char c : name) {
    int digit = (c >= '0' && c <= '9') ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10 : -1;
    if (digit < 0) return false;
    value = (value << 4) | static_cast<uint64_t>(digit);
  }
  *id = value;
  return true;
}

}  // namespace

Result<std::unique_ptr<BlobDirectory>> BlobDirectory::Open(std::string root, uint32_t generation) {
  RETURN_IF_ERROR(CreateDirectories(root));
  for (int i = 0; i < 256; ++i) RETURN_IF_ERROR(CreateDirectories(fmt::format("{}/{:02x}", root, i)));
  RETURN_IF_ERROR(SyncDirectory(root));
  return std::unique_ptr<BlobDirectory>(new BlobDirectory(std::move(root), generation & 0xffffff));
}

// Blobs created close together in time share a directory (256 consecutive ids per directory),
// so a group commit fsyncs one or two directories rather than one per blob.
std::string BlobDirectory::DirectoryOf(uint64_t id) const { return fmt::format("{}/{:02x}", root_, (id >> 8) & 0xff); }

std::string BlobDirectory::PathOf(uint64_t id) const {
  return fmt::format("{}/{:02x}/{:016x}", root_, (id >> 8) & 0xff, id);
}

Result<File> BlobDirectory::Create(uint64_t id) const { return File::CreateNew(PathOf(id)); }

Result<File> BlobDirectory::OpenRead(uint64_t id) const { return File::OpenRead(PathOf(id)); }

Status BlobDirectory::Link(uint64_t existing, uint64_t id) const {
  std::string from = PathOf(existing);
  std::string to = PathOf(id);
  if (::link(from.c_str(), to.c_str()) != 0) {
    if (errno == ENOENT) return NotFound("blob " + from + " is gone");
    return ErrnoError(fmt::format("linking {} to {}", from, to), errno);
  }
  return Status::Ok();
}

void BlobDirectory::Remove(uint64_t id) const {
  std::string path = PathOf(id);
  if (::unlink(path.c_str()) != 0 && errno != ENOENT) {
    spdlog::warn("could not remove blob {}: {}", path, std::strerror(errno));
  }
}

Result<size_t> BlobDirectory::RemoveUnreferenced(const std::function<bool(uint64_t)>& referenced) const {
  size_t removed = 0;
  for (int i = 0; i < 256; ++i) {
    std::string directory = fmt::format("{}/{:02x}", root_, i);
    DIR* handle = ::opendir(directory.c_str());
    if (!handle) {
      if (errno == ENOENT) continue;
      return ErrnoError("listing " + directory, errno);
    }
    while (dirent* entry = ::readdir(handle)) {
      std::string_view name = entry->d_name;
      if (name == "." || name == "..") continue;
      uint64_t id = 0;
      bool is_blob = ParseBlobName(name, &id);
      if (is_blob && (id >> 40) >= generation_) continue;  // written by this process
      if (is_blob && referenced(id)) continue;
      std::string path = directory + "/" + std::string(name);
      if (::unlink(path.c_str()) == 0) ++removed;
    }
    ::closedir(handle);
  }
  return removed;
}

Result<bool> BlobDirectory::TakeCleanMarker() const {
  std::string path = JoinPath(root_, kCleanMarker);
  if (!PathExists(path)) return false;
  RETURN_IF_ERROR(RemoveFile(path));
  RETURN_IF_ERROR(SyncDirectory(root_));
  return true;
}

Status BlobDirectory::WriteCleanMarker() const { return WriteFileAtomically(JoinPath(root_, kCleanMarker), "clean\n"); }

}  // namespace sluice::storage
