// Reading the pages of a column chunk: see page_reader.h.
#include "formats/parquet/page_reader.h"

#include <zlib.h>

#include <fmt/format.h>

#include "formats/parquet/page_codec.h"

namespace sluice::formats::parquet {

PageReader::PageReader(std::string_view chunk, int64_t chunk_offset, Codec codec, PageReaderOptions options)
    : chunk_(chunk), chunk_offset_(chunk_offset), codec_(codec), options_(options) {}

Status PageReader::Decompress(std::string_view input, size_t size, const uint8_t** out) {
  if (codec_ == Codec::kUncompressed) {
    if (input.size() != size) {
      return DataLoss(fmt::format("uncompressed page of {} bytes claims {}", input.size(), size));
    }
    *out = reinterpret_cast<const uint8_t*>(input.data());
    return Status::Ok();
  }
  if (size > options_.max_page_bytes) {
    return DataLoss(fmt::format("page claims {} bytes, more than the {} byte limit", size, options_.max_page_bytes));
  }
  // Refuse sizes the compressed bytes cannot back before allocating for them.
  std::optional<BlockCodec> block = ToBlockCodec(codec_ == Codec::kLz4 ? Codec::kLz4Raw : codec_);
  if (!block) return Unimplemented(fmt::format("{} compression", CodecName(codec_)));
  RETURN_IF_ERROR(CheckUncompressedSize(*block, input, size, options_.max_page_bytes));
  if (size > buffer_capacity_) {
    size_t capacity = std::max(size, buffer_capacity_ * 2);
    buffer_.reset(new uint8_t[capacity]);
    buffer_capacity_ = capacity;
  }
  RETURN_IF_ERROR(DecompressPage(codec_, input, reinterpret_cast<char*>(buffer_.get()), size, options_.max_page_bytes));
  *out = buffer_.get();
  return Status::Ok();
}

Result<bool> PageReader::Next(Page* page) {
  while (pos_ < chunk_.size()) {
    int64_t offset = chunk_offset_ + static_cast<int64_t>(pos_);
    auto fail = [offset](const Status& status) { return status.WithContext(fmt::format("page at offset {}", offset)); };
    PageHeader header;
    size_t header_size = 0;
    Status status = DecodePageHeader(reinterpret_cast<const uint8_t*>(chunk_.data()) + pos_, chunk_.size() - pos_,
                                     &header, &header_size);
    if (!status.ok()) return fail(status);
    size_t body_start = pos_ + header_size;
    if (static_cast<size_t>(header.compressed_page_size) > chunk_.size() - body_start) {
      return fail(DataLoss(fmt::format("page of {} bytes runs past the end of its column chunk",
                                       header.compressed_page_size)));
    }
    std::string_view stored = chunk_.substr(body_start, static_cast<size_t>(header.compressed_page_size));
    pos_ = body_start + stored.size();
    if (header.crc && options_.verify_checksums) {
      auto crc = static_cast<uint32_t>(crc32(0, reinterpret_cast<const Bytef*>(stored.data()),
                                             static_cast<uInt>(stored.size())));
      if (crc != *header.crc) return fail(DataLoss("page checksum does not match"));
    }
    *page = Page{};
    page->type = header.type;
    page->offset = offset;
    auto size = static_cast<size_t>(header.uncompressed_page_size);
    switch (header.type) {
      case PageType::kDictionaryPage:
        page->num_values = header.dictionary_page.num_values;
        page->encoding = header.dictionary_page.encoding;
        status = Decompress(stored, size, &page->body);
        if (!status.ok()) return fail(status);
        page->body_size = size;
        return true;
      case PageType::kDataPage:
        page->num_values = header.data_page.num_values;
        page->encoding = header.data_page.encoding;
        page->def_encoding = header.data_page.definition_level_encoding;
        page->rep_encoding = header.data_page.repetition_level_encoding;
        status = Decompress(stored, size, &page->body);
        if (!status.ok()) return fail(status);
        page->body_size = size;
        return true;
      case PageType::kDataPageV2: {
        const DataPageHeaderV2& v2 = header.data_page_v2;
        auto levels = static_cast<uint64_t>(v2.repetition_levels_byte_length) +
                      static_cast<uint64_t>(v2.definition_levels_byte_length);
        if (levels > stored.size() || levels > size) {
          return fail(DataLoss(fmt::format("data page v2 levels of {} bytes exceed the page", levels)));
        }
        page->v2 = true;
        page->num_values = v2.num_values;
        page->num_nulls = v2.num_nulls;
        page->num_rows = v2.num_rows;
        page->encoding = v2.encoding;
        page->rep_levels = reinterpret_cast<const uint8_t*>(stored.data());
        page->rep_levels_size = static_cast<size_t>(v2.repetition_levels_byte_length);
        page->def_levels = page->rep_levels + page->rep_levels_size;
        page->def_levels_size = static_cast<size_t>(v2.definition_levels_byte_length);
        std::string_view values = stored.substr(levels);
        size_t values_size = size - levels;
        if (v2.is_compressed && codec_ != Codec::kUncompressed) {
          status = Decompress(values, values_size, &page->body);
          if (!status.ok()) return fail(status);
        } else {
          if (values.size() != values_size) {
            return fail(DataLoss(fmt::format("uncompressed page values of {} bytes claim {}", values.size(), values_size)));
          }
          page->body = reinterpret_cast<const uint8_t*>(values.data());
        }
        page->body_size = values_size;
        return true;
      }
      default: continue;  // index pages and unknown types
    }
  }
  return false;
}

}  // namespace sluice::formats::parquet
