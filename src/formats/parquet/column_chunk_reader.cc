// Reading one leaf column of a row group: see column_chunk_reader.h.
#include "formats/parquet/column_chunk_reader.h"

#include <algorithm>

#include <fmt/format.h>

namespace sluice::formats::parquet {

namespace {

// Levels are decoded this many at a time.
constexpr size_t kWindow = 4096;

bool IsDictionaryEncoding(Encoding encoding) {
  return encoding == Encoding::kRleDictionary || encoding == Encoding::kPlainDictionary;
}

}  // namespace

ColumnChunkReader::ColumnChunkReader(const LeafPlan& plan, std::string_view chunk, int64_t chunk_offset, Codec codec,
                                     const ColumnReadLimits& limits, std::string context)
    : plan_(plan),
      limits_(limits),
      context_(std::move(context)),
      pages_(chunk, chunk_offset, codec, limits.pages),
      dictionary_(OutputWidth(plan)),
      builder_(OutputWidth(plan)) {
  def_window_.resize(kWindow);
  rep_window_.resize(kWindow);
  valid_.resize(kWindow);
  indices_.resize(kWindow);
  builder_.set_byte_limit(limits.max_batch_bytes);
  dictionary_.set_byte_limit(limits.max_batch_bytes);
  scratch_.arrays.set_byte_limit(limits.max_batch_bytes);
}

Status ColumnChunkReader::Fail(const Status& status) const { return status.WithContext(context_); }

Status ColumnChunkReader::LoadDictionary() {
  auto at = [&](const Status& s) { return s.WithContext(fmt::format("dictionary page at offset {}", page_.offset)); };
  if (has_dictionary_) return at(DataLoss("a second dictionary page in one column chunk"));
  if (page_.encoding != Encoding::kPlain && page_.encoding != Encoding::kPlainDictionary) {
    return at(DataLoss(fmt::format("dictionary in {} encoding", EncodingName(page_.encoding))));
  }
  if (plan_.physical == PhysicalType::kBoolean) return at(DataLoss("a dictionary for a boolean column"));
  has_dictionary_ = true;
  if (plan_.conversion == Conversion::kNull) return Status::Ok();
  size_t width = plan_.physical == PhysicalType::kByteArray ? 4 : PhysicalWidth(plan_.physical, plan_.type_length);
  if (static_cast<size_t>(page_.num_values) > page_.body_size / width) {
    return at(DataLoss(fmt::format("dictionary claims {} values in {} bytes", page_.num_values, page_.body_size)));
  }
  auto decoder = MakeValueDecoder(Encoding::kPlain, plan_.physical, plan_.type_length, page_.body, page_.body_size);
  if (!decoder.ok()) return at(decoder.status());
  dictionary_.Reset(OutputWidth(plan_));
  Status status = DecodeDense(plan_, **decoder, static_cast<size_t>(page_.num_values), dictionary_, scratch_);
  if (!status.ok()) return at(status);
  // Slack past the last entry lets short values be gathered as whole blocks.
  if (dictionary_.is_byte_array() && !dictionary_.strings().ReserveBytes(ByteArrayOutput::kSmallValue)) {
    return at(ResourceExhausted("dictionary passes the byte limit"));
  }
  return Status::Ok();
}

Result<bool> ColumnChunkReader::LoadDataPage() {
  while (true) {
    ASSIGN_OR_RETURN(bool more, pages_.Next(&page_));
    if (!more) return false;
    if (page_.type == PageType::kDictionaryPage) {
      RETURN_IF_ERROR(LoadDictionary());
      continue;
    }
    auto at = [&](const Status& s) { return s.WithContext(fmt::format("page at offset {}", page_.offset)); };
    const uint8_t* values = page_.body;
    size_t values_size = page_.body_size;
    if (page_.v2) {
      if (plan_.max_rep > 0) rep_decoder_.InitV2(plan_.max_rep, page_.rep_levels, page_.rep_levels_size);
      if (plan_.max_def > 0) def_decoder_.InitV2(plan_.max_def, page_.def_levels, page_.def_levels_size);
    } else {
      size_t used = 0;
      if (plan_.max_rep > 0) {
        Status s = rep_decoder_.InitV1(page_.rep_encoding, plan_.max_rep, page_.num_values, values, values_size, &used);
        if (!s.ok()) return at(s);
        values += used;
        values_size -= used;
      }
      if (plan_.max_def > 0) {
        Status s = def_decoder_.InitV1(page_.def_encoding, plan_.max_def, page_.num_values, values, values_size, &used);
        if (!s.ok()) return at(s);
        values += used;
        values_size -= used;
      }
    }
    dictionary_encoded_ = IsDictionaryEncoding(page_.encoding);
    if (dictionary_encoded_ && !has_dictionary_) return at(DataLoss("dictionary-encoded page without a dictionary"));
    values_.reset();
    if (plan_.conversion != Conversion::kNull) {
      auto decoder = MakeValueDecoder(page_.encoding, plan_.physical, plan_.type_length, values, values_size);
      if (!decoder.ok()) return at(decoder.status());
      values_ = std::move(*decoder);
    }
    page_left_ = page_.num_values;
    if (page_left_ > 0) return true;
  }
}

Status ColumnChunkReader::FillWindow() {
  window_pos_ = window_size_ = 0;
  if (page_left_ == 0) {
    ASSIGN_OR_RETURN(bool more, LoadDataPage());
    if (!more) return Status::Ok();
  }
  auto n = static_cast<size_t>(std::min<int64_t>(page_left_, kWindow));
  auto at = [&](const Status& s) { return s.WithContext(fmt::format("page at offset {}", page_.offset)); };
  if (plan_.max_rep > 0) {
    Status s = rep_decoder_.Decode(rep_window_.data(), n);
    if (!s.ok()) return at(s);
  }
  if (plan_.max_def > 0) {
    Status s = def_decoder_.Decode(def_window_.data(), n);
    if (!s.ok()) return at(s);
  }
  window_size_ = n;
  page_left_ -= static_cast<int64_t>(n);
  return Status::Ok();
}

Status ColumnChunkReader::ProcessEntries(const uint16_t* def, size_t count) {
  int64_t slots, dense = 0;
  if (plan_.max_def == 0) {
    builder_.AppendValid(static_cast<int64_t>(count));
    slots = dense = static_cast<int64_t>(count);
  } else {
    const auto max_def = static_cast<uint16_t>(plan_.max_def);
    const auto slot_def = static_cast<uint16_t>(plan_.slot_def);
    size_t s = 0;
    if (slot_def == 0) {
      for (size_t i = 0; i < count; ++i) valid_[i] = def[i] == max_def;
      s = count;
    } else {
      for (size_t i = 0; i < count; ++i) {
        if (def[i] >= slot_def) valid_[s++] = def[i] == max_def;
      }
    }
    if (plan_.conversion == Conversion::kNull) std::fill(valid_.begin(), valid_.begin() + static_cast<ptrdiff_t>(s), 0);
    for (size_t i = 0; i < s; ++i) dense += valid_[i];
    builder_.AppendValidity(valid_.data(), static_cast<int64_t>(s));
    slots = static_cast<int64_t>(s);
  }
  if (dense > 0) {
    auto n = static_cast<size_t>(dense);
    Status status;
    if (dictionary_encoded_) {
      status = values_->DecodeIndices(n, indices_.data());
      if (status.ok()) {
        uint32_t max = 0;
        for (size_t i = 0; i < n; ++i) max = std::max(max, indices_[i]);
        if (max >= static_cast<uint64_t>(dictionary_.length())) {
          status = DataLoss(fmt::format("dictionary index {} is past the dictionary's {} values", max,
                                        dictionary_.length()));
        } else {
          status = GatherDictionary(dictionary_, indices_.data(), n, builder_);
        }
      }
    } else {
      status = DecodeDense(plan_, *values_, n, builder_, scratch_);
    }
    if (!status.ok()) return status.WithContext(fmt::format("page at offset {}", page_.offset));
  }
  builder_.Spread(slots, dense);
  return Status::Ok();
}

Status ColumnChunkReader::ReadRows(int64_t rows, int64_t soft_entries, LeafBatch* out) {
  out->def.clear();
  out->rep.clear();
  out->rows = 0;
  const bool repeated = plan_.max_rep > 0;
  if (!repeated && plan_.slot_def == 0) {
    // One slot per row: make room once (byte arrays as many bytes per row as last time).
    builder_.Reserve(rows, static_cast<size_t>(bytes_per_row_ * static_cast<double>(rows)));
  }
  int64_t done_rows = 0;
  int64_t entries = 0;
  while (true) {
    if (window_pos_ == window_size_) {
      if (!repeated && done_rows == rows) break;
      Status status = FillWindow();
      if (!status.ok()) return Fail(status);
      if (window_size_ == 0) break;  // the end of the chunk
    }
    size_t available = window_size_ - window_pos_;
    size_t take = 0;
    bool stop = false;
    const uint16_t* rep = rep_window_.data() + window_pos_;
    if (!repeated) {
      take = static_cast<size_t>(std::min<int64_t>(static_cast<int64_t>(available), rows - done_rows));
      done_rows += static_cast<int64_t>(take);
    } else {
      if (!started_) {
        if (rep[0] != 0) return Fail(DataLoss("the column chunk's first value does not start a row"));
        started_ = true;
      }
      for (; take < available; ++take) {
        if (rep[take] != 0) continue;
        bool full = done_rows == rows ||
                    (soft_entries > 0 && done_rows > 0 && entries + static_cast<int64_t>(take) >= soft_entries);
        if (full) {
          stop = true;
          break;
        }
        ++done_rows;
      }
    }
    if (take > 0) {
      const uint16_t* def = def_window_.data() + window_pos_;
      if (plan_.keep_levels) {
        if (plan_.max_def > 0) out->def.insert(out->def.end(), def, def + take);
        if (repeated) out->rep.insert(out->rep.end(), rep, rep + take);
      }
      Status status = ProcessEntries(def, take);
      if (!status.ok()) return Fail(status);
      window_pos_ += take;
      entries += static_cast<int64_t>(take);
      if (entries > limits_.max_batch_entries) {
        return Fail(ResourceExhausted(fmt::format("more than {} values in one batch", limits_.max_batch_entries)));
      }
    }
    if (stop || (!repeated && done_rows == rows)) break;
  }
  out->rows = done_rows;
  out->entries = entries;
  if (builder_.is_byte_array() && done_rows > 0) {
    bytes_per_row_ = static_cast<double>(builder_.strings().bytes()) / static_cast<double>(done_rows) * 1.05;
  }
  out->column = builder_.Finish(plan_.type);
  return Status::Ok();
}

}  // namespace sluice::formats::parquet
