// Files: see file.h.
#include "common/file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <vector>

#include <fmt/format.h>

#include "common/ids.h"

namespace sluice {

File::~File() {
  if (fd_ >= 0) ::close(fd_);
}

File::File(File&& other) noexcept : fd_(other.fd_), path_(std::move(other.path_)) { other.fd_ = -1; }

File& File::operator=(File&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.fd_;
    path_ = std::move(other.path_);
    other.fd_ = -1;
  }
  return *this;
}

Result<File> File::OpenRead(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return NotFound("no such file: " + path);
    return ErrnoError("opening " + path, errno);
  }
  return File(fd, path);
}

Result<File> File::CreateNew(const std::string& path) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) return ErrnoError("creating " + path, errno);
  return File(fd, path);
}

Result<File> File::CreateOrTruncate(const std::string& path) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return ErrnoError("creating " + path, errno);
  return File(fd, path);
}

Status File::Write(std::string_view bytes) {
  const char* p = bytes.data();
  size_t left = bytes.size();
  while (left > 0) {
    ssize_t n = ::write(fd_, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      return ErrnoError("writing " + path_, errno);
    }
    p += n;
    left -= static_cast<size_t>(n);
  }
  return Status::Ok();
}

Result<size_t> File::PRead(uint64_t offset, char* buffer, size_t size) const {
  for (;;) {
    ssize_t n = ::pread(fd_, buffer, size, static_cast<off_t>(offset));
    if (n < 0) {
      if (errno == EINTR) continue;
      return ErrnoError("reading " + path_, errno);
    }
    return static_cast<size_t>(n);
  }
}

Status File::PReadExact(uint64_t offset, char* buffer, size_t size) const {
  size_t done = 0;
  while (done < size) {
    ASSIGN_OR_RETURN(size_t n, PRead(offset + done, buffer + done, size - done));
    if (n == 0) {
      return DataLoss(fmt::format("{}: expected {} bytes at offset {}, file ends after {}", path_, size, offset,
                                  offset + done));
    }
    done += n;
  }
  return Status::Ok();
}

Result<uint64_t> File::Size() const {
  struct stat st;
  if (::fstat(fd_, &st) != 0) return ErrnoError("stat " + path_, errno);
  return static_cast<uint64_t>(st.st_size);
}

Status File::Sync() {
  if (::fdatasync(fd_) != 0) return ErrnoError("fsync " + path_, errno);
  return Status::Ok();
}

Status File::Close() {
  if (fd_ < 0) return Status::Ok();
  int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) return ErrnoError("closing " + path_, errno);
  return Status::Ok();
}

Status CreateDirectories(const std::string& path) {
  std::error_code error;
  std::filesystem::create_directories(path, error);
  if (error) return IoError(fmt::format("creating directory {}: {}", path, error.message()));
  return Status::Ok();
}

Status SyncDirectory(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return ErrnoError("opening directory " + path, errno);
  int rc = ::fsync(fd);
  int saved = errno;
  ::close(fd);
  if (rc != 0) return ErrnoError("fsync directory " + path, saved);
  return Status::Ok();
}

Status WriteFileAtomically(const std::string& path, std::string_view contents) {
  std::string temp = path + ".tmp-" + RandomHex(8);
  {
    ASSIGN_OR_RETURN(File file, File::CreateNew(temp));
    Status status = file.Write(contents);
    if (status.ok()) status = file.Sync();
    if (status.ok()) status = file.Close();
    if (!status.ok()) {
      ::unlink(temp.c_str());
      return status;
    }
  }
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    int saved = errno;
    ::unlink(temp.c_str());
    return ErrnoError("renaming " + temp, saved);
  }
  return SyncDirectory(DirectoryOf(path));
}

Result<std::string> ReadFileToString(const std::string& path, uint64_t max_bytes) {
  ASSIGN_OR_RETURN(File file, File::OpenRead(path));
  ASSIGN_OR_RETURN(uint64_t size, file.Size());
  if (size > max_bytes) {
    return ResourceExhausted(fmt::format("{} is {} bytes, more than the limit of {}", path, size, max_bytes));
  }
  std::string out(size, '\0');
  RETURN_IF_ERROR(file.PReadExact(0, out.data(), size));
  return out;
}

bool PathExists(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0;
}

Status RemoveFile(const std::string& path) {
  if (::unlink(path.c_str()) != 0 && errno != ENOENT) return ErrnoError("removing " + path, errno);
  return Status::Ok();
}

std::string DirectoryOf(std::string_view path) {
  size_t slash = path.rfind('/');
  if (slash == std::string_view::npos) return ".";
  if (slash == 0) return "/";
  return std::string(path.substr(0, slash));
}

std::string JoinPath(std::string_view a, std::string_view b) {
  if (a.empty()) return std::string(b);
  std::string out(a);
  if (out.back() != '/') out += '/';
  while (!b.empty() && b.front() == '/') b.remove_prefix(1);
  out += b;
  return out;
}

namespace {
std::vector<std::string_view> NormalizedParts(std::string_view path, bool* escaped) {
  std::vector<std::string_view> parts;
  size_t pos = 0;
  while (pos <= path.size()) {
    size_t next = path.find('/', pos);
    if (next == std::string_view::npos) next = path.size();
    std::string_view part = path.substr(pos, next - pos);
    if (part == "..") {
      if (parts.empty()) *escaped = true;
      else parts.pop_back();
    } else if (!part.empty() && part != ".") {
      parts.push_back(part);
    }
    pos = next + 1;
  }
  return parts;
}
}  // namespace

bool IsInsideDirectory(std::string_view root, std::string_view path) {
  bool root_escaped = false, path_escaped = false;
  if (root.empty() || path.empty() || (root.front() == '/') != (path.front() == '/')) return false;
  auto root_parts = NormalizedParts(root, &root_escaped);
  auto path_parts = NormalizedParts(path, &path_escaped);
  if (root_escaped || path_escaped || path_parts.size() < root_parts.size()) return false;
  for (size_t i = 0; i < root_parts.size(); ++i) {
    if (root_parts[i] != path_parts[i]) return false;
  }
  return true;
}

}  // namespace sluice
