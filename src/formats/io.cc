// Local files for the formats: see io.h.
#include "formats/io.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <fmt/format.h>

namespace sluice::formats {

namespace {

class MappedFile final : public InputFile {
 public:
  MappedFile(std::string name, const char* data, uint64_t size) : name_(std::move(name)), data_(data), size_(size) {}
  ~MappedFile() override {
    if (data_ && size_ > 0) ::munmap(const_cast<char*>(data_), size_);
  }
  const std::string& name() const override { return name_; }
  uint64_t size() const override { return size_; }
  Result<size_t> ReadAt(uint64_t offset, size_t length, char* out) const override {
    if (offset >= size_) return size_t{0};
    size_t n = static_cast<size_t>(std::min<uint64_t>(length, size_ - offset));
    std::memcpy(out, data_ + offset, n);
    return n;
  }
  std::optional<std::string_view> View() const override { return std::string_view(data_, size_); }
  void DoneWith(uint64_t offset, uint64_t length) const override {
    // Whole pages inside the range only: a page shared with bytes still in use stays.
    static const uint64_t kPage = static_cast<uint64_t>(::sysconf(_SC_PAGESIZE));
    if (offset >= size_) return;
    uint64_t end = std::min(size_, offset + length);
    uint64_t first = (offset + kPage - 1) / kPage * kPage;
    uint64_t last = end == size_ ? (end + kPage - 1) / kPage * kPage : end / kPage * kPage;
    if (last > first) ::madvise(const_cast<char*>(data_) + first, last - first, MADV_DONTNEED);
  }

 private:
  std::string name_;
  const char* data_;
  uint64_t size_;
};

class StringFile final : public InputFile {
 public:
  StringFile(std::string data, std::string name) : data_(std::move(data)), name_(std::move(name)) {}
  const std::string& name() const override { return name_; }
  uint64_t size() const override { return data_.size(); }
  Result<size_t> ReadAt(uint64_t offset, size_t length, char* out) const override {
    if (offset >= data_.size()) return size_t{0};
    size_t n = std::min<size_t>(length, data_.size() - offset);
    std::memcpy(out, data_.data() + offset, n);
    return n;
  }
  std::optional<std::string_view> View() const override { return std::string_view(data_); }

 private:
  std::string data_;
  std::string name_;
};

class LocalOutput final : public OutputStream {
 public:
  LocalOutput(std::string name, int fd) : name_(std::move(name)), fd_(fd) { buffer_.reserve(kBufferSize); }
  ~LocalOutput() override {
    if (fd_ >= 0) ::close(fd_);
  }
  const std::string& name() const override { return name_; }
  Status Write(std::string_view bytes) override {
    if (fd_ < 0) return FailedPrecondition(name_ + ": write after close");
    position_ += bytes.size();
    if (buffer_.size() + bytes.size() > kBufferSize) {
      RETURN_IF_ERROR(Flush());
      if (bytes.size() >= kBufferSize) return WriteAll(bytes);
    }
    buffer_.append(bytes);
    return Status::Ok();
  }
  uint64_t position() const override { return position_; }
  Status Close() override {
    if (fd_ < 0) return Status::Ok();
    RETURN_IF_ERROR(Flush());
    int fd = fd_;
    fd_ = -1;
    if (::fdatasync(fd) != 0) {
      int saved = errno;
      ::close(fd);
      return ErrnoError("fsync " + name_, saved);
    }
    if (::close(fd) != 0) return ErrnoError("closing " + name_, errno);
    return Status::Ok();
  }

 private:
  static constexpr size_t kBufferSize = 1 << 20;
  Status Flush() {
    Status status = WriteAll(buffer_);
    buffer_.clear();
    return status;
  }
  Status WriteAll(std::string_view bytes) {
    while (!bytes.empty()) {
      ssize_t n = ::write(fd_, bytes.data(), bytes.size());
      if (n < 0) {
        if (errno == EINTR) continue;
        return ErrnoError("writing " + name_, errno);
      }
      bytes.remove_prefix(static_cast<size_t>(n));
    }
    return Status::Ok();
  }
  std::string name_;
  int fd_;
  std::string buffer_;
  uint64_t position_ = 0;
};

}  // namespace

Result<InputFilePtr> OpenLocalFile(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return NotFound("no such file: " + path);
    return ErrnoError("opening " + path, errno);
  }
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    int saved = errno;
    ::close(fd);
    return ErrnoError("stat " + path, saved);
  }
  if (S_ISDIR(st.st_mode)) {
    ::close(fd);
    return InvalidArgument(path + " is a directory");
  }
  auto file = MapDescriptor(fd, static_cast<uint64_t>(st.st_size), path);
  ::close(fd);  // the mapping stays valid
  return file;
}

Result<InputFilePtr> MapDescriptor(int fd, uint64_t size, std::string name) {
  const char* data = nullptr;
  if (size > 0) {
    void* mapped = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (mapped == MAP_FAILED) return ErrnoError("mapping " + name, errno);
    ::madvise(mapped, size, MADV_SEQUENTIAL);
    data = static_cast<const char*>(mapped);
  }
  return InputFilePtr(std::make_shared<MappedFile>(std::move(name), data, size));
}

InputFilePtr InputFileFromString(std::string data, std::string name) {
  return std::make_shared<StringFile>(std::move(data), std::move(name));
}

Result<std::unique_ptr<OutputStream>> CreateLocalFile(const std::string& path) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return ErrnoError("creating " + path, errno);
  return std::unique_ptr<OutputStream>(std::make_unique<LocalOutput>(path, fd));
}

}  // namespace sluice::formats
