// CSV tokenizer: see tokenizer.h.
#include "formats/csv/tokenizer.h"

#include <algorithm>
#include <cstring>

#include <fmt/format.h>

#include "formats/csv/character_masks.h"

namespace sluice::formats::csv {

void TokenizedBlock::Reset(size_t num_columns, size_t expected_rows) {
  num_columns_ = num_columns;
  rows_ = 0;
  newlines_ = 0;
  errors_.clear();
  size_t wanted = std::max<size_t>(expected_rows, 16) * num_columns;
  if (wanted > capacity_) Grow(wanted);
}

void TokenizedBlock::Grow(size_t needed) {
  size_t capacity = std::max(needed, capacity_ * 2);
  auto spans = std::make_unique<FieldSpan[]>(capacity);
  if (rows_ > 0) std::memcpy(spans.get(), spans_.get(), static_cast<size_t>(rows_) * num_columns_ * sizeof(FieldSpan));
  spans_ = std::move(spans);
  capacity_ = capacity;
}

void TokenizedBlock::RemoveRows(const std::vector<int64_t>& sorted_rows) {
  if (sorted_rows.empty()) return;
  int64_t write = sorted_rows.front();
  size_t next = 0;
  for (int64_t read = write; read < rows_; ++read) {
    if (next < sorted_rows.size() && sorted_rows[next] == read) {
      while (next < sorted_rows.size() && sorted_rows[next] == read) ++next;
      continue;
    }
    std::memmove(spans_.get() + static_cast<size_t>(write) * num_columns_,
                 spans_.get() + static_cast<size_t>(read) * num_columns_, num_columns_ * sizeof(FieldSpan));
    ++write;
  }
  rows_ = write;
}

// Assembles fields into rows; shared by both scanning paths.
class Tokenizer {
 public:
  Tokenizer(std::string_view data, size_t num_columns, TokenizedBlock* out)
      : data_(data.data()), num_columns_(num_columns), out_(out) {
    row_ = out_->RowSlot();
  }

  void Field(uint32_t end) {
    if (column_ < num_columns_) row_[column_] = {field_start_, end};
    ++column_;
    field_start_ = end + 1;
  }

  // A '\n' at `position` ends the row.
  void EndRow(uint32_t position) {
    uint32_t end = position;
    if (end > field_start_ && data_[end - 1] == '\r') --end;
    if (column_ < num_columns_) row_[column_] = {field_start_, end};
    ++column_;
    if (column_ == num_columns_) {
      ++out_->rows_;
      row_ = out_->RowSlot();
    } else if (!(column_ == 1 && end == field_start_)) {  // a blank line is skipped
      out_->errors_.push_back(
          {row_start_, fmt::format("expected {} fields, found {}", num_columns_, column_)});
    }
    column_ = 0;
    field_start_ = row_start_ = position + 1;
  }

  // The end of the block: a last row without its newline, or an open quote.
  void Finish(uint32_t size, bool inside_quotes) {
    if (inside_quotes) {
      out_->errors_.push_back({row_start_, "a quoted field is not closed before the end of the file"});
      return;
    }
    if (field_start_ < size || column_ > 0) EndRow(size);
  }

