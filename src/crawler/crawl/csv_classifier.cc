// The CSV classifier: see csv_classifier.h.
#include "crawler/crawl/csv_classifier.h"

#include <algorithm>
#include <set>

#include <boost/json/array.hpp>
#include <fmt/format.h>

#include "common/encoding.h"
#include "common/json.h"
#include "formats/inference/column_inference.h"
#include "formats/inference/text_value_parser.h"

namespace sluice::crawler {

namespace {

constexpr size_t kMaxRecords = 1000;
constexpr size_t kMaxHeaderField = 150;
constexpr size_t kMaxColumns = 10000;  // a hostile "CSV" with a million fields per line is not a table
constexpr char kCandidates[] = {',', '|', '\t', ';', '\x01'};

std::string DelimiterName(char c) {
  switch (c) {
    case '\t': return "tab";
    case '\x01': return "Ctrl-A";
    default: return fmt::format("'{}'", c);
  }
}

bool IsStringValue(std::string_view value) {
  using namespace formats::inference;
  if (value.empty()) return false;
  bool b;
  int64_t i;
  double d;
  return !ParseBooleanText(value, &b) && !ParseInt64Text(value, &i) && !ParseDoubleText(value, &d);
}

}  // namespace

CsvOptions CsvOptionsFromClassifier(const boost::json::object& spec) {
  CsvOptions options;
  if (auto delimiter = GetString(spec, "Delimiter"); delimiter && delimiter->size() == 1) {
    options.delimiter = (*delimiter)[0];
  }
  if (auto quote = GetString(spec, "QuoteSymbol"); quote && quote->size() == 1) options.quote = (*quote)[0];
  std::string_view header = GetString(spec, "ContainsHeader").value_or("UNKNOWN");
  options.header = header == "PRESENT"  ? CsvOptions::Header::kPresent
                   : header == "ABSENT" ? CsvOptions::Header::kAbsent
                                        : CsvOptions::Header::kUnknown;
  if (const boost::json::array* names = GetArray(spec, "Header")) {
    for (const auto& name : *names) {
      if (name.is_string()) options.header_names.emplace_back(name.get_string());
    }
  }
  options.trim_values = !GetBool(spec, "DisableValueTrimming").value_or(false);
  options.allow_single_column = GetBool(spec, "AllowSingleColumn").value_or(false);
  if (GetBool(spec, "CustomDatatypeConfigured").value_or(false)) {
    if (const boost::json::array* types = GetArray(spec, "CustomDatatypes")) {
      for (const auto& type : *types) {
        if (type.is_string()) options.custom_datatypes.emplace_back(type.get_string());
      }
    }
  }
  options.serde = std::string(GetString(spec, "Serde").value_or("None"));
  return options;
}

std::vector<std::vector<std::string>> ParseCsvRecords(std::string_view text, char delimiter, char quote,
                                                      bool truncated, size_t max_records, bool* any_quoted,
                                                      bool* quoted_special, size_t* consumed) {
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> fields;
  std::string field;
  *consumed = 0;
  bool in_quotes = false;
  bool field_quoted = false;
  bool record_complete = true;
  size_t i = 0;
  auto end_field = [&] {
    fields.push_back(std::move(field));
    field.clear();
    field_quoted = false;
  };
  auto end_record = [&] {
    end_field();
    // Blank lines are not records.
    if (!(fields.size() == 1 && fields[0].empty())) records.push_back(std::move(fields));
    fields.clear();
  };
  while (i < text.size() && records.size() < max_records) {
    char c = text[i];
    record_complete = false;
    if (in_quotes) {
      if (c == quote) {
        if (i + 1 < text.size() && text[i + 1] == quote) {
          field += quote;
          *quoted_special = true;
          i += 2;
          continue;
        }
        in_quotes = false;
      } else {
        if (c == delimiter || c == '\n' || c == '\r') *quoted_special = true;
        field += c;
      }
      ++i;
      continue;
    }
    if (c == quote && field.empty() && !field_quoted) {
      in_quotes = true;
      field_quoted = true;
      *any_quoted = true;
    } else if (c == delimiter) {
      end_field();
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      end_record();
      record_complete = true;
      *consumed = i + 1;
    } else {
      field += c;
    }
    ++i;
    if (fields.size() > kMaxColumns) break;
  }
  if (!record_complete && records.size() < max_records && (!truncated) && (!field.empty() || !fields.empty())) {
    end_record();
    *consumed = text.size();
  }
  return records;
}

std::optional<FileSchema> ClassifyCsv(std::string_view sample, bool truncated, const CsvOptions& options,
                                      std::string* reason) {
  // Skip a UTF-8 byte order mark.
  if (sample.starts_with("\xEF\xBB\xBF")) sample.remove_prefix(3);
  if (sample.find('\0') != std::string_view::npos) {
    *reason = "the sample holds NUL bytes (binary data)";
    return std::nullopt;
  }
  size_t min_fields = options.allow_single_column ? 1 : 2;
  std::vector<char> candidates;
  if (options.delimiter) {
    candidates.push_back(*options.delimiter);
  } else {
    std::string_view first_line = sample.substr(0, sample.find('\n'));
    for (char c : kCandidates) {
      if (first_line.find(c) != std::string_view::npos) candidates.push_back(c);
    }
    if (candidates.empty() && options.allow_single_column) candidates.push_back(',');
  }

  std::vector<std::vector<std::string>> records;
  char delimiter = 0;
  bool any_quoted = false, quoted_special = false;
  size_t consumed = 0;
  std::string rejections;
  for (char candidate : candidates) {
    bool quoted = false, special = false;
    size_t used_bytes = 0;
    auto parsed =
        ParseCsvRecords(sample, candidate, options.quote, truncated, kMaxRecords, &quoted, &special, &used_bytes);
    if (parsed.size() < 2) {
      rejections += fmt::format("; {}: fewer than 2 records", DelimiterName(candidate));
      continue;
    }
    size_t width = parsed[0].size();
    auto odd = std::find_if(parsed.begin(), parsed.end(), [&](const auto& r) { return r.size() != width; });
    if (odd != parsed.end()) {
      rejections += fmt::format("; {}: {} fields on record 1 but {} on record {}", DelimiterName(candidate), width,
                                odd->size(), odd - parsed.begin() + 1);
      continue;
    }
    if (width < min_fields || width > kMaxColumns) {
      rejections += fmt::format("; {}: {} field{} per record", DelimiterName(candidate), width, width == 1 ? "" : "s");
      continue;
    }
    if (delimiter == 0 || width > records[0].size()) {
      records = std::move(parsed);
      delimiter = candidate;
      any_quoted = quoted;
      quoted_special = special;
      consumed = used_bytes;
    }
  }
  if (delimiter == 0) {
    *reason = candidates.empty() ? "no candidate delimiter (, | tab ; Ctrl-A) appears on the first line"
                                 : "no delimiter splits every record into the same number of fields (at least " +
                                       std::to_string(min_fields) + ")" + rejections;
    return std::nullopt;
  }

  size_t width = records[0].size();
  auto cleaned = [&](const std::string& value) -> std::string_view {
    return options.trim_values ? TrimSpaces(value) : std::string_view(value);
  };

  formats::inference::InferenceOptions inference;
  inference.detect_dates = false;
  for (const auto& type : options.custom_datatypes) {
    if (type == "DATE" || type == "TIMESTAMP") inference.detect_dates = true;
    if (type == "INT" || type == "SHORT") inference.min_integer_bits = 32;
    if (type == "DECIMAL") inference.fractions_as_decimal = true;
  }
  auto infer = [&](size_t first_row) {
    std::vector<formats::inference::ColumnInference> columns(width, formats::inference::ColumnInference(inference));
    for (size_t r = first_row; r < records.size(); ++r) {
      for (size_t c = 0; c < width; ++c) {
        std::string_view value = cleaned(records[r][c]);
        if (value.empty()) columns[c].AddNull();
        else columns[c].Add(value);
      }
    }
    std::vector<std::string> types;
    for (const auto& column : columns) {
      auto inferred = column.Finish();
      types.push_back(!inferred.type || inferred.type->id() == columnar::TypeId::kNull ? "string"
                                                                                        : inferred.type->ToGlueType());
    }
    return types;
  };

  // Header decision.
  bool header = false;
  std::string header_reason;
  if (options.header == CsvOptions::Header::kPresent) {
    header = true;
    header_reason = "the classifier says the file has a header";
  } else if (options.header == CsvOptions::Header::kAbsent) {
    header_reason = "the classifier says the file has no header";
  } else {
    const auto& first = records[0];
    std::string why_not;
    for (size_t c = 0; c < width && why_not.empty(); ++c) {
      std::string_view value = cleaned(first[c]);
      bool last = c + 1 == width;
      if (value.empty() && !last) why_not = fmt::format("field {} of the first record is empty", c + 1);
      else if (!value.empty() && !IsStringValue(value)) why_not = fmt::format("'{}' on the first record is not a string", value);
      else if (!last && value.size() >= kMaxHeaderField) why_not = fmt::format("field {} of the first record has 150 or more characters", c + 1);
      else if (value.find_first_of("\r\n") != std::string_view::npos) why_not = "a field of the first record spans lines";
    }
    if (why_not.empty()) {
      auto data_types = infer(1);
      bool typed = std::any_of(data_types.begin(), data_types.end(), [](const auto& t) { return t != "string"; });
      if (typed) {
        header = true;
        header_reason = "the first record is all strings while other records have typed columns";
      } else {
        header_reason = "every column is a string, so the first record does not stand out as a header";
      }
    } else {
      header_reason = why_not;
    }
  }
  if (records.size() - (header ? 1 : 0) < 1 || records.size() < 2) {
    *reason = "fewer than 2 records";
    return std::nullopt;
  }

  FileSchema schema;
  schema.classification = "csv";
  schema.classifier = "csv";
  schema.delimiter = delimiter;
  schema.has_header = header;
  schema.quote = options.quote;
  schema.quoted = any_quoted;
  schema.open_csv_serde = options.serde == "OpenCSVSerDe" || (options.serde != "LazySimpleSerDe" && quoted_special);
  auto types = infer(header ? 1 : 0);
  std::set<std::string> used;
  for (size_t c = 0; c < width; ++c) {
    std::string name;
    if (c < options.header_names.size()) {
      name = AsciiLower(options.header_names[c]);
    } else if (header) {
      name = AsciiLower(TrimSpaces(records[0][c]));
    }
    if (name.empty()) name = "col" + std::to_string(c);
    std::string unique = name;
    for (int n = 1; used.contains(unique); ++n) unique = fmt::format("{}_{}", name, n);
    used.insert(unique);
    schema.columns.push_back({unique, types[c], std::nullopt, {}});
  }
  schema.sampled_records = static_cast<int64_t>(records.size() - (header ? 1 : 0));
  schema.sampled_bytes = static_cast<int64_t>(consumed);
  schema.explanation = fmt::format("{} columns delimited by {}, {}: {}{}", width, DelimiterName(delimiter),
                                   header ? "header" : "no header", header_reason,
                                   schema.open_csv_serde ? "; quoted fields need OpenCSVSerde" : "");
  return schema;
}

}  // namespace sluice::crawler
