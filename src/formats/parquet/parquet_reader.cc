// Parquet batch reading: see parquet_reader.h.
#include "formats/parquet/parquet_reader.h"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include <fmt/format.h>

#include "formats/parquet/chunk_statistics.h"
#include "formats/parquet/row_group_stream.h"

namespace sluice::formats::parquet {

Status ParquetReadOptions::Validate() const {
  if (batch_rows <= 0) return InvalidArgument("batch_rows must be positive");
  if (parallelism == 0) return InvalidArgument("parallelism must be at least 1");
  if (max_page_bytes == 0 || max_batch_bytes == 0 || max_batch_entries <= 0 || target_batch_entries <= 0) {
    return InvalidArgument("Parquet read limits must be positive");
  }
  return Status::Ok();
}

namespace {

// Reads the row groups one after another, decoding the columns of each batch on up to
// `parallelism` threads.
class SequentialReader final : public BatchReader {
 public:
  SequentialReader(std::shared_ptr<const ParquetFile> file, ParquetReadOptions options, std::vector<int> columns,
                   columnar::SchemaPtr schema, std::vector<int> groups, ColumnReadLimits limits)
      : file_(std::move(file)),
        options_(std::move(options)),
        columns_(std::move(columns)),
        schema_(std::move(schema)),
        groups_(std::move(groups)),
        limits_(limits) {}

  const columnar::SchemaPtr& schema() const override { return schema_; }

  Result<columnar::BatchPtr> Next() override {
    while (true) {
      if (!stream_) {
        if (next_ >= groups_.size()) return columnar::BatchPtr();
        ASSIGN_OR_RETURN(stream_, RowGroupStream::Open(file_, groups_[next_++], columns_, schema_, limits_,
                                                       options_.target_batch_entries));
      }
      ASSIGN_OR_RETURN(columnar::BatchPtr batch, stream_->Next(options_.batch_rows, options_.parallelism));
      if (batch) return batch;
      stream_.reset();
    }
  }

 private:
  std::shared_ptr<const ParquetFile> file_;
  ParquetReadOptions options_;
  std::vector<int> columns_;
  columnar::SchemaPtr schema_;
  std::vector<int> groups_;
  ColumnReadLimits limits_;
  size_t next_ = 0;
  std::unique_ptr<RowGroupStream> stream_;
};

// Reads `parallelism` row groups at once, each on a thread of its own (worker w takes the
// groups at positions w, w + parallelism, ...), and hands out their batches in file order.
// Each worker keeps at most kDepth finished batches ahead, so memory stays bounded.
class PrefetchingReader final : public BatchReader {
 public:
  PrefetchingReader(std::shared_ptr<const ParquetFile> file, ParquetReadOptions options, std::vector<int> columns,
                    columnar::SchemaPtr schema, std::vector<int> groups, ColumnReadLimits limits)
      : file_(std::move(file)),
        options_(std::move(options)),
        columns_(std::move(columns)),
        schema_(std::move(schema)),
        groups_(std::move(groups)),
        limits_(limits),
        slots_(groups_.size()) {}

  ~PrefetchingReader() override {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
    }
    changed_.notify_all();
    for (auto& worker : workers_) worker.join();
  }

  const columnar::SchemaPtr& schema() const override { return schema_; }

  Result<columnar::BatchPtr> Next() override {
    if (workers_.empty()) {
      size_t count = std::min(options_.parallelism, groups_.size());
      for (size_t w = 0; w < count; ++w) workers_.emplace_back([this, w, count] { Work(w, count); });
    }
    std::unique_lock<std::mutex> lock(mutex_);
    while (current_ < slots_.size()) {
      Slot& slot = slots_[current_];
      changed_.wait(lock, [&] { return !slot.ready.empty() || slot.finished; });
      if (!slot.ready.empty()) {
        Item item = std::move(slot.ready.front());
        slot.ready.pop_front();
        changed_.notify_all();
        if (!item.status.ok()) return std::move(item.status);
        return std::move(item.batch);
      }
      ++current_;
    }
    return columnar::BatchPtr();
  }

 private:
  static constexpr size_t kDepth = 2;

  struct Item {
    Status status;  // an error, or OK with a batch
    columnar::BatchPtr batch;
  };
  struct Slot {
    std::deque<Item> ready;  // batches (or an error) not yet handed out
    bool finished = false;   // no more will come
  };

  void Work(size_t worker, size_t stride) {
    for (size_t i = worker; i < groups_.size(); i += stride) {
      bool failed = false;
      auto stream = RowGroupStream::Open(file_, groups_[i], columns_, schema_, limits_, options_.target_batch_entries);
      if (!stream.ok()) {
        failed = true;
        if (!Deliver(i, stream.status())) return;
      } else {
        while (true) {
          Result<columnar::BatchPtr> batch = Decode(**stream);
          if (batch.ok() && !*batch) break;
          failed = !batch.ok();
          if (!Deliver(i, std::move(batch))) return;
          if (failed) break;
        }
      }
      std::lock_guard<std::mutex> lock(mutex_);
      slots_[i].finished = true;
      changed_.notify_all();
      if (failed) break;  // the error is handed out in order; later groups are not read
    }
    // Groups this worker will not read (after an error) end empty; the error comes first.
    std::lock_guard<std::mutex> lock(mutex_);
    for (size_t i = worker; i < groups_.size(); i += stride) slots_[i].finished = true;
    changed_.notify_all();
  }

