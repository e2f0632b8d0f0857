// Page headers: see page_header.h.
#include "formats/parquet/page_header.h"

#include "formats/parquet/thrift_compact.h"

namespace sluice::formats::parquet {

namespace {

void ReadDataPageHeader(ThriftReader& r, DataPageHeader* out) {
  int seen = 0;
  r.BeginStruct();
  ThriftField f;
  while (r.NextField(&f)) {
    switch (f.id) {
      case 1: out->num_values = r.ReadI32(f); seen |= 1; break;
      case 2: out->encoding = static_cast<Encoding>(r.ReadI32(f)); seen |= 2; break;
      case 3: out->definition_level_encoding = static_cast<Encoding>(r.ReadI32(f)); break;
      case 4: out->repetition_level_encoding = static_cast<Encoding>(r.ReadI32(f)); break;
      default: r.Skip(f.type);
    }
  }
  r.EndStruct();
  if (seen != 3) r.Fail("data page header lacks num_values or encoding");
  if (out->num_values < 0) r.Fail("negative value count in data page header");
}

void ReadDataPageHeaderV2(ThriftReader& r, DataPageHeaderV2* out) {
  int seen = 0;
  r.BeginStruct();
  ThriftField f;
  while (r.NextField(&f)) {
    switch (f.id) {
      case 1: out->num_values = r.ReadI32(f); seen |= 1; break;
      case 2: out->num_nulls = r.ReadI32(f); seen |= 2; break;
      case 3: out->num_rows = r.ReadI32(f); seen |= 4; break;
      case 4: out->encoding = static_cast<Encoding>(r.ReadI32(f)); seen |= 8; break;
      case 5: out->definition_levels_byte_length = r.ReadI32(f); seen |= 16; break;
      case 6: out->repetition_levels_byte_length = r.ReadI32(f); seen |= 32; break;
      case 7: out->is_compressed = r.ReadBool(f); break;
      default: r.Skip(f.type);
    }
  }
  r.EndStruct();
  if (seen != 63) r.Fail("data page v2 header lacks a required field");
  if (out->num_values < 0 || out->num_nulls < 0 || out->num_rows < 0 || out->num_nulls > out->num_values ||
      out->definition_levels_byte_length < 0 || out->repetition_levels_byte_length < 0) {
    r.Fail("negative or inconsistent counts in data page v2 header");
  }
}

void ReadDictionaryPageHeader(ThriftReader& r, DictionaryPageHeader* out) {
  bool has_count = false;
  r.BeginStruct();
  ThriftField f;
  while (r.NextField(&f)) {
    switch (f.id) {
      case 1: out->num_values = r.ReadI32(f); has_count = true; break;
      case 2: out->encoding = static_cast<Encoding>(r.ReadI32(f)); break;
      case 3: out->is_sorted = r.ReadBool(f); break;
      default: r.Skip(f.type);
    }
  }
  r.EndStruct();
  if (!has_count || out->num_values < 0) r.Fail("dictionary page header lacks a valid num_values");
}

}  // namespace

Status DecodePageHeader(const uint8_t* data, size_t size, PageHeader* header, size_t* header_size) {
  ThriftReader r(data, size);
  int seen = 0;
  bool has_body = false;
  r.BeginStruct();
  ThriftField f;
  while (r.NextField(&f)) {
    switch (f.id) {
      case 1: header->type = static_cast<PageType>(r.ReadI32(f)); seen |= 1; break;
      case 2: header->uncompressed_page_size = r.ReadI32(f); seen |= 2; break;
      case 3: header->compressed_page_size = r.ReadI32(f); seen |= 4; break;
      case 4: header->crc = static_cast<uint32_t>(r.ReadI32(f)); break;
      case 5:
        if (f.type != ThriftType::kStruct) { r.Skip(f.type); break; }
        ReadDataPageHeader(r, &header->data_page);
        has_body |= header->type == PageType::kDataPage;
        break;
      case 7:
        if (f.type != ThriftType::kStruct) { r.Skip(f.type); break; }
        ReadDictionaryPageHeader(r, &header->dictionary_page);
        has_body |= header->type == PageType::kDictionaryPage;
        break;
      case 8:
        if (f.type != ThriftType::kStruct) { r.Skip(f.type); break; }
        ReadDataPageHeaderV2(r, &header->data_page_v2);
        has_body |= header->type == PageType::kDataPageV2;
        break;
      default: r.Skip(f.type);
    }
  }
  r.EndStruct();
  if (r.ok() && seen != 7) r.Fail("page header lacks its type or sizes");
  if (r.ok() && (header->uncompressed_page_size < 0 || header->compressed_page_size < 0)) {
    r.Fail("negative page size");
  }
  if (r.ok() && !has_body && header->type != PageType::kIndexPage) {
    r.Fail("page header lacks the header for its page type");
  }
  *header_size = r.position();
  return r.status();
}

void EncodePageHeader(const PageHeader& header, std::string* out) {
  ThriftWriter w(out);
  w.BeginStruct();
  w.WriteI32(1, static_cast<int32_t>(header.type));
  w.WriteI32(2, header.uncompressed_page_size);
  w.WriteI32(3, header.compressed_page_size);
  if (header.crc) w.WriteI32(4, static_cast<int32_t>(*header.crc));
  switch (header.type) {
    case PageType::kDataPage:
      w.BeginStructField(5);
      w.WriteI32(1, header.data_page.num_values);
      w.WriteI32(2, static_cast<int32_t>(header.data_page.encoding));
      w.WriteI32(3, static_cast<int32_t>(header.data_page.definition_level_encoding));
      w.WriteI32(4, static_cast<int32_t>(header.data_page.repetition_level_encoding));
      w.EndStruct();
      break;
    case PageType::kDictionaryPage:
      w.BeginStructField(7);
      w.WriteI32(1, header.dictionary_page.num_values);
      w.WriteI32(2, static_cast<int32_t>(header.dictionary_page.encoding));
      if (header.dictionary_page.is_sorted) w.WriteBool(3, true);
      w.EndStruct();
      break;
    case PageType::kDataPageV2: {
      const DataPageHeaderV2& v2 = header.data_page_v2;
      w.BeginStructField(8);
      w.WriteI32(1, v2.num_values);
      w.WriteI32(2, v2.num_nulls);
      w.WriteI32(3, v2.num_rows);
      w.WriteI32(4, static_cast<int32_t>(v2.encoding));
      w.WriteI32(5, v2.definition_levels_byte_length);
      w.WriteI32(6, v2.repetition_levels_byte_length);
      w.WriteBool(7, v2.is_compressed);
      w.EndStruct();
      break;
    }
    case PageType::kIndexPage: break;
  }
  w.EndStruct();
}

}  // namespace sluice::formats::parquet
