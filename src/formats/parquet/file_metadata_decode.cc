// Decoding of Parquet's footer from the Thrift compact protocol: see file_metadata.h.
#include <fmt/format.h>

#include "formats/parquet/file_metadata.h"
#include "formats/parquet/thrift_compact.h"

namespace sluice::formats::parquet {

namespace {

// Each Read* consumes one struct (the reader is positioned after its field header or list
// element) and leaves missing required fields to be reported through ThriftReader::Fail.

void ReadTimeUnit(ThriftReader& r, TimeUnit* unit) {
  r.BeginStruct();
  ThriftField f;
  while (r.NextField(&f)) {
    if (f.id >= 1 && f.id <= 3 && f.type == ThriftType::kStruct) *unit = static_cast<TimeUnit>(f.id);
    r.Skip(f.type);
  }
  r.EndStruct();
}

// TimestampType and TimeType share a shape.
void ReadTemporalType(ThriftReader& r, LogicalType* out) {
  r.BeginStruct();
  ThriftField f;
  while (r.NextField(&f)) {
    if (f.id == 1) out->adjusted_to_utc = r.ReadBool(f);
    else if (f.id == 2 && f.type == ThriftType::kStruct) ReadTimeUnit(r, &out->unit);
    else r.Skip(f.type);
  }
  r.EndStruct();
}

void ReadLogicalType(ThriftReader& r, LogicalType* out) {
  r.BeginStruct();
  ThriftField f;
  while (r.NextField(&f)) {
    if (f.type != ThriftType::kStruct) {
      r.Skip(f.type);
      continue;
    }
    switch (f.id) {
      case 5: {  // DecimalType
        out->kind = LogicalKind::kDecimal;
        r.BeginStruct();
        ThriftField d;
        while (r.NextField(&d)) {
          if (d.id == 1) out->scale = r.ReadI32(d);
          else if (d.id == 2) out->precision = r.ReadI32(d);
          else r.Skip(d.type);
        }
        r.EndStruct();
        break;
      }
      case 7:
      case 8:
        out->kind = static_cast<LogicalKind>(f.id);
        ReadTemporalType(r, out);
        break;
      case 10: {  // IntType
        out->kind = LogicalKind::kInteger;
        r.BeginStruct();
        ThriftField i;
        while (r.NextField(&i)) {
          if (i.id == 1) out->bit_width = r.ReadByte(i);
          else if (i.id == 2) out->is_signed = r.ReadBool(i);
          else r.Skip(i.type);
        }
        r.EndStruct();
        break;
      }
      case 1: case 2: case 3: case 4: case 6: case 11: case 12: case 13: case 14: case 15: case 16: case 17:
      case 18:
        out->kind = static_cast<LogicalKind>(f.id);
        r.Skip(f.type);
        break;
      default:
        out->kind = LogicalKind::kOther;
        r.Skip(f.type);
    }
  }
  r.EndStruct();
}

void ReadSchemaElement(ThriftReader& r, SchemaElement* out) {
  bool has_name = false;
  r.BeginStruct();
  ThriftField f;
  while (r.NextField(&f)) {
    switch (f.id) {
      case 1: out->type = static_cast<PhysicalType>(r.ReadI32(f)); break;
      case 2: out->type_length = r.ReadI32(f); break;
      case 3: out->repetition = static_cast<Repetition>(r.ReadI32(f)); break;
      case 4:
        out->name = r.ReadString(f);
        has_name = true;
        break;
      case 5: out->num_children = r.ReadI32(f); break;
      case 6: out->converted_type = static_cast<ConvertedType>(r.ReadI32(f)); break;
      case 7: out->scale = r.ReadI32(f); break;
      case 8: out->precision = r.ReadI32(f); break;
      case 9: out->field_id = r.ReadI32(f); break;
      case 10:
        if (f.type == ThriftType::kStruct) ReadLogicalType(r, &out->logical_type);
        else r.Skip(f.type);
        break;
      default: r.Skip(f.type);
    }
  }
  r.EndStruct();
  if (!has_name) r.Fail("schema element without a name");
}

void ReadStatistics(ThriftReader& r, Statistics* out) {
  r.BeginStruct();
  ThriftField f;
  while (r.NextField(&f)) {
    switch (f.id) {
      case 1: out->max = r.ReadString(f); break;
      case 2: out->min = r.ReadString(f); break;
      case 3: out->null_count = r.ReadI64(f); break;
      case 4: out->distinct_count = r.ReadI64(f); break;
      case 5: out->max_value = r.ReadString(f); break;
      case 6: out->min_value = r.ReadString(f); break;
      case 7: out->is_max_value_exact = r.ReadBool(f); break;
      case 8: out->is_min_value_exact = r.ReadBool(f); break;
      case 9: out->nan_count = r.ReadI64(f); break;
      default: r.Skip(f.type);
    }
  }
  r.EndStruct();
}

void ReadColumnMetaData(ThriftReader& r, ColumnMetaData* out) {
  r.BeginStruct();
  ThriftField f;
  ThriftType element;
  while (r.NextField(&f)) {
    switch (f.id) {
      case 1: out->type = static_cast<PhysicalType>(r.ReadI32(f)); break;
      case 2: {
        uint32_t n = r.ReadListHeader(f, &element);
        for (uint32_t i = 0; i < n && r.ok(); ++i) out->encodings.push_back(static_cast<Encoding>(r.ReadI32Element(element)));
        break;
      }
      case 3: {
        uint32_t n = r.ReadListHeader(f, &element);
        for (uint32_t i = 0; i < n && r.ok(); ++i) out->path_in_schema.push_back(r.ReadStringElement(element));
        break;
      }
      case 4: out->codec = static_cast<Codec>(r.ReadI32(f)); break;
      case 5: out->num_values = r.ReadI64(f); break;
      case 6: out->total_uncompressed_size = r.ReadI64(f); break;
      case 7: out->total_compressed_size = r.ReadI64(f); break;
      case 9: out->data_page_offset = r.ReadI64(f); break;
      case 10: out->index_page_offset = r.ReadI64(f); break;
      case 11: out->dictionary_page_offset = r.ReadI64(f); break;
      case 12:
        if (f.type == ThriftType::kStruct) {
          out->statistics.emplace();
          ReadStatistics(r, &*out->statistics);
        } else {
          r.Skip(f.type);
        }
        break;
      case 13: {
        uint32_t n = r.ReadListHeader(f, &element);
        for (uint32_t i = 0; i < n && r.ExpectStructElement(element); ++i) {
          PageEncodingStats stats;
          r.BeginStruct();
          ThriftField s;
          while (r.NextField(&s)) {
            if (s.id == 1) stats.page_type = static_cast<PageType>(r.ReadI32(s));
            else if (s.id == 2) stats.encoding = static_cast<Encoding>(r.ReadI32(s));
            else if (s.id == 3) stats.count = r.ReadI32(s);
            else r.Skip(s.type);
          }
          r.EndStruct();
          out->encoding_stats.push_back(stats);
        }
        break;
      }
      default: r.Skip(f.type);
    }
  }
  r.EndStruct();
}

void ReadColumnChunk(ThriftReader& r, ColumnChunk* out) {
  r.BeginStruct();
  ThriftField f;
  while (r.NextField(&f)) {
    switch (f.id) {
      case 1: out->file_path = r.ReadString(f); break;
      case 2: out->file_offset = r.ReadI64(f); break;
      case 3:
        if (f.type == ThriftType::kStruct) {
          out->has_meta_data = true;
          ReadColumnMetaData(r, &out->meta_data);
        } else {
          r.Skip(f.type);
        }
        break;
      case 8:
      case 9:
        out->encrypted = true;
        r.Skip(f.type);
        break;
      default: r.Skip(f.type);
    }
  }
  r.EndStruct();
}

void ReadRowGroup(ThriftReader& r, RowGroup* out) {
  r.BeginStruct();
  ThriftField f;
  ThriftType element;
  while (r.NextField(&f)) {
    switch (f.id) {
      case 1: {
        uint32_t n = r.ReadListHeader(f, &element);
        out->columns.reserve(n);
        for (uint32_t i = 0; i < n && r.ExpectStructElement(element); ++i) {
          out->columns.emplace_back();
          ReadColumnChunk(r, &out->columns.back());
        }
        break;
      }
      case 2: out->total_byte_size = r.ReadI64(f); break;
      case 3: out->num_rows = r.ReadI64(f); break;
      case 5: out->file_offset = r.ReadI64(f); break;
      case 6: out->total_compressed_size = r.ReadI64(f); break;
      case 7: out->ordinal = r.ReadI16(f); break;
      default: r.Skip(f.type);
    }
  }
  r.EndStruct();
}

ColumnOrder ReadColumnOrder(ThriftReader& r) {
  ColumnOrder order = ColumnOrder::kUnknown;
  r.BeginStruct();
  ThriftField f;
  while (r.NextField(&f)) {
    if (f.type == ThriftType::kStruct && f.id >= 1 && f.id <= 3) order = static_cast<ColumnOrder>(f.id);
    r.Skip(f.type);
  }
  r.EndStruct();
  return order;
}

}  // namespace

Result<FileMetaData> DecodeFileMetaData(std::string_view bytes) {
  FileMetaData out;
  ThriftReader r(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
  bool has_schema = false, has_num_rows = false, has_row_groups = false;
  ThriftType element;
  r.BeginStruct();
  ThriftField f;
  while (r.NextField(&f)) {
    switch (f.id) {
      case 1: out.version = r.ReadI32(f); break;
      case 2: {
        has_schema = true;
        uint32_t n = r.ReadListHeader(f, &element);
        out.schema.reserve(n);
        for (uint32_t i = 0; i < n && r.ExpectStructElement(element); ++i) {
          out.schema.emplace_back();
          ReadSchemaElement(r, &out.schema.back());
        }
        break;
      }
      case 3:
        has_num_rows = true;
        out.num_rows = r.ReadI64(f);
        break;
      case 4: {
        has_row_groups = true;
        uint32_t n = r.ReadListHeader(f, &element);
        out.row_groups.reserve(n);
        for (uint32_t i = 0; i < n && r.ExpectStructElement(element); ++i) {
          out.row_groups.emplace_back();
          ReadRowGroup(r, &out.row_groups.back());
        }
        break;
      }
      case 5: {
        uint32_t n = r.ReadListHeader(f, &element);
        for (uint32_t i = 0; i < n && r.ExpectStructElement(element); ++i) {
          KeyValue kv;
          r.BeginStruct();
          ThriftField k;
          while (r.NextField(&k)) {
            if (k.id == 1) kv.key = r.ReadString(k);
            else if (k.id == 2) kv.value = r.ReadString(k);
            else r.Skip(k.type);
          }
          r.EndStruct();
          out.key_value_metadata.push_back(std::move(kv));
        }
        break;
      }
      case 6: out.created_by = r.ReadString(f); break;
      case 7: {
        uint32_t n = r.ReadListHeader(f, &element);
        for (uint32_t i = 0; i < n && r.ExpectStructElement(element); ++i) out.column_orders.push_back(ReadColumnOrder(r));
        break;
      }
      case 8:
        out.encrypted = true;
        r.Skip(f.type);
        break;
      default: r.Skip(f.type);
    }
  }
  r.EndStruct();
  if (r.ok() && !(has_schema && has_num_rows && has_row_groups)) r.Fail("file metadata lacks a required field");
  if (!r.ok()) return r.status().WithContext("file metadata");
  return out;
}

}  // namespace sluice::formats::parquet
