// A WriteTarget that writes files through formats: either one file at a path, or a dataset
// folder — files named part-NNNNN-<random>.<ext>, split into Hive partition folders
// (`key=value/`) by the partition columns and rolled over at a target size — through
// formats/dataset/dataset_writer.h. Files go to a local folder, or anywhere a FileOpener can
// open them (the object store, for jobs).
//
// Thread safety: immutable; each Open() returns an independent session.
#pragma once

#include <functional>
#include <string>

#include "engine/plan/write_target.h"
#include "formats/dataset/dataset_writer.h"

namespace sluice::engine {

struct FileTargetOptions {
  // Format, compression, partition columns, target file size.
  formats::DatasetWriteOptions dataset;
  // Write exactly one file at the path (no partitioning) instead of a folder of files.
  bool single_file = false;
  // Threads a writer may use to encode columns (Parquet); 0: one per core.
  size_t writer_parallelism = 0;
};

// A target under a local path (a file path with single_file, a folder otherwise).
WriteTargetPtr MakeLocalFileTarget(std::string path, FileTargetOptions options);

// A target writing through `opener` (paths relative to `description`'s root); `remove` deletes
// a written file by the same relative path when a query fails (may be empty).
WriteTargetPtr MakeFileTarget(std::string description, formats::FileOpener opener,
                              std::function<void(const std::string& relative_path)> remove, FileTargetOptions options);

}  // namespace sluice::engine
