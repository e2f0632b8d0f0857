// JsonReader: reads JSON records (JSON lines, a top-level array, or concatenated records; plain
// or .gz/.zst/.bz2) as record batches. Opening resolves the format and infers the schema from
// a sample (schema_inference.h) unless given; reading cuts the input into blocks of whole
// records, parsed with simdjson and converted (record_converter.h) on a pool of threads while
// the caller consumes batches in file order, with bounded memory.
//
// Malformed records follow options.on_error: kFail stops with InvalidArgument naming the file
// and line, kSkip leaves them out and counts them.
//
// Thread safety: one thread calls Next(); parsing threads are internal.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "formats/batch_stream.h"
#include "formats/compression/stream_compression.h"
#include "formats/csv/block_batch_stream.h"
#include "formats/csv/block_source.h"
#include "formats/io.h"
#include "formats/json/options.h"

namespace sluice::formats::json {

class JsonReader final : public BatchReader {
 public:
  // InvalidArgument for bad options, an empty file, or a sample without a single valid record
  // (when no schema is given).
  static Result<std::unique_ptr<JsonReader>> Open(InputFilePtr file, const JsonReadOptions& options);
  ~JsonReader() override;

  const columnar::SchemaPtr& schema() const override { return schema_; }
  Result<columnar::BatchPtr> Next() override;

  JsonFormat format() const { return format_; }
  StreamCompression compression() const { return compression_; }
  // Why each column got its type ("given" for given ones).
  const std::vector<std::string>& column_reasons() const { return reasons_; }
  int64_t sampled_records() const { return sampled_records_; }
  int64_t rows_read() const { return stream_->rows_read(); }
  int64_t skipped() const { return stream_->errors().skipped(); }
  const std::vector<std::string>& skipped_messages() const { return stream_->errors().messages(); }
  // Top-level fields met while reading that the schema does not have (skipped).
  int64_t unknown_fields() const { return unknown_fields_; }
  const std::string& first_unknown_field() const { return first_unknown_field_; }

  struct Shared;
  struct ParsedBlock;

 private:
  JsonReader() = default;
  BlockSourceOptions SourceOptions() const;
  Result<std::unique_ptr<BlockSource>> MakeSource();
  Status InferWholeFile();

  InputFilePtr file_;
  JsonReadOptions options_;
  JsonFormat format_ = JsonFormat::kLines;
  StreamCompression compression_ = StreamCompression::kNone;
  uint64_t data_offset_ = 0;
  columnar::SchemaPtr schema_;
  std::vector<std::string> reasons_;
  int64_t sampled_records_ = 0;
  std::shared_ptr<Shared> shared_;
  bool mapped_ = false;
  bool array_closed_ = false;
  int64_t unknown_fields_ = 0;
  std::string first_unknown_field_;
  std::unique_ptr<BlockBatchStream<ParsedBlock>> stream_;
};

}  // namespace sluice::formats::json
