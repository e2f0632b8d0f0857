// Map ItemReader: see map_item_reader.h.
#include "states/types/map_item_reader.h"

#include <fmt/format.h>

#include "common/json.h"
#include "states/asl/state_error.h"
#include "states/types/state_parser.h"

namespace sluice::states {

namespace json = boost::json;

namespace {

// Splits CSV text into rows of fields (RFC 4180 quoting, CRLF or LF line ends).
Result<std::vector<std::vector<std::string>>> ParseCsv(std::string_view text, char delimiter) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false;
  bool field_started = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          quoted = false;
        }
      } else {
        field += c;
      }
      continue;
    }
    if (c == '"' && !field_started) {
      quoted = true;
      field_started = true;
    } else if (c == delimiter) {
      row.push_back(std::move(field));
      field.clear();
      field_started = false;
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      row.push_back(std::move(field));
      field.clear();
      field_started = false;
      if (!(row.size() == 1 && row[0].empty())) rows.push_back(std::move(row));
      row.clear();
    } else {
      field += c;
      field_started = true;
    }
  }
  if (quoted) return StateError(errors::kItemReaderFailed, "The CSV input has an unterminated quoted field");
  if (field_started || !row.empty()) {
    row.push_back(std::move(field));
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace

std::optional<ItemReaderConfig> ParseItemReader(StateParser& parser, const json::value& spec,
                                                const std::string& location) {
  if (!spec.is_object()) {
    parser.Error(codes::kSchemaValidationFailed, "The value for the field 'ItemReader' must be an OBJECT", location);
    return std::nullopt;
  }
  const json::object& object = spec.get_object();
  for (const auto& member : object) {
    if (member.key() != "Resource" && member.key() != "Parameters" && member.key() != "ReaderConfig") {
      parser.Error(codes::kSchemaValidationFailed, fmt::format("Field '{}' is not supported", member.key()), location);
    }
  }
  ItemReaderConfig config;
  auto resource = GetString(object, "Resource");
  auto info = resource ? ParseResource(*resource) : std::nullopt;
  if (!info || info->service != "s3" || (info->action != "getObject" && info->action != "listObjectsV2") ||
      info->pattern != IntegrationPattern::kRequestResponse) {
    parser.Error(codes::kSchemaValidationFailed,
                 "The ItemReader Resource must be arn:aws:states:::s3:getObject or arn:aws:states:::s3:listObjectsV2",
                 location + "/Resource");
    return std::nullopt;
  }
  config.resource = std::move(*info);
  if (const json::value* parameters = FindMember(object, "Parameters")) {
    config.parameters = PayloadTemplate::Compile(*parameters, location + "/Parameters", parser.diagnostics());
  } else {
    parser.Error(codes::kSchemaValidationFailed, "These fields are required: [Parameters]", location);
  }
  const json::object* reader = GetObject(object, "ReaderConfig");
  if (config.resource.action == "getObject") {
    auto type = reader ? GetString(*reader, "InputType") : std::nullopt;
    if (!type) {
      parser.Error(codes::kSchemaValidationFailed, "ReaderConfig.InputType is required to read an object", location);
    } else if (*type == "CSV") {
      config.input_type = ItemReaderConfig::InputType::kCsv;
    } else if (*type == "JSON") {
      config.input_type = ItemReaderConfig::InputType::kJson;
    } else if (*type == "JSONL") {
      config.input_type = ItemReaderConfig::InputType::kJsonLines;
    } else {
      parser.Error(codes::kSchemaValidationFailed,
                   fmt::format("ReaderConfig.InputType '{}' is not supported (CSV, JSON, JSONL)", *type),
                   location + "/ReaderConfig/InputType");
    }
  }
  if (reader) {
    if (auto where = GetString(*reader, "CSVHeaderLocation")) {
      config.headers_given = *where == "GIVEN";
      if (*where != "GIVEN" && *where != "FIRST_ROW") {
        parser.Error(codes::kSchemaValidationFailed, "CSVHeaderLocation must be FIRST_ROW or GIVEN",
                     location + "/ReaderConfig/CSVHeaderLocation");
      }
    }
    if (const json::array* headers = GetArray(*reader, "CSVHeaders")) {
      for (const auto& header : *headers) {
        if (header.is_string()) config.headers.emplace_back(header.get_string());
      }
    }
    if (config.headers_given && config.headers.empty()) {
      parser.Error(codes::kSchemaValidationFailed, "CSVHeaders are required when CSVHeaderLocation is GIVEN",
                   location + "/ReaderConfig");
    }
    if (auto delimiter = GetString(*reader, "CSVDelimiter")) {
      if (*delimiter == "COMMA") config.delimiter = ',';
      else if (*delimiter == "PIPE") config.delimiter = '|';
      else if (*delimiter == "SEMICOLON") config.delimiter = ';';
      else if (*delimiter == "SPACE") config.delimiter = ' ';
      else if (*delimiter == "TAB") config.delimiter = '\t';
      else parser.Error(codes::kSchemaValidationFailed, "CSVDelimiter must be COMMA, PIPE, SEMICOLON, SPACE or TAB",
                        location + "/ReaderConfig/CSVDelimiter");
    }
    if (FindMember(*reader, "MaxItems")) {
      auto max = GetInt(*reader, "MaxItems");
      if (!max || *max < 0 || *max > 100000000) {
        parser.Error(codes::kSchemaValidationFailed, "MaxItems must be an integer between 0 and 100000000",
                     location + "/ReaderConfig/MaxItems");
      } else {
        config.max_items = *max;
      }
    }
    if (auto path = GetString(*reader, "MaxItemsPath")) {
      auto parsed = JsonPath::Parse(*path);
      if (!parsed.ok() || !parsed->definite()) {
        parser.Error(codes::kSchemaValidationFailed, "MaxItemsPath must be a valid JSONPath",
                     location + "/ReaderConfig/MaxItemsPath");
      } else {
        config.max_items_path = std::move(*parsed);
      }
    }
  }
  return config;
}

Result<json::array> ItemsFromObject(const ItemReaderConfig& config, std::string_view body) {
  json::array items;
  switch (config.input_type) {
    case ItemReaderConfig::InputType::kJson: {
      auto parsed = ParseJson(body);
      if (!parsed.ok() || !parsed->is_array()) {
        return StateError(errors::kItemReaderFailed, "Attempting to map over non-iterable node.");
      }
      return std::move(parsed->get_array());
    }
    case ItemReaderConfig::InputType::kJsonLines: {
      size_t start = 0;
      while (start < body.size()) {
        size_t end = body.find('\n', start);
        if (end == std::string_view::npos) end = body.size();
        std::string_view line = body.substr(start, end - start);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (!line.empty()) {
          auto parsed = ParseJson(line);
          if (!parsed.ok()) return StateError(errors::kItemReaderFailed, "A line of the JSONL input is not valid JSON");
          items.push_back(std::move(*parsed));
        }
        start = end + 1;
      }
      return items;
    }
    case ItemReaderConfig::InputType::kCsv: {
      ASSIGN_OR_RETURN(auto rows, ParseCsv(body, config.delimiter));
      std::vector<std::string> headers = config.headers;
      size_t first = 0;
      if (!config.headers_given) {
        if (rows.empty()) return items;
        headers = rows[0];
        first = 1;
      }
      for (size_t r = first; r < rows.size(); ++r) {
        if (rows[r].size() > headers.size()) {
          return StateError(errors::kItemReaderFailed,
                            fmt::format("CSV row {} has more fields than there are headers", r + 1));
        }
        json::object item;
        for (size_t c = 0; c < headers.size(); ++c) item[headers[c]] = c < rows[r].size() ? rows[r][c] : "";
        items.push_back(std::move(item));
      }
      return items;
    }
    case ItemReaderConfig::InputType::kListing: break;
  }
  return items;
}

json::array ItemsFromListing(const json::value& response) {
  json::array items;
  if (!response.is_object()) return items;
  const json::array* contents = GetArray(response.get_object(), "Contents");
  if (!contents) return items;
  for (const auto& entry : *contents) {
    if (!entry.is_object()) continue;
    const json::object& object = entry.get_object();
    json::object item;
    for (std::string_view key : {"Etag", "ETag", "Key", "LastModified", "Size", "StorageClass"}) {
      if (const json::value* value = FindMember(object, key)) item[key == "ETag" ? "Etag" : key] = *value;
    }
    items.push_back(std::move(item));
  }
  return items;
}

}  // namespace sluice::states
