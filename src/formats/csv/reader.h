// CsvReader: reads a CSV file (plain, or .gz/.zst/.bz2 by extension or magic bytes) as record
// batches. Opening sniffs the dialect, header and types from a sample unless the options fix
// them; reading cuts the input into blocks of whole rows (quoted newlines included) that are
// tokenized and converted on a pool of threads while the caller consumes batches in file
// order. Memory stays bounded: a few blocks in flight, whatever the size of the file.
//
// Malformed rows follow options.on_error: kFail stops with InvalidArgument naming the file and
// line; kSkip leaves them out and counts them (skipped(), skipped_messages()).
//
// Thread safety: one thread calls Next(); parsing threads are internal.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "formats/batch_stream.h"
#include "formats/compression/stream_compression.h"
#include "formats/csv/block_batch_stream.h"
#include "formats/csv/block_source.h"
#include "formats/csv/converter.h"
#include "formats/csv/options.h"
#include "formats/csv/sniffer.h"
#include "formats/io.h"

namespace sluice::formats::csv {

class CsvReader final : public BatchReader {
 public:
  // Opens `file`, decompressing by its name's extension (or its magic bytes). Fails with
  // InvalidArgument for bad options, an empty file, or a sample holding no rows.
  static Result<std::unique_ptr<CsvReader>> Open(InputFilePtr file, const CsvReadOptions& options);
  ~CsvReader() override;

  const columnar::SchemaPtr& schema() const override { return schema_; }
  Result<columnar::BatchPtr> Next() override;

  // What sniffing found (dialect, header, every column with the reason for its type).
  const CsvSniffResult& sniffed() const { return sniff_; }
  StreamCompression compression() const { return compression_; }
  int64_t rows_read() const { return stream_->rows_read(); }
  // Rows left out under ErrorPolicy::kSkip, and the first 100 reasons ("file:line: ...").
  int64_t skipped() const { return stream_->errors().skipped(); }
  const std::vector<std::string>& skipped_messages() const { return stream_->errors().messages(); }

  struct Shared;       // state shared with parsing tasks
  struct ParsedBlock;  // one block's results

 private:
  CsvReader() = default;
  BlockSourceOptions SourceOptions() const;
  Result<std::unique_ptr<BlockSource>> MakeSource();
  Status InferWholeFile();

  InputFilePtr file_;
  CsvReadOptions options_;
  StreamCompression compression_ = StreamCompression::kNone;
  CsvSniffResult sniff_;
  columnar::SchemaPtr schema_;
  std::shared_ptr<Shared> shared_;
  bool mapped_ = false;  // blocks are views of file_'s mapping
  std::unique_ptr<BlockBatchStream<ParsedBlock>> stream_;
};

}  // namespace sluice::formats::csv
