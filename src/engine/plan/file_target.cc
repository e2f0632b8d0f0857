// File write targets: see file_target.h.
#include "engine/plan/file_target.h"

#include <fmt/format.h>

#include "common/file.h"
#include "common/thread_pool.h"
#include "formats/dataset/hive_partition.h"

namespace sluice::engine {

namespace {

// Counts the bytes written through it (the size of a single written file, wherever it goes).
class CountingStream final : public formats::OutputStream {
 public:
  CountingStream(std::unique_ptr<formats::OutputStream> inner, std::shared_ptr<int64_t> count)
      : inner_(std::move(inner)), count_(std::move(count)) {}
  const std::string& name() const override { return inner_->name(); }
  Status Write(std::string_view bytes) override {
    *count_ += static_cast<int64_t>(bytes.size());
    return inner_->Write(bytes);
  }
  uint64_t position() const override { return inner_->position(); }
  Status Close() override { return inner_->Close(); }

 private:
  std::unique_ptr<formats::OutputStream> inner_;
  std::shared_ptr<int64_t> count_;
};

std::string PartitionText(const std::vector<std::pair<std::string, std::string>>& partition) {
  std::string out;
  for (const auto& [key, value] : partition) {
    if (!out.empty()) out += '/';
    out += formats::EscapeHivePathPart(key) + "=" + formats::EscapeHivePathPart(value);
  }
  return out;
}

class DatasetSession final : public WriteSession {
 public:
  DatasetSession(std::unique_ptr<formats::DatasetWriter> writer, std::string root,
                 std::function<void(const std::string&)> remove)
      : writer_(std::move(writer)), root_(std::move(root)), remove_(std::move(remove)) {}
  Status Write(const columnar::RecordBatch& batch) override { return writer_->Write(batch); }
  Result<std::vector<WrittenFile>> Close() override {
    RETURN_IF_ERROR(writer_->Close());
    std::vector<WrittenFile> out;
    for (const auto& file : writer_->files()) {
      out.push_back({JoinPath(root_, file.path), PartitionText(file.partition), file.rows, static_cast<int64_t>(file.bytes)});
    }
    return out;
  }
  void Abandon() override {
    std::vector<std::string> written;
    for (const auto& file : writer_->files()) written.push_back(file.path);
    writer_.reset();  // closes what is open
    if (remove_) {
      for (const auto& path : written) remove_(path);
    }
  }

 private:
  std::unique_ptr<formats::DatasetWriter> writer_;
  std::string root_;
  std::function<void(const std::string&)> remove_;
};

class SingleFileSession final : public WriteSession {
 public:
  SingleFileSession(std::unique_ptr<formats::BatchWriter> writer, std::shared_ptr<int64_t> bytes, std::string path,
                    std::function<void(const std::string&)> remove)
      : writer_(std::move(writer)), bytes_(std::move(bytes)), path_(std::move(path)), remove_(std::move(remove)) {}
  Status Write(const columnar::RecordBatch& batch) override { return writer_->Write(batch); }
  Result<std::vector<WrittenFile>> Close() override {
    RETURN_IF_ERROR(writer_->Close());
    WrittenFile file;
    file.path = path_;
    file.rows = writer_->rows_written();
    file.bytes = *bytes_;
    writer_.reset();
    return std::vector<WrittenFile>{file};
  }
  void Abandon() override {
    writer_.reset();
    if (remove_) remove_("");
  }

 private:
  std::unique_ptr<formats::BatchWriter> writer_;
  std::shared_ptr<int64_t> bytes_;
  std::string path_;
  std::function<void(const std::string&)> remove_;
};

class FileTarget final : public WriteTarget {
 public:
  FileTarget(std::string root, formats::FileOpener opener, std::function<void(const std::string&)> remove,
             FileTargetOptions options)
      : root_(std::move(root)), opener_(std::move(opener)), remove_(std::move(remove)), options_(std::move(options)) {
    size_t threads = options_.writer_parallelism ? options_.writer_parallelism : HardwareConcurrency();
    options_.dataset.file.parquet.parallelism = threads;
  }

  Status Check(const columnar::Schema& input) const override {
    RETURN_IF_ERROR(options_.dataset.Validate());
    if (options_.single_file && !options_.dataset.partition_by.empty()) {
      return InvalidArgument("a single-file write cannot be partitioned");
    }
    for (const auto& key : options_.dataset.partition_by) {
      auto index = input.FieldIndex(key);
      if (!index) return InvalidArgument(fmt::format("cannot partition by '{}': no such column", key));
      if (input.field(*index).type->is_nested()) {
        return InvalidArgument(fmt::format("cannot partition by '{}' of type {}", key, input.field(*index).type->ToGlueType()));
      }
    }
    if (!options_.dataset.partition_by.empty() && options_.dataset.partition_by.size() >= input.num_fields()) {
      return InvalidArgument("cannot partition by every column: the files would have none");
    }
    return Status::Ok();
  }

  Result<std::unique_ptr<WriteSession>> Open(const columnar::SchemaPtr& input) const override {
    if (options_.single_file) {
      ASSIGN_OR_RETURN(auto stream, opener_(""));
      auto bytes = std::make_shared<int64_t>(0);
      auto counted = std::make_unique<CountingStream>(std::move(stream), bytes);
      ASSIGN_OR_RETURN(auto writer, formats::OpenWriter(std::move(counted), input, options_.dataset.file));
      return std::unique_ptr<WriteSession>(new SingleFileSession(std::move(writer), bytes, root_, remove_));
    }
    ASSIGN_OR_RETURN(auto writer, formats::DatasetWriter::Make(input, options_.dataset, opener_));
    return std::unique_ptr<WriteSession>(new DatasetSession(std::move(writer), root_, remove_));
  }

  std::string ToString() const override {
    std::string out = fmt::format("{} to {}", formats::FileFormatName(options_.dataset.file.format), root_);
    if (!options_.dataset.partition_by.empty()) {
      out += " partitioned by (";
      for (size_t i = 0; i < options_.dataset.partition_by.size(); ++i) out += (i ? ", " : "") + options_.dataset.partition_by[i];
      out += ")";
    }
    return out;
  }

 private:
  std::string root_;
  formats::FileOpener opener_;
  std::function<void(const std::string&)> remove_;
  FileTargetOptions options_;
};

}  // namespace

WriteTargetPtr MakeLocalFileTarget(std::string path, FileTargetOptions options) {
  formats::FileOpener opener;
  std::function<void(const std::string&)> remove;
  if (options.single_file) {
    opener = [path](const std::string&) -> Result<std::unique_ptr<formats::OutputStream>> {
      std::string directory = DirectoryOf(path);
      if (!directory.empty()) RETURN_IF_ERROR(CreateDirectories(directory));
      return formats::CreateLocalFile(path);
    };
    remove = [path](const std::string&) { RemoveFile(path).IgnoreError(); };
  } else {
    opener = formats::LocalFolderOpener(path);
    remove = [path](const std::string& relative) { RemoveFile(JoinPath(path, relative)).IgnoreError(); };
  }
  return std::make_shared<FileTarget>(std::move(path), std::move(opener), std::move(remove), std::move(options));
}

WriteTargetPtr MakeFileTarget(std::string description, formats::FileOpener opener,
                              std::function<void(const std::string&)> remove, FileTargetOptions options) {
  return std::make_shared<FileTarget>(std::move(description), std::move(opener), std::move(remove), std::move(options));
}

}  // namespace sluice::engine
