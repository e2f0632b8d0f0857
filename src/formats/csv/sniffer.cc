// CSV dialect, header and type sniffing: see sniffer.h.
#include "formats/csv/sniffer.h"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "formats/csv/chunker.h"
#include "formats/csv/tokenizer.h"
#include "formats/inference/column_inference.h"

namespace sluice::formats::csv {

namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";
constexpr int64_t kDialectRows = 1000;

std::string Printable(char c) {
  switch (c) {
    case '\t': return "TAB";
    case '\0': return "none";
    default: return std::string("'") + c + "'";
  }
}

// A sample cut to whole rows (unless it is the whole file).
std::string_view WholeRows(std::string_view sample, bool whole_file, const CsvDialect& dialect) {
  if (whole_file) return sample;
  return sample.substr(0, FindLastRowEnd(sample, dialect));
}

struct Candidate {
  CsvDialect dialect;
  FieldCountProfile profile;
};

// Better = usable (several fields on at least half the rows) first, then more consistent, then
// more fields; ties keep the earlier candidate (comma before others, '"' before '\'').
bool Better(const FieldCountProfile& a, const FieldCountProfile& b) {
  auto usable = [](const FieldCountProfile& p) { return p.fields > 1 && p.consistency >= 0.5; };
  if (usable(a) != usable(b)) return usable(a);
  if (a.consistency != b.consistency) return a.consistency > b.consistency;
  return a.fields > b.fields;
}

// Names for the columns: the header's (blank ones and repeats made unique) or col0, col1, ...
std::vector<std::string> ColumnNames(const std::vector<std::string>& header, size_t count) {
  std::vector<std::string> names;
  std::set<std::string> used;
  for (size_t i = 0; i < count; ++i) {
    std::string name = i < header.size() ? header[i] : "";
    if (name.empty()) name = fmt::format("col{}", i);
    std::string unique = name;
    for (int n = 1; used.count(unique); ++n) unique = fmt::format("{}_{}", name, n);
    used.insert(unique);
    names.push_back(unique);
  }
  return names;
}

// Whether a field text (already unquoted) parses as the column's type, by the parsers the
// converter uses.
bool FitsType(std::string_view text, const inference::InferredColumn& column) {
  using columnar::TypeId;
  switch (column.type->id()) {
    case TypeId::kBoolean: {
      bool b;
      return inference::ParseBooleanText(text, &b);
    }
    case TypeId::kInt32:
    case TypeId::kInt64: {
      int64_t v;
      return inference::ParseInt64Text(text, &v);
    }
    case TypeId::kDecimal: {
      inference::DecimalShape shape;
      return inference::ParseDecimalShape(text, &shape);
    }
    case TypeId::kFloat64: {
      double d;
      return inference::ParseDoubleText(text, &d);
    }
    case TypeId::kDate: {
      int32_t days;
      return inference::ParseDateText(text, column.date_layout, &days);
    }
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz: {
      int64_t micros;
      bool zone;
      return inference::ParseTimestampText(text, column.date_layout, &micros, &zone);
    }
    default: return true;
  }
}

}  // namespace

void AddRowsToInference(std::string_view data, const TokenizedBlock& block, int64_t from, int64_t to,
                        const CsvDialect& dialect, const BlockConverter& nulls,
                        std::vector<inference::ColumnInference>* columns) {
  size_t num_columns = block.num_columns();
  std::string text;
  for (int64_t row = from; row < to; ++row) {
    const FieldSpan* spans = block.spans() + static_cast<size_t>(row) * num_columns;
    for (size_t c = 0; c < num_columns && c < columns->size(); ++c) {
      auto& column = (*columns)[c];
      std::string_view raw(data.data() + spans[c].begin, spans[c].end - spans[c].begin);
      bool quoted = !raw.empty() && raw[0] == dialect.quote && dialect.quote != '\0';
      if (!quoted && nulls.IsNullText(raw)) {
        column.AddNull();
        continue;
      }
      if (!column.undecided()) {
        column.Add(raw);
        continue;
      }
      if (!UnquoteField(raw, dialect, &text)) text.assign(raw);
      if (text.empty()) column.AddNull();
      else column.Add(text);
    }
  }
}

