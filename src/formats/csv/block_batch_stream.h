// BlockBatchStream: the consumer side the text readers (CSV, JSON lines) share. It pulls
// blocks of whole rows from a BlockSource, parses them on an OrderedBlockPipeline, and hands
// the batches back in file order: row errors reported (with lines) by a RowErrorLog, a mapped
// file's pages released once a block is done, each block's batch cut to batch_rows.
//
// `Parsed` is the reader's per-block result, with at least the members
//   TextBlock block; Status status; columnar::BatchPtr batch; int64_t newlines;
//   std::vector<RowError> errors;
//
// Thread safety: one consumer thread; parsing runs on the pipeline's threads.
#pragma once

#include <algorithm>
#include <functional>
#include <memory>
#include <utility>

#include "columnar/record_batch.h"
#include "formats/csv/block_pipeline.h"
#include "formats/csv/block_source.h"
#include "formats/io.h"

namespace sluice::formats {

template <typename Parsed>
class BlockBatchStream {
 public:
  // Fills in a Parsed from its block (on a pipeline thread).
  using ParseFunction = std::function<void(Parsed&)>;
  // Called on the consumer thread with each block in order, after its errors were reported.
  using ConsumedFunction = std::function<Status(Parsed&)>;
  // Called once when every block is consumed; an error it returns ends the stream.
  using EndFunction = std::function<Status()>;

  // `mapped`: the source's blocks are views of `file`'s mapping (offsets are file offsets).
  BlockBatchStream(InputFilePtr file, std::unique_ptr<BlockSource> source, bool mapped, size_t parallelism,
                   int64_t batch_rows, RowErrorLog errors, ParseFunction parse, ConsumedFunction consumed = {},
                   EndFunction end = {})
      : file_(std::move(file)), source_(std::move(source)), mapped_(mapped), batch_rows_(batch_rows),
        errors_(std::move(errors)), parse_(std::move(parse)), consumed_(std::move(consumed)), end_(std::move(end)),
        pipeline_(std::make_unique<OrderedBlockPipeline<Parsed>>(parallelism)) {}

  // The next batch, nullptr at the end, or the first error (which every later call returns).
  Result<columnar::BatchPtr> Next() {
    while (true) {
      if (!failed_.ok()) return failed_;
      if (current_ && offset_ < current_->num_rows()) {
        int64_t length = std::min(batch_rows_, current_->num_rows() - offset_);
        columnar::BatchPtr out = length == current_->num_rows() ? current_ : current_->Slice(offset_, length);
        offset_ += length;
        rows_read_ += length;
        return out;
      }
      current_.reset();
      offset_ = 0;
      TopUp();
      if (pipeline_->empty()) {
        if (source_error_.ok() && end_ && !ended_) source_error_ = end_();
        ended_ = true;
        if (!source_error_.ok()) return Fail(source_error_);
        return columnar::BatchPtr();
      }
      std::unique_ptr<Parsed> parsed = pipeline_->PopOldest();
      TopUp();
      if (!parsed->status.ok()) return Fail(parsed->status.WithContext(file_->name()));
      Status status = errors_.Report(parsed->block.data, parsed->errors, parsed->newlines);
      if (status.ok() && consumed_) status = consumed_(*parsed);
      if (!status.ok()) return Fail(status);
      if (mapped_) ReleaseThrough(parsed->block.offset + parsed->block.data.size());
      current_ = std::move(parsed->batch);
    }
  }

  int64_t rows_read() const { return rows_read_; }
  const RowErrorLog& errors() const { return errors_; }

 private:
  void TopUp() {
    while (!pipeline_->full() && !source_done_) {
      auto block = source_->Next();
      if (!block.ok() || block->data.empty()) {
        if (!block.ok()) source_error_ = block.status();
        source_done_ = true;
        break;
      }
      auto parsed = std::make_unique<Parsed>();
      parsed->block = std::move(*block);
      pipeline_->Submit(std::move(parsed), parse_);
    }
  }
  // Blocks finish in file order, so everything before `end` is done with. The range starts at
  // the page boundary below the previous end: the page two blocks share is released too (a
  // range of one block alone would keep it, one page per block, growing with the file).
  void ReleaseThrough(uint64_t end) {
    constexpr uint64_t kPage = 4096;
    uint64_t from = released_to_ / kPage * kPage;
    if (end > from) file_->DoneWith(from, end - from);
    released_to_ = std::max(released_to_, end);
  }
  Status Fail(Status status) {
    failed_ = status;
    pipeline_->Clear();
    source_done_ = true;
    return status;
  }

  InputFilePtr file_;
  std::unique_ptr<BlockSource> source_;
  bool mapped_;
  int64_t batch_rows_;
  RowErrorLog errors_;
  ParseFunction parse_;
  ConsumedFunction consumed_;
  EndFunction end_;
  bool source_done_ = false;
  bool ended_ = false;
  Status source_error_;  // from the source, reported after the blocks before it
  Status failed_;
  columnar::BatchPtr current_;
  int64_t offset_ = 0;
  int64_t rows_read_ = 0;
  uint64_t released_to_ = 0;  // bytes of the file released by ReleaseThrough
  std::unique_ptr<OrderedBlockPipeline<Parsed>> pipeline_;  // last: joined first
};

}  // namespace sluice::formats
