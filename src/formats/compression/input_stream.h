// Sequential byte streams for reading text formats: a file read front to back, optionally
// decompressed on the fly (gzip, zstd, bzip2) with bounded memory: a fixed input buffer and
// the codec's own window, whatever the size of the file. Concatenated gzip members, zstd
// frames and bzip2 streams are read one after another, as gzip, zstd and bzip2 do.
//
// Thread safety: a stream is used by one thread at a time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "common/status.h"
#include "formats/compression/stream_compression.h"
#include "formats/io.h"

namespace sluice::formats {

class InputStream {
 public:
  virtual ~InputStream() = default;
  // The file's name, for messages.
  virtual const std::string& name() const = 0;
  // Reads up to `length` bytes into `out`; returns the count, 0 only at the end. DataLoss
  // (naming the file and the compressed offset) for a corrupt or truncated stream.
  virtual Result<size_t> Read(char* out, size_t length) = 0;
  // Bytes of the underlying file consumed so far (compressed bytes for compressed streams).
  virtual uint64_t file_position() const = 0;
};

// A stream over `file`, decompressed with `compression`. The file is read through ReadAt in
// blocks; nothing larger than a block is held.
Result<std::unique_ptr<InputStream>> OpenInputStream(InputFilePtr file, StreamCompression compression);

// The file's compression: by its name's extension, else by its first bytes.
Result<StreamCompression> DetectStreamCompression(const InputFile& file);

// The first bytes of a file's (decompressed) contents, for sniffing.
struct FileSample {
  std::string_view bytes;  // points into the file's mapping or into `owned`
  std::string owned;
  bool whole_file = false;  // the sample is the entire (decompressed) file
};
// Reads up to `max_bytes` (zero copy when the file is mapped and not compressed).
Result<FileSample> ReadFileSample(const InputFilePtr& file, StreamCompression compression, size_t max_bytes);

// Reads the whole stream into a string; ResourceExhausted past `max_bytes`.
Result<std::string> ReadStreamToString(InputStream& stream, size_t max_bytes);

}  // namespace sluice::formats
