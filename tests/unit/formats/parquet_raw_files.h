// Hand-assembled Parquet files for tests: any schema element list and any page bytes, so the
// tests can reproduce what other writers produce (legacy list layouts, INT96, converted types,
// BIT_PACKED levels, DELTA_BYTE_ARRAY, Hadoop LZ4) and what hostile files contain.
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "formats/parquet/bit_unpack.h"
#include "formats/parquet/file_metadata.h"
#include "formats/parquet/page_header.h"
#include "formats/parquet/rle_encoder.h"

namespace sluice::formats::parquet::testing {

inline SchemaElement Group(std::string name, std::optional<Repetition> repetition, int children,
                           ConvertedType converted = ConvertedType::kNone) {
  SchemaElement e;
  e.name = std::move(name);
  e.repetition = repetition;
  e.num_children = children;
  e.converted_type = converted;
  return e;
}

inline SchemaElement Leaf(std::string name, Repetition repetition, PhysicalType type,
                          ConvertedType converted = ConvertedType::kNone, int32_t type_length = 0) {
  SchemaElement e;
  e.name = std::move(name);
  e.repetition = repetition;
  e.type = type;
  e.converted_type = converted;
  e.type_length = type_length;
  return e;
}

// Levels in the RLE/bit-packed hybrid with the 4-byte length of data page v1.
inline std::string V1Levels(const std::vector<uint16_t>& levels, int max_level) {
  std::string rle;
  EncodeRle(levels.data(), levels.size(), BitWidthOf(static_cast<uint64_t>(max_level)), &rle);
  auto length = static_cast<uint32_t>(rle.size());
  return std::string(reinterpret_cast<const char*>(&length), 4) + rle;
}

template <typename T>
std::string Plain(const std::vector<T>& values) {
  return std::string(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(T));
}

inline std::string PlainStrings(const std::vector<std::string>& values) {
  std::string out;
  for (const auto& v : values) {
    auto length = static_cast<uint32_t>(v.size());
    out.append(reinterpret_cast<const char*>(&length), 4);
    out.append(v);
  }
  return out;
}

// One page: header plus body (uncompressed unless the caller compressed `body` and set sizes).
struct RawPage {
  PageHeader header;
  std::string body;
};

inline RawPage DataPageV1(int32_t num_values, Encoding encoding, std::string body) {
  RawPage page;
  page.header.type = PageType::kDataPage;
  page.header.data_page.num_values = num_values;
  page.header.data_page.encoding = encoding;
  page.header.uncompressed_page_size = page.header.compressed_page_size = static_cast<int32_t>(body.size());
  page.body = std::move(body);
  return page;
}

inline RawPage DictionaryPage(int32_t num_values, std::string body, Encoding encoding = Encoding::kPlain) {
  RawPage page;
  page.header.type = PageType::kDictionaryPage;
  page.header.dictionary_page.num_values = num_values;
  page.header.dictionary_page.encoding = encoding;
  page.header.uncompressed_page_size = page.header.compressed_page_size = static_cast<int32_t>(body.size());
  page.body = std::move(body);
  return page;
}

struct RawChunk {
  PhysicalType type = PhysicalType::kInt32;
  std::vector<std::string> path;
  Codec codec = Codec::kUncompressed;
  std::vector<RawPage> pages;
  int64_t num_values = 0;
  std::optional<Statistics> statistics;
};

struct RawRowGroup {
  int64_t num_rows = 0;
  std::vector<RawChunk> chunks;  // one per leaf, in schema order
};

// A whole file: magic, the chunks' pages, the footer.
inline std::string BuildParquet(const std::vector<SchemaElement>& schema, const std::vector<RawRowGroup>& groups,
                                std::vector<ColumnOrder> orders = {}) {
  std::string file(kMagic);
  FileMetaData meta;
  meta.schema = schema;
  meta.column_orders = std::move(orders);
  meta.created_by = "sluice tests";
  for (const RawRowGroup& group : groups) {
    RowGroup row_group;
    row_group.num_rows = group.num_rows;
    meta.num_rows += group.num_rows;
    for (const RawChunk& chunk : group.chunks) {
      ColumnChunk column;
      column.has_meta_data = true;
      ColumnMetaData& m = column.meta_data;
      m.type = chunk.type;
      m.path_in_schema = chunk.path;
      m.codec = chunk.codec;
      m.num_values = chunk.num_values;
      m.statistics = chunk.statistics;
      m.encodings = {Encoding::kPlain, Encoding::kRle};
      int64_t start = static_cast<int64_t>(file.size());
      m.data_page_offset = start;
      for (const RawPage& page : chunk.pages) {
        if (page.header.type == PageType::kDictionaryPage) {
          m.dictionary_page_offset = static_cast<int64_t>(file.size());
        } else if (m.data_page_offset == start && m.dictionary_page_offset) {
          m.data_page_offset = static_cast<int64_t>(file.size());
        }
        EncodePageHeader(page.header, &file);
        file += page.body;
      }
      m.total_compressed_size = m.total_uncompressed_size = static_cast<int64_t>(file.size()) - start;
      row_group.columns.push_back(std::move(column));
    }
    meta.row_groups.push_back(std::move(row_group));
  }
  std::string footer;
  EncodeFileMetaData(meta, &footer);
  file += footer;
  auto length = static_cast<uint32_t>(footer.size());
  file.append(reinterpret_cast<const char*>(&length), 4);
  file += kMagic;
  return file;
}

}  // namespace sluice::formats::parquet::testing
