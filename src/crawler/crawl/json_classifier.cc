// The JSON classifier: see json_classifier.h. Records are delimited here (simdjson's document
// stream for line-delimited and concatenated JSON, or a JsonPath selection); their types come
// from formats' JSON schema inference with Glue's settings (32-bit integers as int, dates kept
// as strings).
#include "crawler/crawl/json_classifier.h"

#include <algorithm>
#include <limits>

#include <fmt/format.h>
#include <simdjson.h>

#include "common/encoding.h"
#include "crawler/crawl/schema_merge.h"
#include "formats/json/schema_inference.h"

namespace sluice::crawler {

namespace {

constexpr size_t kMaxRecords = 100000;  // records sampled from one file
constexpr size_t kMaxColumns = 10000;   // more members than this is not a table

formats::inference::InferenceOptions GlueJsonOptions() {
  formats::inference::InferenceOptions options;
  options.min_integer_bits = 32;
  options.detect_dates = false;
  return options;
}

// Columns from the inferred schema: names and nested field names lowercased (Hive names are
// case-insensitive), fields differing only in case merged.
std::vector<catalog::Column> ColumnsOf(const columnar::Schema& schema) {
  std::vector<catalog::Column> columns;
  for (const auto& field : schema.fields()) {
    if (columns.size() >= kMaxColumns) break;
    std::vector<catalog::Column> one = {{AsciiLower(field.name), AsciiLower(field.type->ToGlueType()), {}, {}}};
    MergeColumnsInto(one, &columns);
  }
  return columns;
}

}  // namespace

std::optional<FileSchema> ClassifyJson(std::string_view sample, bool truncated, const JsonPath* path,
                                       std::string* reason) {
  if (sample.starts_with("\xEF\xBB\xBF")) sample.remove_prefix(3);
  std::string_view trimmed = sample;
  while (!trimmed.empty() && std::isspace(static_cast<unsigned char>(trimmed.front()))) trimmed.remove_prefix(1);
  if (trimmed.empty() || (trimmed.front() != '{' && trimmed.front() != '[')) {
    *reason = "the data does not start with a JSON object or array";
    return std::nullopt;
  }
  simdjson::padded_string padded(sample);
  simdjson::dom::parser parser;
  formats::json::JsonSchemaInference inference(GlueJsonOptions(), std::numeric_limits<size_t>::max());
  size_t consumed = 0;
  auto add = [&](std::string_view record, size_t readable_after) -> Status {
    return inference.AddRecord(record, readable_after);
  };

  if (path != nullptr || trimmed.front() == '[') {
    // One document: a custom classifier's path, or a top-level array.
    simdjson::dom::element root;
    auto error = parser.parse(padded).get(root);
    if (error) {
      *reason = truncated ? fmt::format("the sample is not one complete JSON document ({})", simdjson::error_message(error))
                          : fmt::format("not valid JSON: {}", simdjson::error_message(error));
      return std::nullopt;
    }
    consumed = sample.size();
    std::vector<std::string> records;
    if (path == nullptr) {
      // Glue makes a top-level array one column named "array".
      records.push_back("{\"array\":" + simdjson::minify(root) + "}");
    } else {
      std::vector<simdjson::dom::element> selected;
      path->Select(root, &selected);
      for (auto element : selected) {
        if (element.is_object() && records.size() < kMaxRecords) records.push_back(simdjson::minify(element));
      }
      if (records.empty()) {
        *reason = fmt::format("JsonPath {} selects no JSON objects", path->text());
        return std::nullopt;
      }
    }
    for (const auto& record : records) {
      simdjson::padded_string one(record);
      Status status = add(std::string_view(one.data(), one.size()), simdjson::SIMDJSON_PADDING);
      if (!status.ok()) {
        *reason = status.message();
        return std::nullopt;
      }
    }
  } else {
    simdjson::dom::document_stream stream;
    auto error = parser.parse_many(padded, std::max<size_t>(padded.size(), 1 << 16)).get(stream);
    if (error) {
      *reason = fmt::format("not valid JSON: {}", simdjson::error_message(error));
      return std::nullopt;
    }
    for (auto it = stream.begin(); it != stream.end() && inference.records() < static_cast<int64_t>(kMaxRecords); ++it) {
      simdjson::dom::element document;
      auto doc_error = (*it).get(document);
      if (doc_error) {
        // An incomplete last record of a truncated sample is expected.
        if (truncated && inference.records() > 0) break;
        *reason = fmt::format("not valid JSON at byte {}: {}", it.current_index(), simdjson::error_message(doc_error));
        return std::nullopt;
      }
      if (!document.is_object()) {
        *reason = fmt::format("record {} is not a JSON object", inference.records() + 1);
        return std::nullopt;
      }
      std::string_view source = it.source();
      size_t end = static_cast<size_t>(source.data() - padded.data()) + source.size();
      Status status = add(source, padded.size() + simdjson::SIMDJSON_PADDING - end);
      if (!status.ok()) {
        *reason = status.message();
        return std::nullopt;
      }
      consumed = end;
    }
    if (inference.records() == 0) {
      *reason = "no complete JSON record in the sample";
      return std::nullopt;
    }
  }
  FileSchema schema;
  schema.columns = ColumnsOf(*inference.Finish());
  if (schema.columns.empty()) {
    *reason = "the JSON records have no members";
    return std::nullopt;
  }
  schema.classification = "json";
  schema.classifier = "json";
  if (path != nullptr) schema.json_path = path->text();
  schema.sampled_records = inference.records();
  schema.sampled_bytes = static_cast<int64_t>(std::min(consumed, sample.size()));
  schema.explanation = fmt::format("{} JSON record{} with {} top-level field{}{}", schema.sampled_records,
                                   schema.sampled_records == 1 ? "" : "s", schema.columns.size(),
                                   schema.columns.size() == 1 ? "" : "s", path ? " selected by " + path->text() : "");
  return schema;
}

}  // namespace sluice::crawler
