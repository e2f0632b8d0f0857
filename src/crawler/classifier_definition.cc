// Custom classifier definitions: see classifier_definition.h.
#include "crawler/classifier_definition.h"

#include <fmt/format.h>

#include "catalog/model_json.h"
#include "common/json.h"
#include "crawler/crawl/grok_pattern.h"
#include "crawler/crawl/json_path.h"

namespace sluice::crawler {

namespace json = boost::json;

namespace {
Status InvalidInput(std::string message) { return AwsError("InvalidInputException", 400, std::move(message)); }

constexpr std::string_view kCustomDatatypes[] = {"BINARY", "BOOLEAN", "DATE",  "DECIMAL", "DOUBLE", "FLOAT",
                                                 "INT",    "LONG",    "SHORT", "STRING",  "TIMESTAMP"};
}  // namespace

std::string_view ClassifierKindName(ClassifierKind kind) {
  switch (kind) {
    case ClassifierKind::kGrok: return "GrokClassifier";
    case ClassifierKind::kXml: return "XMLClassifier";
    case ClassifierKind::kJson: return "JsonClassifier";
    case ClassifierKind::kCsv: return "CsvClassifier";
  }
  return "CsvClassifier";
}

std::optional<ClassifierKind> ParseClassifierKind(std::string_view name) {
  for (auto kind : {ClassifierKind::kGrok, ClassifierKind::kXml, ClassifierKind::kJson, ClassifierKind::kCsv}) {
    if (ClassifierKindName(kind) == name) return kind;
  }
  return std::nullopt;
}

Result<ClassifierDefinition> ClassifierFromRequest(const json::object& input) {
  std::optional<ClassifierDefinition> found;
  for (auto kind : {ClassifierKind::kGrok, ClassifierKind::kXml, ClassifierKind::kJson, ClassifierKind::kCsv}) {
    const json::object* spec = GetObject(input, ClassifierKindName(kind));
    if (spec == nullptr) continue;
    if (found) return InvalidInput("Specify exactly one of GrokClassifier, XMLClassifier, JsonClassifier and CsvClassifier");
    ClassifierDefinition definition;
    definition.kind = kind;
    definition.spec = *spec;
    definition.name = std::string(GetString(*spec, "Name").value_or(""));
    found = std::move(definition);
  }
  if (!found) return InvalidInput("Specify one of GrokClassifier, XMLClassifier, JsonClassifier or CsvClassifier");
  return std::move(*found);
}

Status MergeClassifierUpdate(const ClassifierDefinition& update, ClassifierDefinition* existing) {
  if (update.kind != existing->kind) {
    return InvalidInput(fmt::format("Classifier {} is a {}, not a {}", existing->name,
                                    ClassifierKindName(existing->kind), ClassifierKindName(update.kind)));
  }
  for (const auto& member : update.spec) {
    if (member.value().is_null()) continue;
    existing->spec[member.key()] = member.value();
  }
  return Status::Ok();
}

Status ValidateClassifier(const ClassifierDefinition& d) {
  switch (d.kind) {
    case ClassifierKind::kGrok: {
      auto compiled = GrokPattern::Compile(GetString(d.spec, "GrokPattern").value_or(""),
                                           GetString(d.spec, "CustomPatterns").value_or(""));
      if (!compiled.ok()) return InvalidInput(compiled.status().message());
      return Status::Ok();
    }
    case ClassifierKind::kJson: {
      auto path = JsonPath::Parse(GetString(d.spec, "JsonPath").value_or(""));
      if (!path.ok()) return InvalidInput(path.status().message());
      return Status::Ok();
    }
    case ClassifierKind::kXml:
      return Status::Ok();
    case ClassifierKind::kCsv: {
      auto delimiter = GetString(d.spec, "Delimiter");
      auto quote = GetString(d.spec, "QuoteSymbol");
      if (delimiter && quote && *delimiter == *quote) {
        return InvalidInput("The CSV classifier's Delimiter and QuoteSymbol must differ");
      }
      if (const json::array* header = GetArray(d.spec, "Header")) {
        for (const auto& name : *header) {
          if (!name.is_string() || name.get_string().empty()) {
            return InvalidInput("Every name in a CSV classifier's Header must be a non-empty string");
          }
        }
      }
      if (const json::array* types = GetArray(d.spec, "CustomDatatypes")) {
        for (const auto& type : *types) {
          bool known = false;
          for (auto allowed : kCustomDatatypes) known = known || (type.is_string() && type.get_string() == allowed);
          if (!known) {
            return InvalidInput(fmt::format("Unsupported custom datatype {} in CSV classifier {}",
                                            type.is_string() ? std::string(type.get_string()) : ToJson(type), d.name));
          }
        }
      }
      return Status::Ok();
    }
  }
  return Status::Ok();
}

json::object ClassifierToJson(const ClassifierRecord& record) {
  json::object spec = record.definition.spec;
  spec["CreationTime"] = catalog::EpochSeconds(record.creation_micros);
  spec["LastUpdated"] = catalog::EpochSeconds(record.updated_micros);
  spec["Version"] = record.version;
  json::object out;
  out[ClassifierKindName(record.definition.kind)] = std::move(spec);
  return out;
}

}  // namespace sluice::crawler
