// The CSV classifier, built-in and custom, following Glue's documented rules:
//
// - Delimiters tried (unless a custom classifier names one): comma, pipe, tab, semicolon,
//   Ctrl-A. A delimiter qualifies when every sampled record splits into the same number of
//   fields, at least 2 (1 with AllowSingleColumn); among qualifying delimiters the one giving
//   the most fields wins, earlier in that list on a tie.
// - At least 2 records are needed.
// - Header (ContainsHeader UNKNOWN): the first record is a header only when every field of it
//   is a string (not a number or boolean), every field but the last is non-empty and shorter
//   than 150 characters, none spans lines, and at least one column of the remaining records is
//   not a string. Otherwise columns are col0, col1, ...; header names are lowercased.
// - Types over the sample: all integers → bigint, numbers → double, true/false → boolean,
//   anything else (dates included) → string; empty fields are ignored; values are trimmed
//   unless DisableValueTrimming. CustomDatatypes widen what is detected (INT, DATE, ...).
// - LazySimpleSerDe, unless quoted fields hold the delimiter, a quote or a line break (which
//   LazySimpleSerDe cannot read), or the custom classifier asks for OpenCSVSerDe.
//
// The sample is the first 1,000 records or the bytes given (the caller reads at most 1 MB);
// a truncated last record is dropped.
//
// Thread safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "crawler/crawl/file_schema.h"

namespace sluice::crawler {

struct CsvOptions {
  std::optional<char> delimiter;  // none: detect
  char quote = '"';
  enum class Header { kUnknown, kPresent, kAbsent } header = Header::kUnknown;
  std::vector<std::string> header_names;  // custom Header
  bool trim_values = true;
  bool allow_single_column = false;
  std::vector<std::string> custom_datatypes;  // when CustomDatatypeConfigured
  std::string serde = "None";                 // OpenCSVSerDe, LazySimpleSerDe or None (detect)
};

// Options of a custom CSV classifier (the CsvClassifier members).
CsvOptions CsvOptionsFromClassifier(const boost::json::object& spec);

// The schema when the sample is CSV under `options`, or nullopt with `reason` saying why not.
// `truncated` says the sample stops before the end of the file.
std::optional<FileSchema> ClassifyCsv(std::string_view sample, bool truncated, const CsvOptions& options,
                                      std::string* reason);

// Splits CSV text into records of fields (quotes removed, "" unescaped), at most
// `max_records`. `quoted_special` is set when a quoted field holds the delimiter, a quote or a
// line break. A last record without its line end is dropped when `truncated`. `consumed`
// receives the bytes the returned records took.
std::vector<std::vector<std::string>> ParseCsvRecords(std::string_view text, char delimiter, char quote,
                                                      bool truncated, size_t max_records, bool* any_quoted,
                                                      bool* quoted_special, size_t* consumed);

}  // namespace sluice::crawler
