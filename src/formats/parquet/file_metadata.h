// Parquet's footer (FileMetaData and what it holds: the flattened schema, row groups, column
// chunks, statistics) as plain structs, decoded from and encoded to the Thrift compact protocol.
// Only the fields Sluice uses are kept; unknown fields are skipped on read.
//
// Thread safety: plain values; the functions are pure.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "formats/parquet/parquet_types.h"

namespace sluice::formats::parquet {

struct LogicalType {
  LogicalKind kind = LogicalKind::kNone;
  int32_t scale = 0;                      // kDecimal
  int32_t precision = 0;                  // kDecimal
  bool adjusted_to_utc = false;           // kTime, kTimestamp
  TimeUnit unit = TimeUnit::kMicros;      // kTime, kTimestamp
  int8_t bit_width = 0;                   // kInteger
  bool is_signed = true;                  // kInteger
};

struct SchemaElement {
  std::optional<PhysicalType> type;  // absent for groups
  int32_t type_length = 0;
  std::optional<Repetition> repetition;  // absent for the root
  std::string name;
  int32_t num_children = 0;  // 0 for leaves
  ConvertedType converted_type = ConvertedType::kNone;
  int32_t scale = 0;
  int32_t precision = 0;
  std::optional<int32_t> field_id;
  LogicalType logical_type;
};

struct Statistics {
  std::optional<std::string> max;  // legacy: signed order
  std::optional<std::string> min;
  std::optional<int64_t> null_count;
  std::optional<int64_t> distinct_count;
  std::optional<std::string> max_value;  // in the column's order
  std::optional<std::string> min_value;
  std::optional<bool> is_max_value_exact;
  std::optional<bool> is_min_value_exact;
  std::optional<int64_t> nan_count;
};

struct PageEncodingStats {
  PageType page_type = PageType::kDataPage;
  Encoding encoding = Encoding::kPlain;
  int32_t count = 0;
};

struct ColumnMetaData {
  PhysicalType type = PhysicalType::kInt32;
  std::vector<Encoding> encodings;
  std::vector<std::string> path_in_schema;
  Codec codec = Codec::kUncompressed;
  int64_t num_values = 0;
  int64_t total_uncompressed_size = 0;
  int64_t total_compressed_size = 0;
  int64_t data_page_offset = 0;
  std::optional<int64_t> index_page_offset;
  std::optional<int64_t> dictionary_page_offset;
  std::optional<Statistics> statistics;
  std::vector<PageEncodingStats> encoding_stats;
};

struct ColumnChunk {
  std::string file_path;  // set only by writers that put column data in other files (unsupported)
  int64_t file_offset = 0;
  bool has_meta_data = false;
  ColumnMetaData meta_data;
  bool encrypted = false;  // crypto_metadata or encrypted_column_metadata present
};

struct RowGroup {
  std::vector<ColumnChunk> columns;
  int64_t total_byte_size = 0;
  int64_t num_rows = 0;
  std::optional<int64_t> file_offset;
  std::optional<int64_t> total_compressed_size;
  std::optional<int16_t> ordinal;
};

struct KeyValue {
  std::string key;
  std::optional<std::string> value;
};

// The order min_value/max_value follow, per leaf column.
enum class ColumnOrder : uint8_t { kUnknown, kTypeDefined, kIeee754Total, kInt96Timestamp };

struct FileMetaData {
  int32_t version = 1;
  std::vector<SchemaElement> schema;
  int64_t num_rows = 0;
  std::vector<RowGroup> row_groups;
  std::vector<KeyValue> key_value_metadata;
  std::optional<std::string> created_by;
  std::vector<ColumnOrder> column_orders;
  bool encrypted = false;  // encryption_algorithm present (plaintext footer, encrypted columns)
};

// Decodes a serialized FileMetaData. DataLoss naming the byte offset within `bytes` when the
// Thrift is malformed or a required field is missing.
Result<FileMetaData> DecodeFileMetaData(std::string_view bytes);
// Appends the Thrift encoding of `metadata` to `out`.
void EncodeFileMetaData(const FileMetaData& metadata, std::string* out);

}  // namespace sluice::formats::parquet