FieldCountProfile ProfileFieldCounts(std::string_view sample, const CsvDialect& dialect, int64_t max_rows) {
  std::map<size_t, int64_t> counts;
  bool inside = false;
  const bool separate_escape = dialect.escape != '\0' && dialect.escape != dialect.quote;
  size_t fields = 1;
  bool row_has_content = false;
  int64_t rows = 0;
  for (size_t i = 0; i < sample.size() && rows < max_rows; ++i) {
    char c = sample[i];
    if (inside) {
      if (separate_escape && c == dialect.escape) ++i;
      else if (c == dialect.quote) inside = false;
      continue;
    }
    if (c == dialect.quote && c != '\0') {
      inside = true;
      row_has_content = true;
    } else if (c == dialect.delimiter) {
      ++fields;
      row_has_content = true;
    } else if (c == '\n') {
      if (row_has_content) {
        ++counts[fields];
        ++rows;
      }
      fields = 1;
      row_has_content = false;
    } else if (c != '\r') {
      row_has_content = true;
    }
  }
  if (!inside && row_has_content && rows < max_rows) {
    ++counts[fields];
    ++rows;
  }
  FieldCountProfile profile;
  profile.rows = rows;
  int64_t best = 0;
  for (auto [n, count] : counts) {
    if (count > best || (count == best && n > profile.fields)) {
      best = count;
      profile.fields = n;
    }
  }
  profile.consistency = rows > 0 ? static_cast<double>(best) / static_cast<double>(rows) : 0;
  return profile;
}

