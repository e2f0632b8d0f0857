// Writing one leaf column of a row group: see column_chunk_writer.h.
#include "formats/parquet/column_chunk_writer.h"

#include <zlib.h>

#include <algorithm>
#include <cstring>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "columnar/decimal.h"
#include "formats/parquet/bit_unpack.h"
#include "formats/parquet/page_codec.h"
#include "formats/parquet/page_header.h"
#include "formats/parquet/rle_encoder.h"

namespace sluice::formats::parquet {

namespace {

// Entries handed to the encoder at a time: the granularity of page cuts and of the dictionary
// size check.
constexpr size_t kStep = 4096;

size_t ValueSize(PhysicalType type) {
  switch (type) {
    case PhysicalType::kBoolean: return 1;
    case PhysicalType::kInt32:
    case PhysicalType::kFloat: return 4;
    case PhysicalType::kInt64:
    case PhysicalType::kDouble: return 8;
    default: return sizeof(std::string_view);
  }
}

void AppendLengthPrefixed(const std::string& bytes, std::string* out) {
  auto length = static_cast<uint32_t>(bytes.size());
  out->append(reinterpret_cast<const char*>(&length), 4);
  out->append(bytes);
}

}  // namespace

ColumnChunkWriter::ColumnChunkWriter(const WriteLeaf& leaf, const ChunkWriterOptions& options)
    : leaf_(leaf),
      options_(options),
      encoder_(MakeValueEncoder(leaf.physical, leaf.type_length, options.values)),
      value_size_(ValueSize(leaf.physical)) {}

Result<const void*> ColumnChunkWriter::PhysicalValues(const ShreddedLeaf& s) {
  if (s.count == 0) return static_cast<const void*>(nullptr);  // all null or empty: no leaf column seen
  const columnar::Column& column = *s.column;
  auto n = static_cast<size_t>(s.count);
  // Same-width sources are used in place when the values are contiguous, else gathered.
  auto gather = [&](auto tag, auto convert) -> const void* {
    using From = decltype(tag);
    using To = decltype(convert(From{}));
    const From* values = column.Values<From>();
    scratch_.resize(n * sizeof(To));
    auto* out = reinterpret_cast<To*>(scratch_.data());
    if (s.contiguous) {
      for (size_t i = 0; i < n; ++i) out[i] = convert(values[s.begin + static_cast<int64_t>(i)]);
    } else {
      for (size_t i = 0; i < n; ++i) out[i] = convert(values[s.rows[i]]);
    }
    return out;
  };
  auto same = [&](auto tag) -> const void* {
    using T = decltype(tag);
    if (s.contiguous) return column.Values<T>() + s.begin;
    return gather(tag, [](T v) { return v; });
  };
  auto check_decimal = [&](auto limit) -> Status {
    const columnar::Int128* values = column.Values<columnar::Int128>();
    for (size_t i = 0; i < n; ++i) {
      columnar::Int128 v = values[s.contiguous ? s.begin + static_cast<int64_t>(i) : s.rows[i]];
      if (v > limit || v < -limit) {
        return InvalidArgument(fmt::format("decimal value {} in column '{}' does not fit its precision",
                                           columnar::Int128ToString(v), fmt::join(leaf_.path, ".")));
      }
    }
    return Status::Ok();
  };
  switch (leaf_.source) {
    case ValueSource::kBoolean: return same(uint8_t{});
    case ValueSource::kInt8: return gather(int8_t{}, [](int8_t v) { return int32_t{v}; });
    case ValueSource::kInt16: return gather(int16_t{}, [](int16_t v) { return int32_t{v}; });
    case ValueSource::kInt32: return same(int32_t{});
    case ValueSource::kInt64: return same(int64_t{});
    case ValueSource::kFloat: return same(float{});
    case ValueSource::kDouble: return same(double{});
    case ValueSource::kDecimalToInt32:
      RETURN_IF_ERROR(check_decimal(columnar::Int128{INT32_MAX}));
      return gather(columnar::Int128{}, [](columnar::Int128 v) { return static_cast<int32_t>(v); });
    case ValueSource::kDecimalToInt64:
      RETURN_IF_ERROR(check_decimal(columnar::Int128{INT64_MAX}));
      return gather(columnar::Int128{}, [](columnar::Int128 v) { return static_cast<int64_t>(v); });
    case ValueSource::kDecimalToFixed: {
      auto width = static_cast<size_t>(leaf_.type_length);
      const columnar::Int128* values = column.Values<columnar::Int128>();
      scratch_.resize(n * width);
      views_.resize(n);
      for (size_t i = 0; i < n; ++i) {
        columnar::Int128 v = values[s.contiguous ? s.begin + static_cast<int64_t>(i) : s.rows[i]];
        auto bits = static_cast<unsigned __int128>(v);
        uint8_t* out = scratch_.data() + i * width;
        for (size_t b = 0; b < width; ++b) {
          // Big-endian; bytes past 16 repeat the sign.
          size_t shift = 8 * (width - 1 - b);
          out[b] = shift >= 128 ? (v < 0 ? 0xff : 0x00) : static_cast<uint8_t>(bits >> shift);
        }
        views_[i] = std::string_view(reinterpret_cast<const char*>(out), width);
      }
      return views_.data();
    }
    case ValueSource::kBytes: {
      views_.resize(n);
      const int64_t* offsets = column.Offsets();
      const char* data = reinterpret_cast<const char*>(column.data()->data());
      for (size_t i = 0; i < n; ++i) {
        int64_t row = s.contiguous ? s.begin + static_cast<int64_t>(i) : s.rows[i];
        views_[i] = std::string_view(data + offsets[row], static_cast<size_t>(offsets[row + 1] - offsets[row]));
      }
      return views_.data();
    }
    case ValueSource::kNull: return static_cast<const void*>(nullptr);
  }
  return Internal("unknown value source");
}

Status ColumnChunkWriter::Write(const ShreddedLeaf& s) {
  ASSIGN_OR_RETURN(const void* values, PhysicalValues(s));
  const auto* bytes = static_cast<const uint8_t*>(values);
  const auto max_def = static_cast<uint16_t>(leaf_.max_def);
  const auto entries = static_cast<size_t>(s.entries);
  size_t e = 0, v = 0;
  while (e < entries) {
    size_t end = std::min(entries, e + kStep);
    if (!s.rep.empty()) {
      while (end < entries && s.rep[end] != 0) ++end;  // pages start at row boundaries
    }
    size_t count = end - e;
    size_t present = count;
    if (leaf_.max_def > 0) {
      if (s.def.empty()) {
        page_def_.insert(page_def_.end(), count, max_def);
      } else {
        page_def_.insert(page_def_.end(), s.def.begin() + static_cast<ptrdiff_t>(e),
                         s.def.begin() + static_cast<ptrdiff_t>(end));
        present = static_cast<size_t>(std::count(s.def.begin() + static_cast<ptrdiff_t>(e),
                                                 s.def.begin() + static_cast<ptrdiff_t>(end), max_def));
      }
    }
    if (leaf_.source == ValueSource::kNull) present = 0;
    if (!s.rep.empty()) {
      page_rep_.insert(page_rep_.end(), s.rep.begin() + static_cast<ptrdiff_t>(e),
                       s.rep.begin() + static_cast<ptrdiff_t>(end));
      page_rows_ += std::count(s.rep.begin() + static_cast<ptrdiff_t>(e), s.rep.begin() + static_cast<ptrdiff_t>(end), 0);
    } else {
      page_rows_ += static_cast<int64_t>(count);
    }
    page_entries_ += static_cast<int64_t>(count);
    page_nulls_ += static_cast<int64_t>(count - present);
    if (present > 0) encoder_->Put(bytes + v * value_size_, present);
    v += present;
    e = end;
    if (encoder_->DictionaryFull()) {
      RETURN_IF_ERROR(FlushPage());
      encoder_->StopDictionary();
    } else if (encoder_->PageBytes() + page_def_.size() / 4 + page_rep_.size() / 4 >= options_.data_page_bytes) {
      RETURN_IF_ERROR(FlushPage());
    }
  }
  return Status::Ok();
}

Status ColumnChunkWriter::AppendPage(PageHeader header, std::string_view levels, std::string_view values,
                                     bool compress_all, std::string* out) {
  // v1 compresses levels and values together; v2 leaves the levels as they are.
  std::string_view to_compress = values;
  if (compress_all) {
    page_buffer_.assign(levels);
    page_buffer_.append(values);
    to_compress = page_buffer_;
    levels = {};
  }
  header.uncompressed_page_size = static_cast<int32_t>(levels.size() + to_compress.size());
  std::string_view stored_values = to_compress;
  if (options_.codec != Codec::kUncompressed) {
    std::optional<BlockCodec> codec = ToBlockCodec(options_.codec);
    if (!codec) return InvalidArgument(fmt::format("cannot write {} compression", CodecName(options_.codec)));
    RETURN_IF_ERROR(CompressBlock(*codec, to_compress, &compressed_, options_.compression_level));
    stored_values = compressed_;
  }
  header.compressed_page_size = static_cast<int32_t>(levels.size() + stored_values.size());
  if (options_.write_checksums) {
    uLong crc = crc32(0, reinterpret_cast<const Bytef*>(levels.data()), static_cast<uInt>(levels.size()));
    crc = crc32(crc, reinterpret_cast<const Bytef*>(stored_values.data()), static_cast<uInt>(stored_values.size()));
    header.crc = static_cast<uint32_t>(crc);
  }
  size_t before = out->size();
  EncodePageHeader(header, out);
  size_t header_size = out->size() - before;
  out->append(levels);
  out->append(stored_values);
  uncompressed_bytes_ += static_cast<int64_t>(header_size) + header.uncompressed_page_size;
  return Status::Ok();
}

Status ColumnChunkWriter::FlushPage() {
  if (page_entries_ == 0) return Status::Ok();
  std::string values;
  Encoding encoding = encoder_->FlushPage(&values);
  std::string rep, def;
  if (leaf_.max_rep > 0) EncodeRle(page_rep_.data(), page_rep_.size(), BitWidthOf(static_cast<uint64_t>(leaf_.max_rep)), &rep);
  if (leaf_.max_def > 0) EncodeRle(page_def_.data(), page_def_.size(), BitWidthOf(static_cast<uint64_t>(leaf_.max_def)), &def);
  PageHeader header;
  std::string levels;
  if (options_.page_v2) {
    header.type = PageType::kDataPageV2;
    DataPageHeaderV2& v2 = header.data_page_v2;
    v2.num_values = static_cast<int32_t>(page_entries_);
    v2.num_nulls = static_cast<int32_t>(page_nulls_);
    v2.num_rows = static_cast<int32_t>(page_rows_);
    v2.encoding = encoding;
    v2.repetition_levels_byte_length = static_cast<int32_t>(rep.size());
    v2.definition_levels_byte_length = static_cast<int32_t>(def.size());
    v2.is_compressed = options_.codec != Codec::kUncompressed;
    levels = rep + def;
    RETURN_IF_ERROR(AppendPage(header, levels, values, false, &pages_));
  } else {
    header.type = PageType::kDataPage;
    header.data_page.num_values = static_cast<int32_t>(page_entries_);
    header.data_page.encoding = encoding;
    if (leaf_.max_rep > 0) AppendLengthPrefixed(rep, &levels);
    if (leaf_.max_def > 0) AppendLengthPrefixed(def, &levels);
    RETURN_IF_ERROR(AppendPage(header, levels, values, true, &pages_));
  }
  ++page_counts_[{header.type, encoding}];
  total_entries_ += page_entries_;
  total_nulls_ += page_nulls_;
  page_def_.clear();
  page_rep_.clear();
  page_entries_ = page_nulls_ = page_rows_ = 0;
  return Status::Ok();
}

Status ColumnChunkWriter::Finish(OutputStream& out, ColumnChunk* chunk) {
  RETURN_IF_ERROR(FlushPage());
  ColumnMetaData& meta = chunk->meta_data;
  chunk->has_meta_data = true;
  chunk->file_offset = 0;
  meta = ColumnMetaData{};
  meta.type = leaf_.physical;
  meta.path_in_schema = leaf_.path;
  meta.codec = options_.codec;
  meta.num_values = total_entries_;
  int64_t start = static_cast<int64_t>(out.position());
  std::string dictionary_page;
  if (encoder_->has_dictionary_page()) {
    std::string values;
    int32_t count = 0;
    encoder_->EncodeDictionary(&values, &count);
    PageHeader header;
    header.type = PageType::kDictionaryPage;
    header.dictionary_page.num_values = count;
    header.dictionary_page.encoding = Encoding::kPlain;
    RETURN_IF_ERROR(AppendPage(header, {}, values, true, &dictionary_page));
    meta.dictionary_page_offset = start;
    ++page_counts_[{PageType::kDictionaryPage, Encoding::kPlain}];
  }
  RETURN_IF_ERROR(out.Write(dictionary_page));
  meta.data_page_offset = static_cast<int64_t>(out.position());
  RETURN_IF_ERROR(out.Write(pages_));
  meta.total_compressed_size = static_cast<int64_t>(dictionary_page.size() + pages_.size());
  meta.total_uncompressed_size = uncompressed_bytes_;
  std::vector<Encoding> encodings;
  if (leaf_.max_def > 0 || leaf_.max_rep > 0) encodings.push_back(Encoding::kRle);
  for (const auto& [key, count] : page_counts_) {
    if (std::find(encodings.begin(), encodings.end(), key.second) == encodings.end()) encodings.push_back(key.second);
    meta.encoding_stats.push_back(PageEncodingStats{key.first, key.second, count});
  }
  meta.encodings = std::move(encodings);
  if (options_.statistics) {
    Statistics stats;
    stats.null_count = total_nulls_;
    std::optional<std::string> min = encoder_->MinStatistic();
    std::optional<std::string> max = encoder_->MaxStatistic();
    if (min && max) {
      stats.min_value = std::move(min);
      stats.max_value = std::move(max);
      stats.is_min_value_exact = stats.is_max_value_exact = true;
    }
    meta.statistics = std::move(stats);
  }
  pages_.clear();
  total_entries_ = total_nulls_ = uncompressed_bytes_ = 0;
  page_counts_.clear();
  encoder_->ResetChunk();
  return Status::Ok();
}

}  // namespace sluice::formats::parquet