  Result<columnar::BatchPtr> Decode(RowGroupStream& stream) {
    try {
      return stream.Next(options_.batch_rows, 1);
    } catch (const std::bad_alloc&) {
      return ResourceExhausted(fmt::format("{}: out of memory decoding a batch", file_->name()));
    }
  }

  // Queues an item for slot i once there is room; false when the reader is being destroyed.
  bool Deliver(size_t i, Result<columnar::BatchPtr> item) {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [&] { return stopping_ || slots_[i].ready.size() < kDepth; });
    if (stopping_) return false;
    bool error = !item.ok();
    if (error) {
      slots_[i].ready.push_back(Item{item.TakeStatus(), nullptr});
      slots_[i].finished = true;
    } else {
      slots_[i].ready.push_back(Item{Status::Ok(), std::move(*item)});
    }
    changed_.notify_all();
    return true;
  }

  // Immutable after construction.
  const std::shared_ptr<const ParquetFile> file_;
  const ParquetReadOptions options_;
  const std::vector<int> columns_;
  const columnar::SchemaPtr schema_;
  const std::vector<int> groups_;
  const ColumnReadLimits limits_;
  std::vector<std::thread> workers_;  // used by the consumer thread only

  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<Slot> slots_;  // guarded by mutex_, one per group
  size_t current_ = 0;       // guarded by mutex_: the group being handed out
  bool stopping_ = false;    // guarded by mutex_
};

}  // namespace

Result<std::unique_ptr<BatchReader>> OpenParquetReader(std::shared_ptr<const ParquetFile> file,
                                                       ParquetReadOptions options) {
  RETURN_IF_ERROR(options.Validate());
  const columnar::Schema& schema = *file->schema().schema;
  std::vector<int> columns;
  if (options.columns) {
    for (const std::string& name : *options.columns) {
      auto index = schema.FieldIndex(name);
      if (!index) index = schema.FieldIndexIgnoreCase(name);
      if (!index) return InvalidArgument(fmt::format("{}: no column named '{}'", file->name(), name));
      columns.push_back(static_cast<int>(*index));
    }
  } else {
    for (size_t i = 0; i < schema.num_fields(); ++i) columns.push_back(static_cast<int>(i));
  }
  std::vector<int> row_groups;
  if (options.row_groups) {
    for (int group : *options.row_groups) {
      if (group < 0 || group >= file->num_row_groups()) {
        return InvalidArgument(fmt::format("{}: no row group {} (the file has {})", file->name(), group,
                                           file->num_row_groups()));
      }
    }
    row_groups = *options.row_groups;
  } else {
    for (int g = 0; g < file->num_row_groups(); ++g) row_groups.push_back(g);
  }
  std::vector<columnar::Field> fields;
  for (int c : columns) fields.push_back(file->schema().columns[static_cast<size_t>(c)].field);
  columnar::SchemaPtr projected = columnar::MakeSchema(std::move(fields));
  // Row groups the predicate rules out are dropped here, from the footer's statistics.
  std::vector<int> groups;
  for (int group : row_groups) {
    if (file->metadata().row_groups[static_cast<size_t>(group)].num_rows == 0) continue;
    if (!RowGroupMayMatch(*file, group, options.predicate)) continue;
    groups.push_back(group);
  }
  ColumnReadLimits limits;
  limits.pages.verify_checksums = options.verify_checksums;
  limits.pages.max_page_bytes = options.max_page_bytes;
  limits.max_batch_bytes = options.max_batch_bytes;
  limits.max_batch_entries = options.max_batch_entries;
  if (options.parallelism > 1 && groups.size() > 1) {
    return std::unique_ptr<BatchReader>(std::make_unique<PrefetchingReader>(
        std::move(file), std::move(options), std::move(columns), std::move(projected), std::move(groups), limits));
  }
  return std::unique_ptr<BatchReader>(std::make_unique<SequentialReader>(
      std::move(file), std::move(options), std::move(columns), std::move(projected), std::move(groups), limits));
}

Result<std::unique_ptr<BatchReader>> OpenParquetReader(InputFilePtr file, ParquetReadOptions options) {
  ASSIGN_OR_RETURN(auto parquet, ParquetFile::Open(std::move(file)));
  return OpenParquetReader(std::move(parquet), std::move(options));
}

Result<ParquetFileInfo> ReadParquetFileInfo(const InputFilePtr& file) {
  ASSIGN_OR_RETURN(auto parquet, ParquetFile::Open(file));
  ParquetFileInfo info;
  info.schema = parquet->schema().schema;
  info.num_rows = parquet->num_rows();
  info.num_row_groups = parquet->num_row_groups();
  info.created_by = parquet->metadata().created_by.value_or("");
  for (const KeyValue& kv : parquet->metadata().key_value_metadata) {
    info.key_value_metadata.emplace_back(kv.key, kv.value.value_or(""));
  }
  return info;
}

}  // namespace sluice::formats::parquet
