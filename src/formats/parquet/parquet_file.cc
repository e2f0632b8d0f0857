// Opening Parquet files: see parquet_file.h.
#include "formats/parquet/parquet_file.h"

#include <cstring>

#include <fmt/format.h>

namespace sluice::formats::parquet {

namespace {

// Reads [offset, offset + length) into `out` (exactly, or DataLoss).
Status ReadExactly(const InputFile& file, uint64_t offset, size_t length, std::string* out) {
  out->resize(length);
  ASSIGN_OR_RETURN(size_t got, file.ReadAt(offset, length, out->data()));
  if (got != length) return DataLoss(fmt::format("{}: short read at offset {}", file.name(), offset));
  return Status::Ok();
}

}  // namespace

Result<std::shared_ptr<const ParquetFile>> ParquetFile::Open(InputFilePtr file) {
  auto out = std::make_shared<ParquetFile>();
  out->file_ = std::move(file);
  const InputFile& f = *out->file_;
  const std::string& name = f.name();
  uint64_t size = f.size();
  if (size < 12) return DataLoss(fmt::format("{}: not a Parquet file ({} bytes is too short)", name, size));
  std::string tail;
  RETURN_IF_ERROR(ReadExactly(f, size - 8, 8, &tail));
  std::string_view magic = std::string_view(tail).substr(4);
  if (magic == kEncryptedMagic) return Unimplemented(fmt::format("{}: encrypted Parquet footers", name));
  if (magic != kMagic) return DataLoss(fmt::format("{}: not a Parquet file (no PAR1 at the end)", name));
  std::string head;
  RETURN_IF_ERROR(ReadExactly(f, 0, 4, &head));
  if (head != kMagic) return DataLoss(fmt::format("{}: not a Parquet file (no PAR1 at offset 0)", name));
  uint32_t footer_length;
  std::memcpy(&footer_length, tail.data(), 4);
  if (footer_length > size - 12) {
    return DataLoss(fmt::format("{}: footer of {} bytes is longer than the file allows (truncated file?)", name,
                                footer_length));
  }
  uint64_t footer_offset = size - 8 - footer_length;
  std::string footer_storage;
  std::string_view footer;
  if (auto view = f.View()) {
    footer = view->substr(static_cast<size_t>(footer_offset), footer_length);
  } else {
    RETURN_IF_ERROR(ReadExactly(f, footer_offset, footer_length, &footer_storage));
    footer = footer_storage;
  }
  auto metadata = DecodeFileMetaData(footer);
  if (!metadata.ok()) {
    return metadata.status().WithContext(fmt::format("{}: footer at offset {}", name, footer_offset));
  }
  out->metadata_ = std::move(*metadata);
  if (out->metadata_.encrypted) return Unimplemented(fmt::format("{}: encrypted Parquet columns", name));
  if (out->metadata_.num_rows < 0) return DataLoss(fmt::format("{}: negative row count", name));
  auto tree = SchemaTree::Build(out->metadata_.schema);
  if (!tree.ok()) return tree.status().WithContext(fmt::format("{}: schema", name));
  out->tree_ = std::move(*tree);
  auto schema = MapFileSchema(out->tree_);
  if (!schema.ok()) return schema.status().WithContext(fmt::format("{}: schema", name));
  out->schema_ = std::move(*schema);
  out->data_end_ = footer_offset;
  for (size_t g = 0; g < out->metadata_.row_groups.size(); ++g) {
    const RowGroup& group = out->metadata_.row_groups[g];
    if (group.columns.size() != out->tree_.num_leaves()) {
      return DataLoss(fmt::format("{}: row group {} has {} columns, the schema {}", name, g, group.columns.size(),
                                  out->tree_.num_leaves()));
    }
    if (group.num_rows < 0) return DataLoss(fmt::format("{}: row group {} has a negative row count", name, g));
  }
  return std::shared_ptr<const ParquetFile>(std::move(out));
}

Result<const ColumnMetaData*> ParquetFile::ChunkMetaData(int row_group, int leaf) const {
  const ColumnChunk& chunk =
      metadata_.row_groups[static_cast<size_t>(row_group)].columns[static_cast<size_t>(leaf)];
  const LeafPlan& plan = schema_.leaves[static_cast<size_t>(leaf)];
  auto fail = [&](std::string_view what) {
    return DataLoss(fmt::format("{}: row group {}, column '{}': {}", name(), row_group, plan.path, what));
  };
  if (chunk.encrypted) return Status(Unimplemented(fmt::format("{}: encrypted column '{}'", name(), plan.path)));
  if (!chunk.has_meta_data) return fail("no column metadata");
  if (!chunk.file_path.empty()) return fail("column data in another file is not supported");
  if (chunk.meta_data.type != plan.physical) {
    return fail(fmt::format("physical type {} differs from the schema's {}", PhysicalTypeName(chunk.meta_data.type),
                            PhysicalTypeName(plan.physical)));
  }
  return &chunk.meta_data;
}

Result<std::pair<std::string_view, int64_t>> ParquetFile::ChunkBytes(int row_group, int leaf,
                                                                     std::string* storage) const {
  ASSIGN_OR_RETURN(const ColumnMetaData* meta, ChunkMetaData(row_group, leaf));
  int64_t start = meta->data_page_offset;
  if (meta->dictionary_page_offset && *meta->dictionary_page_offset > 0 && *meta->dictionary_page_offset < start) {
    start = *meta->dictionary_page_offset;
  }
  int64_t length = meta->total_compressed_size;
  if (start < 4 || length < 0 || static_cast<uint64_t>(start) > data_end_ ||
      static_cast<uint64_t>(length) > data_end_ - static_cast<uint64_t>(start)) {
    return DataLoss(fmt::format("{}: row group {}, column '{}': chunk at offset {} of {} bytes lies outside the data",
                                name(), row_group, schema_.leaves[static_cast<size_t>(leaf)].path, start, length));
  }
  if (auto view = file_->View()) {
    return std::make_pair(view->substr(static_cast<size_t>(start), static_cast<size_t>(length)), start);
  }
  RETURN_IF_ERROR(ReadExactly(*file_, static_cast<uint64_t>(start), static_cast<size_t>(length), storage));
  return std::make_pair(std::string_view(*storage), start);
}

}  // namespace sluice::formats::parquet