Result<CsvSniffResult> SniffCsv(std::string_view sample, bool whole_file, const CsvReadOptions& options) {
  RETURN_IF_ERROR(options.Validate());
  CsvSniffResult result;
  if (sample.substr(0, kBom.size()) == kBom) {
    result.has_bom = true;
    sample.remove_prefix(kBom.size());
    result.data_offset = kBom.size();
  }

  // 1. Dialect: every candidate delimiter and quote, scored on field-count consistency.
  std::vector<char> delimiters = options.delimiter ? std::vector<char>{*options.delimiter}
                                                   : std::vector<char>{',', ';', '\t', '|'};
  std::vector<char> quotes = options.quote ? std::vector<char>{*options.quote} : std::vector<char>{'"', '\'', '\0'};
  std::optional<Candidate> best;
  for (char delimiter : delimiters) {
    for (char quote : quotes) {
      if (quote == delimiter) continue;
      Candidate candidate;
      candidate.dialect = {delimiter, quote, options.escape.value_or(quote)};
      if (!ValidateDialect(candidate.dialect).ok()) continue;
      std::string_view rows = WholeRows(sample, whole_file, candidate.dialect);
      candidate.profile = ProfileFieldCounts(rows, candidate.dialect, kDialectRows);
      if (!best || Better(candidate.profile, best->profile)) best = candidate;
    }
  }
  if (!best || best->profile.rows == 0) return InvalidArgument("no CSV rows found in the sample");
  result.dialect = best->dialect;
  result.confidence = best->profile.consistency;
  result.notes.push_back(fmt::format("delimiter {}, quote {}: {} of the first {} rows have {} fields",
                                     Printable(result.dialect.delimiter), Printable(result.dialect.quote),
                                     static_cast<int64_t>(best->profile.consistency * best->profile.rows + 0.5),
                                     best->profile.rows, best->profile.fields));

  size_t num_columns = best->profile.fields;
  if (options.schema) num_columns = options.schema->num_fields();
  if (num_columns > options.max_columns) {
    return InvalidArgument(fmt::format("{} columns, more than the limit of {}", num_columns, options.max_columns));
  }

  // 2. The first row, and the rows after it.
  size_t first_row_bytes = 0;
  std::vector<std::string> first_row = SplitRow(sample, result.dialect, &first_row_bytes);
  std::string_view rows_text = WholeRows(sample, whole_file, result.dialect);
  TokenizedBlock block;
  RETURN_IF_ERROR(Tokenize(rows_text, result.dialect, num_columns, &block));
  BlockConverter nulls(result.dialect, options.null_values);
  int64_t limit = options.sample_rows < 0 ? block.rows() : std::min<int64_t>(block.rows(), options.sample_rows + 1);

  // Infers every column over rows [from, limit).
  auto infer = [&](int64_t from) {
    std::vector<inference::ColumnInference> columns(num_columns, inference::ColumnInference(options.inference));
    AddRowsToInference(rows_text, block, from, limit, result.dialect, nulls, &columns);
    std::vector<inference::InferredColumn> out;
    for (auto& column : columns) out.push_back(column.Finish());
    return out;
  };

  // The first data row is the first tokenized row unless it was a malformed one.
  bool first_row_tokenized = block.rows() > 0 && (block.errors().empty() || block.errors().front().offset != 0);

  // 3. Header.
  std::vector<inference::InferredColumn> inferred;
  switch (options.header) {
    case HeaderMode::kPresent:
      result.has_header = true;
      result.notes.push_back("header: present (given)");
      break;
    case HeaderMode::kAbsent:
      result.has_header = false;
      result.notes.push_back("header: absent (given)");
      break;
    case HeaderMode::kAuto: {
      inferred = infer(first_row_tokenized ? 1 : 0);
      std::string why;
      bool decided = false;
      for (size_t c = 0; c < num_columns && c < first_row.size() && !decided; ++c) {
        const auto& column = inferred[c];
        if (column.type->id() == columnar::TypeId::kString || column.type->id() == columnar::TypeId::kNull) continue;
        if (first_row[c].empty() || FitsType(first_row[c], column)) continue;
        decided = true;
        result.has_header = true;
        why = fmt::format("'{}' in the first row is not a {} like the values below it", first_row[c],
                          column.type->ToGlueType());
      }
      if (!decided) {
        bool any_typed = std::any_of(inferred.begin(), inferred.end(), [](const auto& column) {
          return column.type->id() != columnar::TypeId::kString && column.type->id() != columnar::TypeId::kNull;
        });
        if (any_typed) {
          why = "the first row has the same types as the rows below it";
        } else if (!options.header_when_all_text) {
          why = "every column is text, so the first row is taken as data";
        } else {
          // Every column is text: a header has distinct, non-empty names that are not numbers
          // or dates, and that do not reappear as values below.
          std::set<std::string> seen;
          bool names = first_row.size() == num_columns;
          for (const auto& value : first_row) {
            inference::ColumnInference probe;
            probe.Add(value);
            if (value.empty() || !seen.insert(value).second ||
                probe.Finish().type->id() != columnar::TypeId::kString) {
              names = false;
            }
          }
          if (names && first_row_tokenized) {
            std::string text;
            for (int64_t row = 1; row < limit && names; ++row) {
              const FieldSpan* spans = block.spans() + static_cast<size_t>(row) * num_columns;
              for (size_t c = 0; c < num_columns; ++c) {
                std::string_view raw(rows_text.data() + spans[c].begin, spans[c].end - spans[c].begin);
                if (!UnquoteField(raw, result.dialect, &text)) text.assign(raw);
                if (text == first_row[c]) {
                  names = false;
                  break;
                }
              }
            }
          }
          result.has_header = names;
          why = names ? "every column is text and the first row holds distinct names found nowhere below"
                      : "every column is text and the first row does not look like names";
        }
      }
      result.notes.push_back(fmt::format("header: {} ({})", result.has_header ? "present" : "absent", why));
      break;
    }
  }

  // 4. Names and types.
  if (result.has_header) {
    result.data_offset += first_row_bytes;
    result.header_lines = static_cast<int64_t>(std::count(sample.begin(), sample.begin() + first_row_bytes, '\n'));
  }
  int64_t data_from = result.has_header && first_row_tokenized ? 1 : 0;
  bool inferred_from_row_one = options.header == HeaderMode::kAuto && first_row_tokenized;
  if (inferred.empty() || (data_from == 1) != inferred_from_row_one) inferred = infer(data_from);
  result.sampled_rows = std::max<int64_t>(0, limit - data_from);
  std::vector<std::string> names =
      !options.column_names.empty() ? options.column_names
                                    : ColumnNames(result.has_header ? first_row : std::vector<std::string>{}, num_columns);
  if (names.size() != num_columns) {
    return InvalidArgument(fmt::format("{} column names were given for {} columns", names.size(), num_columns));
  }
  for (size_t c = 0; c < num_columns; ++c) {
    ColumnSpec spec;
    std::string reason;
    if (options.schema) {
      spec.name = options.schema->field(c).name;
      spec.type = options.schema->field(c).type;
      reason = "given";
    } else {
      spec.name = names[c];
      auto given = options.column_types.find(spec.name);
      if (given != options.column_types.end()) {
        spec.type = given->second;
        reason = "given";
      } else {
        spec.type = inferred[c].type;
        reason = inferred[c].reason;
        if (spec.type->id() == columnar::TypeId::kNull) {
          spec.type = columnar::DataType::String();
          reason = "string: " + reason;
        }
      }
    }
    if (c < inferred.size()) spec.date_layout = inferred[c].date_layout;
    result.columns.push_back(std::move(spec));
    result.column_reasons.push_back(std::move(reason));
  }
  for (const auto& entry : options.column_types) {
    const std::string& name = entry.first;  // not a structured binding: clang 14 cannot capture those
    bool known = std::any_of(result.columns.begin(), result.columns.end(), [&](const ColumnSpec& s) { return s.name == name; });
    if (!known) return InvalidArgument(fmt::format("a type was given for column '{}', which the file does not have", name));
  }
  return result;
}

}  // namespace sluice::formats::csv
