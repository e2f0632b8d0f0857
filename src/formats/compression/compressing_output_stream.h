// An OutputStream that compresses what is written to it (gzip, zstd or bzip2) and writes the
// compressed bytes to another OutputStream, holding only a fixed-size buffer. Close() ends the
// compressed stream, then closes the inner one.
//
// Thread safety: used by one thread at a time, like every OutputStream.
#pragma once

#include <memory>

#include "common/status.h"
#include "formats/compression/stream_compression.h"
#include "formats/io.h"

namespace sluice::formats {

// Wraps `inner`. `level` is codec-specific (gzip 1-9, default 6; zstd 1-19, default 3; bzip2
// 1-9, default 9); 0 picks the default. kNone returns `inner` itself. position() of the result
// counts uncompressed bytes; `inner` keeps counting compressed ones.
Result<std::unique_ptr<OutputStream>> CompressOutputStream(std::unique_ptr<OutputStream> inner,
                                                           StreamCompression compression, int level = 0);

}  // namespace sluice::formats
