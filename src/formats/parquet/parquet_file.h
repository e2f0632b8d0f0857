// A Parquet file opened for reading: the footer read and decoded, the schema rebuilt and
// mapped onto columnar types, and access to each column chunk's bytes (a zero-copy view of the
// mapped file, or read into memory for files that are not mapped). Reading the footer costs two
// reads at the end of the file, so this is also how the crawler learns a file's schema.
//
// Thread safety: immutable after Open; share freely (ColumnChunkBytes may run concurrently).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"
#include "formats/io.h"
#include "formats/parquet/file_metadata.h"
#include "formats/parquet/read_plan.h"
#include "formats/parquet/schema_tree.h"

namespace sluice::formats::parquet {

class ParquetFile {
 public:
  // Reads and checks the footer. DataLoss naming the file (and the offset) for a file that is
  // not Parquet, is truncated or has a malformed footer; Unimplemented for encrypted footers.
  static Result<std::shared_ptr<const ParquetFile>> Open(InputFilePtr file);

  const InputFile& file() const { return *file_; }
  const std::string& name() const { return file_->name(); }
  const FileMetaData& metadata() const { return metadata_; }
  const SchemaTree& tree() const { return tree_; }
  // The columnar schema and the plans to read each top-level column.
  const FileSchema& schema() const { return schema_; }
  int num_row_groups() const { return static_cast<int>(metadata_.row_groups.size()); }
  int64_t num_rows() const { return metadata_.num_rows; }

  // The metadata of leaf `leaf` in row group `row_group`, checked against the schema (present,
  // same physical type, data in this file). DataLoss naming the file, row group and column.
  Result<const ColumnMetaData*> ChunkMetaData(int row_group, int leaf) const;
  // The bytes of that column chunk and their file offset: a view into the mapped file, or
  // bytes read into `storage`. DataLoss when the chunk lies outside the file's data.
  Result<std::pair<std::string_view, int64_t>> ChunkBytes(int row_group, int leaf, std::string* storage) const;

 private:
  InputFilePtr file_;
  FileMetaData metadata_;
  SchemaTree tree_;
  FileSchema schema_;
  uint64_t data_end_ = 0;  // where the footer starts
};

}  // namespace sluice::formats::parquet
