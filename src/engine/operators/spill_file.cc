// Spill files: see spill_file.h.
#include "engine/operators/spill_file.h"

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <vector>

#include <fmt/format.h>

namespace sluice::engine {

using columnar::Buffer;
using columnar::BufferPtr;
using columnar::Column;
using columnar::ColumnPtr;
using columnar::TypePtr;

namespace {

constexpr char kMagic[4] = {'S', 'P', 'L', '1'};
// A sanity bound on any one buffer read back (a damaged file must not allocate without limit).
constexpr uint64_t kMaxBufferBytes = uint64_t{1} << 40;

class Writer {
 public:
  explicit Writer(std::FILE* file) : file_(file) {}
  void Bytes(const void* data, size_t size) {
    if (ok_ && size && std::fwrite(data, 1, size, file_) != size) ok_ = false;
    written_ += static_cast<int64_t>(size);
  }
  template <typename T>
  void Value(T v) {
    Bytes(&v, sizeof(v));
  }
  void OptionalBuffer(const BufferPtr& buffer, size_t used) {
    Value<uint64_t>(buffer ? used : 0);
    if (buffer && used) Bytes(buffer->data(), used);
  }
  void WriteColumn(const Column& column) {
    Value<uint64_t>(static_cast<uint64_t>(column.null_count()));
    const int64_t n = column.length();
    Value<uint8_t>(column.validity() ? 1 : 0);
    if (column.validity()) Bytes(column.validity()->data(), columnar::BitmapBytes(n));
    const columnar::DataType& type = *column.type();
    size_t values = 0;
    if (type.has_offsets()) values = static_cast<size_t>(n + 1) * sizeof(int64_t);
    else if (type.byte_width() > 0) values = static_cast<size_t>(n) * static_cast<size_t>(type.byte_width());
    OptionalBuffer(column.values(), values);
    size_t data = 0;
    if (type.is_binary_like() && column.values()) data = static_cast<size_t>(column.Offsets()[n]);
    OptionalBuffer(column.data(), data);
    Value<uint32_t>(static_cast<uint32_t>(column.children().size()));
    for (const auto& child : column.children()) WriteColumn(*child);
  }
  bool ok() const { return ok_; }
  int64_t written() const { return written_; }

 private:
  std::FILE* file_;
  bool ok_ = true;
  int64_t written_ = 0;
};

class Reader {
 public:
  explicit Reader(std::FILE* file) : file_(file) {}
  bool Bytes(void* out, size_t size) { return size == 0 || std::fread(out, 1, size, file_) == size; }
  template <typename T>
  bool Value(T* v) {
    return Bytes(v, sizeof(T));
  }
  Result<BufferPtr> OptionalBuffer() {
    uint64_t size;
    if (!Value(&size) || size > kMaxBufferBytes) return DataLoss("spill file is damaged");
    if (size == 0) return BufferPtr();
    auto buffer = Buffer::Allocate(size);
    if (!Bytes(buffer->mutable_data(), size)) return DataLoss("spill file is truncated");
    return buffer;
  }
  Result<ColumnPtr> ReadColumn(const TypePtr& type, int64_t length) {
    uint64_t nulls;
    uint8_t has_validity;
    if (!Value(&nulls) || !Value(&has_validity)) return DataLoss("spill file is truncated");
    BufferPtr validity;
    if (has_validity) {
      validity = Buffer::Allocate(columnar::BitmapBytes(length));
      if (!Bytes(validity->mutable_data(), columnar::BitmapBytes(length))) return DataLoss("spill file is truncated");
    }
    ASSIGN_OR_RETURN(BufferPtr values, OptionalBuffer());
    ASSIGN_OR_RETURN(BufferPtr data, OptionalBuffer());
    uint32_t child_count;
    if (!Value(&child_count) || child_count != type->fields().size()) return DataLoss("spill file is damaged");
    if (type->is_binary_like() && !data) data = Buffer::Allocate(0);
    std::vector<ColumnPtr> children;
    for (size_t c = 0; c < child_count; ++c) {
      int64_t child_length = length;
      if (type->id() == columnar::TypeId::kList || type->id() == columnar::TypeId::kMap) {
        child_length = values ? values->as<int64_t>()[length] : 0;
      }
      ASSIGN_OR_RETURN(ColumnPtr child, ReadColumn(type->fields()[c].type, child_length));
      children.push_back(std::move(child));
    }
    return Column::Make(type, length, std::move(validity), std::move(values), std::move(data), std::move(children),
                        static_cast<int64_t>(nulls));
  }

 private:
  std::FILE* file_;
};

}  // namespace

Result<std::unique_ptr<SpillFile>> SpillFile::Create(const std::string& directory) {
  std::string path = directory + "/sluice-spill-XXXXXX";
  std::vector<char> name(path.begin(), path.end());
  name.push_back('\0');
  int fd = mkstemp(name.data());
  if (fd < 0) return ErrnoError(fmt::format("cannot create a spill file in {}", directory), errno);
  unlink(name.data());
  std::FILE* file = fdopen(fd, "w+b");
  if (!file) {
    int error = errno;
    close(fd);
    return ErrnoError("cannot open a spill file", error);
  }
  return std::unique_ptr<SpillFile>(new SpillFile(file));
}

SpillFile::~SpillFile() {
  if (file_) std::fclose(file_);
}

Status SpillFile::Append(const columnar::RecordBatch& batch) {
  Writer writer(file_);
  writer.Bytes(kMagic, 4);
  writer.Value<uint64_t>(static_cast<uint64_t>(batch.num_rows()));
  for (const auto& column : batch.columns()) {
    if (column->offset() != 0) return Internal("spill file: column not at offset 0");
    writer.WriteColumn(*column);
  }
  bytes_written_ += writer.written();
  if (!writer.ok()) return ErrnoError("cannot write a spill file", errno);
  return Status::Ok();
}

Status SpillFile::StartReading() {
  if (std::fflush(file_) != 0 || std::fseek(file_, 0, SEEK_SET) != 0) return ErrnoError("cannot rewind a spill file", errno);
  return Status::Ok();
}

Result<columnar::BatchPtr> SpillFile::ReadNext(const columnar::SchemaPtr& schema) {
  Reader reader(file_);
  char magic[4];
  if (std::fread(magic, 1, 4, file_) != 4) return columnar::BatchPtr();
  if (std::memcmp(magic, kMagic, 4) != 0) return DataLoss("spill file is damaged");
  uint64_t rows;
  if (!reader.Value(&rows) || rows > kMaxBufferBytes) return DataLoss("spill file is truncated");
  std::vector<ColumnPtr> columns;
  for (const auto& field : schema->fields()) {
    ASSIGN_OR_RETURN(ColumnPtr column, reader.ReadColumn(field.type, static_cast<int64_t>(rows)));
    columns.push_back(std::move(column));
  }
  return columnar::RecordBatch::Make(schema, static_cast<int64_t>(rows), std::move(columns));
}

}  // namespace sluice::engine