 private:
  const char* data_;
  size_t num_columns_;
  TokenizedBlock* out_;
  FieldSpan* row_;
  size_t column_ = 0;
  uint32_t field_start_ = 0;
  uint32_t row_start_ = 0;
};

namespace {

void TokenizeMasks(std::string_view block, const CsvDialect& dialect, Tokenizer& tokenizer, int64_t* newlines,
                   bool* inside_at_end) {
  const char* p = block.data();
  size_t n = block.size();
  const char quote = dialect.quote;
  const char delimiter = dialect.delimiter;
  uint64_t carry = 0;
  int64_t newline_count = 0;
  auto process = [&](const Chunk64& chunk, uint32_t base) {
    uint64_t newline_bits = chunk.Mask('\n');
    uint64_t inside = 0;
    if (quote != '\0') {
      inside = PrefixXor(chunk.Mask(quote)) ^ carry;
      carry = static_cast<uint64_t>(static_cast<int64_t>(inside) >> 63);
      // Newlines inside quoted fields are rare; the others are counted as rows end.
      if (newline_bits & inside) [[unlikely]] newline_count += CountBits(newline_bits & inside);
    }
    uint64_t separators = (chunk.Mask(delimiter) | newline_bits) & ~inside;
    while (separators) {
      int bit = __builtin_ctzll(separators);
      uint32_t position = base + static_cast<uint32_t>(bit);
      if ((newline_bits >> bit) & 1) {
        tokenizer.EndRow(position);
        ++newline_count;
      } else {
        tokenizer.Field(position);
      }
      separators &= separators - 1;
    }
  };
  uint32_t base = 0;
  for (; base + 64 <= n; base += 64) process(Chunk64(p + base), base);
  if (base < n) {
    PaddedTail tail(p + base, n - base);
    process(Chunk64(tail.bytes), base);
  }
  *newlines = newline_count;
  *inside_at_end = carry != 0;
}

void TokenizeBytes(std::string_view block, const CsvDialect& dialect, Tokenizer& tokenizer, int64_t* newlines,
                   bool* inside_at_end) {
  bool inside = false;
  int64_t newline_count = 0;
  const bool separate_escape = dialect.escape != '\0' && dialect.escape != dialect.quote;
  for (uint32_t i = 0; i < block.size(); ++i) {
    char c = block[i];
    if (c == '\n') ++newline_count;
    if (inside) {
      if (separate_escape && c == dialect.escape && i + 1 < block.size()) {
        if (block[i + 1] == '\n') ++newline_count;
        ++i;
      } else if (c == dialect.quote) {
        inside = false;
      }
    } else if (c == dialect.quote && c != '\0') {
      inside = true;
    } else if (c == dialect.delimiter) {
      tokenizer.Field(i);
    } else if (c == '\n') {
      tokenizer.EndRow(i);
    }
  }
  *newlines = newline_count;
  *inside_at_end = inside;
}

}  // namespace

Status Tokenize(std::string_view block, const CsvDialect& dialect, size_t num_columns, TokenizedBlock* out) {
  if (block.size() >= (uint64_t{1} << 32) - 1) return InvalidArgument("a CSV block must be smaller than 4 GiB");
  // A guess at the row count from the block size keeps regrowth rare.
  out->Reset(num_columns, block.size() / (num_columns * 6 + 1) + 16);
  Tokenizer tokenizer(block, num_columns, out);
  bool inside = false;
  int64_t newlines = 0;
  bool simple = dialect.quote == '\0' || dialect.escape == dialect.quote || dialect.escape == '\0';
  if (simple) TokenizeMasks(block, dialect, tokenizer, &newlines, &inside);
  else TokenizeBytes(block, dialect, tokenizer, &newlines, &inside);
  tokenizer.Finish(static_cast<uint32_t>(block.size()), inside);
  out->newlines_ = newlines;
  return Status::Ok();
}

bool UnquoteField(std::string_view raw, const CsvDialect& dialect, std::string* out) {
  out->clear();
  if (dialect.quote == '\0' || raw.empty() || raw.front() != dialect.quote) {
    out->assign(raw);
    return true;
  }
  if (raw.size() < 2 || raw.back() != dialect.quote) return false;
  std::string_view inner = raw.substr(1, raw.size() - 2);
  const char escape = dialect.escape == '\0' ? dialect.quote : dialect.escape;
  for (size_t i = 0; i < inner.size(); ++i) {
    char c = inner[i];
    if (c == escape && escape != dialect.quote) {
      if (i + 1 >= inner.size()) return false;  // the closing quote was escaped
      char next = inner[i + 1];
      if (next == dialect.quote || next == escape) {
        out->push_back(next);
        ++i;
      } else {
        out->push_back(c);
      }
    } else if (c == dialect.quote) {
      if (escape != dialect.quote || i + 1 >= inner.size() || inner[i + 1] != dialect.quote) return false;
      out->push_back(c);
      ++i;
    } else {
      out->push_back(c);
    }
  }
  return true;
}

std::vector<std::string> SplitRow(std::string_view text, const CsvDialect& dialect, size_t* consumed) {
  // Find the end of the first row, then tokenize just that row with one span per field.
  size_t row_end = text.size();
  bool inside = false;
  const bool separate_escape = dialect.escape != '\0' && dialect.escape != dialect.quote;
  std::vector<size_t> cuts;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (inside) {
      if (separate_escape && c == dialect.escape) ++i;
      else if (c == dialect.quote) inside = false;
    } else if (c == dialect.quote && c != '\0') {
      inside = true;
    } else if (c == dialect.delimiter) {
      cuts.push_back(i);
    } else if (c == '\n') {
      row_end = i;
      break;
    }
  }
  if (consumed) *consumed = row_end < text.size() ? row_end + 1 : text.size();
  size_t end = row_end;
  if (end > 0 && text[end - 1] == '\r' && (cuts.empty() || cuts.back() < end - 1)) --end;
  std::vector<std::string> fields;
  size_t start = 0;
  cuts.push_back(end);
  for (size_t cut : cuts) {
    std::string field;
    std::string_view raw = text.substr(start, cut - start);
    if (!UnquoteField(raw, dialect, &field)) field.assign(raw);
    fields.push_back(std::move(field));
    start = cut + 1;
  }
  return fields;
}

}  // namespace sluice::formats::csv
