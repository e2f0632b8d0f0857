// Encoding of Parquet's footer to the Thrift compact protocol: see file_metadata.h.
#include "formats/parquet/file_metadata.h"
#include "formats/parquet/thrift_compact.h"

namespace sluice::formats::parquet {

namespace {

void WriteEmptyStructField(ThriftWriter& w, int16_t id) {
  w.BeginStructField(id);
  w.EndStruct();
}

void WriteLogicalType(ThriftWriter& w, const LogicalType& type) {
  w.BeginStructField(10);
  auto id = static_cast<int16_t>(type.kind);
  switch (type.kind) {
    case LogicalKind::kDecimal:
      w.BeginStructField(id);
      w.WriteI32(1, type.scale);
      w.WriteI32(2, type.precision);
      w.EndStruct();
      break;
    case LogicalKind::kTime:
    case LogicalKind::kTimestamp:
      w.BeginStructField(id);
      w.WriteBool(1, type.adjusted_to_utc);
      w.BeginStructField(2);
      WriteEmptyStructField(w, static_cast<int16_t>(type.unit));
      w.EndStruct();
      w.EndStruct();
      break;
    case LogicalKind::kInteger:
      w.BeginStructField(id);
      w.WriteByte(1, type.bit_width);
      w.WriteBool(2, type.is_signed);
      w.EndStruct();
      break;
    default: WriteEmptyStructField(w, id); break;
  }
  w.EndStruct();
}

void WriteSchemaElement(ThriftWriter& w, const SchemaElement& element) {
  w.BeginStructElement();
  if (element.type) w.WriteI32(1, static_cast<int32_t>(*element.type));
  if (element.type == PhysicalType::kFixedLenByteArray) w.WriteI32(2, element.type_length);
  if (element.repetition) w.WriteI32(3, static_cast<int32_t>(*element.repetition));
  w.WriteBinary(4, element.name);
  if (!element.type) w.WriteI32(5, element.num_children);
  if (element.converted_type != ConvertedType::kNone) w.WriteI32(6, static_cast<int32_t>(element.converted_type));
  if (element.converted_type == ConvertedType::kDecimal) {
    w.WriteI32(7, element.scale);
    w.WriteI32(8, element.precision);
  }
  if (element.field_id) w.WriteI32(9, *element.field_id);
  if (element.logical_type.kind != LogicalKind::kNone) WriteLogicalType(w, element.logical_type);
  w.EndStruct();
}

void WriteStatistics(ThriftWriter& w, const Statistics& stats) {
  w.BeginStructField(12);
  if (stats.max) w.WriteBinary(1, *stats.max);
  if (stats.min) w.WriteBinary(2, *stats.min);
  if (stats.null_count) w.WriteI64(3, *stats.null_count);
  if (stats.distinct_count) w.WriteI64(4, *stats.distinct_count);
  if (stats.max_value) w.WriteBinary(5, *stats.max_value);
  if (stats.min_value) w.WriteBinary(6, *stats.min_value);
  if (stats.is_max_value_exact) w.WriteBool(7, *stats.is_max_value_exact);
  if (stats.is_min_value_exact) w.WriteBool(8, *stats.is_min_value_exact);
  if (stats.nan_count) w.WriteI64(9, *stats.nan_count);
  w.EndStruct();
}

void WriteColumnMetaData(ThriftWriter& w, const ColumnMetaData& meta) {
  w.BeginStructField(3);
  w.WriteI32(1, static_cast<int32_t>(meta.type));
  w.BeginListField(2, ThriftType::kI32, static_cast<uint32_t>(meta.encodings.size()));
  for (Encoding e : meta.encodings) w.WriteI32Element(static_cast<int32_t>(e));
  w.BeginListField(3, ThriftType::kBinary, static_cast<uint32_t>(meta.path_in_schema.size()));
  for (const auto& part : meta.path_in_schema) w.WriteBinaryElement(part);
  w.WriteI32(4, static_cast<int32_t>(meta.codec));
  w.WriteI64(5, meta.num_values);
  w.WriteI64(6, meta.total_uncompressed_size);
  w.WriteI64(7, meta.total_compressed_size);
  w.WriteI64(9, meta.data_page_offset);
  if (meta.index_page_offset) w.WriteI64(10, *meta.index_page_offset);
  if (meta.dictionary_page_offset) w.WriteI64(11, *meta.dictionary_page_offset);
  if (meta.statistics) WriteStatistics(w, *meta.statistics);
  if (!meta.encoding_stats.empty()) {
    w.BeginListField(13, ThriftType::kStruct, static_cast<uint32_t>(meta.encoding_stats.size()));
    for (const auto& stats : meta.encoding_stats) {
      w.BeginStructElement();
      w.WriteI32(1, static_cast<int32_t>(stats.page_type));
      w.WriteI32(2, static_cast<int32_t>(stats.encoding));
      w.WriteI32(3, stats.count);
      w.EndStruct();
    }
  }
  w.EndStruct();
}

void WriteRowGroup(ThriftWriter& w, const RowGroup& group) {
  w.BeginStructElement();
  w.BeginListField(1, ThriftType::kStruct, static_cast<uint32_t>(group.columns.size()));
  for (const auto& chunk : group.columns) {
    w.BeginStructElement();
    w.WriteI64(2, chunk.file_offset);
    WriteColumnMetaData(w, chunk.meta_data);
    w.EndStruct();
  }
  w.WriteI64(2, group.total_byte_size);
  w.WriteI64(3, group.num_rows);
  if (group.file_offset) w.WriteI64(5, *group.file_offset);
  if (group.total_compressed_size) w.WriteI64(6, *group.total_compressed_size);
  if (group.ordinal) w.WriteI16(7, *group.ordinal);
  w.EndStruct();
}

}  // namespace

void EncodeFileMetaData(const FileMetaData& metadata, std::string* out) {
  ThriftWriter w(out);
  w.BeginStruct();
  w.WriteI32(1, metadata.version);
  w.BeginListField(2, ThriftType::kStruct, static_cast<uint32_t>(metadata.schema.size()));
  for (const auto& element : metadata.schema) WriteSchemaElement(w, element);
  w.WriteI64(3, metadata.num_rows);
  w.BeginListField(4, ThriftType::kStruct, static_cast<uint32_t>(metadata.row_groups.size()));
  for (const auto& group : metadata.row_groups) WriteRowGroup(w, group);
  if (!metadata.key_value_metadata.empty()) {
    w.BeginListField(5, ThriftType::kStruct, static_cast<uint32_t>(metadata.key_value_metadata.size()));
    for (const auto& kv : metadata.key_value_metadata) {
      w.BeginStructElement();
      w.WriteBinary(1, kv.key);
      if (kv.value) w.WriteBinary(2, *kv.value);
      w.EndStruct();
    }
  }
  if (metadata.created_by) w.WriteBinary(6, *metadata.created_by);
  if (!metadata.column_orders.empty()) {
    w.BeginListField(7, ThriftType::kStruct, static_cast<uint32_t>(metadata.column_orders.size()));
    for (ColumnOrder order : metadata.column_orders) {
      w.BeginStructElement();
      WriteEmptyStructField(w, static_cast<int16_t>(order));
      w.EndStruct();
    }
  }
  w.EndStruct();
}

}  // namespace sluice::formats::parquet
