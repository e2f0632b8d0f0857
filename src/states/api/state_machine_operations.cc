// State machine operations: CreateStateMachine, DescribeStateMachine, UpdateStateMachine,
// DeleteStateMachine, ListStateMachines, DescribeStateMachineForExecution,
// ValidateStateMachineDefinition.
#include <fmt/format.h>

#include "common/ids.h"
#include "common/json.h"
#include "states/api/request_fields.h"
#include "states/api/states_api.h"
#include "states/asl/json_text.h"

namespace sluice::states {

namespace json = boost::json;

namespace {

constexpr std::string_view kDefaultLogging = R"({"level":"OFF","includeExecutionData":false})";
constexpr std::string_view kDefaultTracing = R"({"enabled":false})";

// loggingConfiguration as given, checked; InvalidLoggingConfiguration when unusable.
Result<std::string> LoggingConfiguration(const json::object& input) {
  const json::object* logging = GetObject(input, "loggingConfiguration");
  if (!logging) return std::string(kDefaultLogging);
  json::object out;
  std::string level(GetString(*logging, "level").value_or("OFF"));
  if (level != "ALL" && level != "ERROR" && level != "FATAL" && level != "OFF") {
    return AwsError("ValidationException", 400,
                    fmt::format("1 validation error detected: Value '{}' at 'loggingConfiguration.level' failed to "
                                "satisfy constraint: Member must satisfy enum value set: [ALL, ERROR, FATAL, OFF]",
                                level));
  }
  out["level"] = level;
  out["includeExecutionData"] = GetBool(*logging, "includeExecutionData").value_or(false);
  const json::array* destinations = GetArray(*logging, "destinations");
  if (destinations && destinations->size() > 1) {
    return AwsError("InvalidLoggingConfiguration", 400,
                    "Invalid Logging Configuration: Must specify exactly one Log Destination.");
  }
  if (level != "OFF" && (!destinations || destinations->empty())) {
    return AwsError("InvalidLoggingConfiguration", 400,
                    "Invalid Logging Configuration: Must specify exactly one Log Destination.");
  }
  if (destinations && !destinations->empty()) out["destinations"] = *destinations;
  return JsonText(out);
}

std::string TracingConfiguration(const json::object& input) {
  const json::object* tracing = GetObject(input, "tracingConfiguration");
  if (!tracing) return std::string(kDefaultTracing);
  return JsonText(json::object{{"enabled", GetBool(*tracing, "enabled").value_or(false)}});
}

Result<std::vector<std::pair<std::string, std::string>>> Tags(const json::object& input) {
  std::vector<std::pair<std::string, std::string>> tags;
  const json::array* list = GetArray(input, "tags");
  if (!list) return tags;
  if (list->size() > 50) return AwsError("TooManyTags", 400, "Too many tags: the limit is 50");
  for (const auto& tag : *list) {
    if (!tag.is_object()) continue;
    tags.emplace_back(GetString(tag.get_object(), "key").value_or(""), GetString(tag.get_object(), "value").value_or(""));
  }
  return tags;
}

json::value ParsedOr(std::string_view text, std::string_view fallback) {
  auto parsed = ParseJson(text.empty() ? fallback : text);
  return parsed.ok() ? std::move(*parsed) : json::value(json::object());
}

Result<std::string> RoleArn(const json::object& input, bool required) {
  std::optional<std::string> role;
  if (required) {
    ASSIGN_OR_RETURN(std::string value, RequiredString(input, "roleArn", 1, 256));
    role = std::move(value);
  } else {
    ASSIGN_OR_RETURN(role, OptionalString(input, "roleArn", 1, 256));
    if (!role) return std::string();
  }
  if (!role->starts_with("arn:")) {
    return AwsError("InvalidArn", 400, fmt::format("Invalid Arn: 'Invalid ARN prefix: {}'", *role));
  }
  return *role;
}

}  // namespace

// Publishes the machine's current definition as a new version (the latest one again when
// nothing changed since it was published).
Result<std::string> PublishVersion(StatesApi& api, StateMachineRow machine, const std::string& description) {
  if (machine.revision_id.empty()) {
    machine.revision_id = NewUuid();
    RETURN_IF_ERROR(api.store().UpdateStateMachine(machine));
  }
  ASSIGN_OR_RETURN(int64_t latest, api.store().LatestVersion(machine.arn));
  if (latest > 0) {
    ASSIGN_OR_RETURN(auto previous, api.store().GetVersion(fmt::format("{}:{}", machine.arn, latest)));
    if (previous && previous->revision_id == machine.revision_id) return previous->arn;
  }
  VersionRow version;
  version.version = latest + 1;
  version.arn = fmt::format("{}:{}", machine.arn, version.version);
  version.machine_arn = machine.arn;
  version.definition = machine.definition;
  version.role_arn = machine.role_arn;
  version.revision_id = machine.revision_id;
  version.description = description;
  version.type = machine.type;
  version.logging_json = machine.logging_json;
  version.tracing_json = machine.tracing_json;
  version.created_micros = api.Now();
  RETURN_IF_ERROR(api.store().InsertVersion(version));
  return version.arn;
}

namespace {

Result<json::value> CreateStateMachine(StatesApi& api, const json::object& input) {
  ASSIGN_OR_RETURN(std::string name, RequiredString(input, "name", 1, 80));
  RETURN_IF_ERROR(CheckName(name));
  ASSIGN_OR_RETURN(std::string definition, RequiredString(input, "definition", 1, 1048576));
  ASSIGN_OR_RETURN(std::string role, RoleArn(input, true));
  ASSIGN_OR_RETURN(auto type, OptionalEnum(input, "type", {"STANDARD", "EXPRESS"}));
  ASSIGN_OR_RETURN(std::string logging, LoggingConfiguration(input));
  ASSIGN_OR_RETURN(auto tags, Tags(input));
  ASSIGN_OR_RETURN(auto publish, OptionalBool(input, "publish"));
  ASSIGN_OR_RETURN(auto version_description, OptionalString(input, "versionDescription", 0, 256));
  if (version_description && !publish.value_or(false)) {
    return AwsError("ValidationException", 400, "Version description can only be set when publish is true");
  }
  bool express = type.value_or("STANDARD") == "EXPRESS";
  ASSIGN_OR_RETURN(auto compiled, api.Compile(definition, express));

  StateMachineRow row;
  row.arn = api.MachineArn(name);
  row.name = name;
  row.type = express ? "EXPRESS" : "STANDARD";
  row.definition = definition;
  row.role_arn = role;
  row.logging_json = logging;
  row.tracing_json = TracingConfiguration(input);
  row.created_micros = row.updated_micros = api.Now();

  ASSIGN_OR_RETURN(auto existing, api.store().GetStateMachine(row.arn));
  if (existing) {
    // Idempotent for an identical request; a different one is a conflict.
    if (existing->definition == row.definition && existing->role_arn == row.role_arn && existing->type == row.type &&
        existing->logging_json == row.logging_json && existing->tracing_json == row.tracing_json) {
      return json::value(json::object{{"stateMachineArn", existing->arn},
                                      {"creationDate", EpochSeconds(existing->created_micros)}});
    }
    return AwsError("StateMachineAlreadyExists", 400, fmt::format("State Machine Already Exists: '{}'", row.arn));
  }
  Status inserted = api.store().InsertStateMachine(row);
  if (inserted.code() == StatusCode::kAlreadyExists) {
    return AwsError("StateMachineAlreadyExists", 400, fmt::format("State Machine Already Exists: '{}'", row.arn));
  }
  RETURN_IF_ERROR(inserted);
  if (!tags.empty()) RETURN_IF_ERROR(api.store().SetTags(row.arn, tags));
  json::object response{{"stateMachineArn", row.arn}, {"creationDate", EpochSeconds(row.created_micros)}};
  if (publish.value_or(false)) {
    ASSIGN_OR_RETURN(std::string version_arn, PublishVersion(api, row, version_description.value_or("")));
    response["stateMachineVersionArn"] = version_arn;
  }
  return json::value(std::move(response));
}

Result<json::value> DescribeStateMachine(StatesApi& api, const json::object& input) {
  ASSIGN_OR_RETURN(std::string arn, RequiredString(input, "stateMachineArn", 1, 256));
  ASSIGN_OR_RETURN(StatesArn parsed, ParseStatesArn(arn, {"stateMachine"}));
  ASSIGN_OR_RETURN(auto included, OptionalEnum(input, "includedData", {"ALL_DATA", "METADATA_ONLY"}));
  std::string base = StatesApi::BaseMachineArn(arn);
  ASSIGN_OR_RETURN(auto machine, api.store().GetStateMachine(base));
  if (!machine) {
    return AwsError("StateMachineDoesNotExist", 400, fmt::format("State Machine Does Not Exist: '{}'", arn));
  }
  json::object out;
  out["stateMachineArn"] = arn;
  out["name"] = machine->name;
  out["status"] = "ACTIVE";
  std::string definition = machine->definition;
  std::string role = machine->role_arn;
  std::string revision = machine->revision_id;
  std::string logging = machine->logging_json;
  std::string tracing = machine->tracing_json;
  int64_t created = machine->created_micros;
  if (base != arn) {
    ASSIGN_OR_RETURN(auto version, api.store().GetVersion(arn));
    if (!version) {
      return AwsError("StateMachineDoesNotExist", 400, fmt::format("State Machine Does Not Exist: '{}'", arn));
    }
    definition = version->definition;
    role = version->role_arn;
    revision = version->revision_id;
    logging = version->logging_json;
    tracing = version->tracing_json;
    created = version->created_micros;
    if (!version->description.empty()) out["description"] = version->description;
  }
  out["definition"] = included.value_or("ALL_DATA") == "METADATA_ONLY" ? "" : definition;
  out["roleArn"] = role;
  out["type"] = machine->type;
  out["creationDate"] = EpochSeconds(created);
  out["loggingConfiguration"] = ParsedOr(logging, kDefaultLogging);
  out["tracingConfiguration"] = ParsedOr(tracing, kDefaultTracing);
  if (!revision.empty()) out["revisionId"] = revision;
  return json::value(std::move(out));
}

Result<json::value> UpdateStateMachine(StatesApi& api, const json::object& input) {
  ASSIGN_OR_RETURN(std::string arn, RequiredString(input, "stateMachineArn", 1, 256));
  ASSIGN_OR_RETURN(StatesArn parsed, ParseStatesArn(arn, {"stateMachine"}));
  ASSIGN_OR_RETURN(auto definition, OptionalString(input, "definition", 1, 1048576));
  ASSIGN_OR_RETURN(std::string role, RoleArn(input, false));
  ASSIGN_OR_RETURN(auto publish, OptionalBool(input, "publish"));
  ASSIGN_OR_RETURN(auto version_description, OptionalString(input, "versionDescription", 0, 256));
  bool has_logging = GetObject(input, "loggingConfiguration") != nullptr;
  bool has_tracing = GetObject(input, "tracingConfiguration") != nullptr;
  if (!definition && role.empty() && !has_logging && !has_tracing) {
    return AwsError("MissingRequiredParameter", 400,
                    "Either the definition, the role ARN, the LoggingConfiguration, or the TracingConfiguration must "
                    "be specified");
  }
  if (StatesApi::BaseMachineArn(arn) != arn) {
    return AwsError("ValidationException", 400, "Versions and aliases cannot be updated with UpdateStateMachine");
  }
  ASSIGN_OR_RETURN(auto machine, api.store().GetStateMachine(arn));
  if (!machine) {
    return AwsError("StateMachineDoesNotExist", 400, fmt::format("State Machine Does Not Exist: '{}'", arn));
  }
  StateMachineRow row = *machine;
  if (definition) {
    ASSIGN_OR_RETURN(auto compiled, api.Compile(*definition, row.type == "EXPRESS"));
    row.definition = *definition;
  }
  if (!role.empty()) row.role_arn = role;
  if (has_logging) {
    ASSIGN_OR_RETURN(row.logging_json, LoggingConfiguration(input));
  }
  if (has_tracing) row.tracing_json = TracingConfiguration(input);
  bool changed = row.definition != machine->definition || row.role_arn != machine->role_arn ||
                 row.logging_json != machine->logging_json || row.tracing_json != machine->tracing_json;
  if (changed || row.revision_id.empty()) row.revision_id = NewUuid();
  row.updated_micros = api.Now();
  RETURN_IF_ERROR(api.store().UpdateStateMachine(row));
  json::object response{{"updateDate", EpochSeconds(row.updated_micros)}, {"revisionId", row.revision_id}};
  if (publish.value_or(false)) {
    ASSIGN_OR_RETURN(std::string version_arn, PublishVersion(api, row, version_description.value_or("")));
    response["stateMachineVersionArn"] = version_arn;
  }
  return json::value(std::move(response));
}

Result<json::value> DeleteStateMachine(StatesApi& api, const json::object& input) {
  ASSIGN_OR_RETURN(std::string arn, RequiredString(input, "stateMachineArn", 1, 256));
  ASSIGN_OR_RETURN(StatesArn parsed, ParseStatesArn(arn, {"stateMachine"}));
  if (StatesApi::BaseMachineArn(arn) != arn) {
    return AwsError("ValidationException", 400,
                    "Use DeleteStateMachineVersion or DeleteStateMachineAlias to delete a version or an alias");
  }
  // Running executions keep their own copy of the definition and run to their end.
  RETURN_IF_ERROR(api.store().DeleteStateMachine(arn));
  return json::value(json::object());
}

Result<json::value> ListStateMachines(StatesApi& api, const json::object& input) {
  ASSIGN_OR_RETURN(size_t limit, PageSize(input, "maxResults", 1000, 100));
  ASSIGN_OR_RETURN(std::string after, PageStart(input, "sm"));
  ASSIGN_OR_RETURN(auto rows, api.store().ListStateMachines(after, limit + 1));
  json::array machines;
  for (size_t i = 0; i < rows.size() && i < limit; ++i) {
    machines.push_back(json::object{{"stateMachineArn", rows[i].arn},
                                    {"name", rows[i].name},
                                    {"type", rows[i].type},
                                    {"creationDate", EpochSeconds(rows[i].created_micros)}});
  }
  json::object out{{"stateMachines", std::move(machines)}};
  if (rows.size() > limit) out["nextToken"] = MakePageToken("sm", rows[limit - 1].name);
  return json::value(std::move(out));
}

Result<json::value> DescribeStateMachineForExecution(StatesApi& api, const json::object& input) {
  ASSIGN_OR_RETURN(std::string arn, RequiredString(input, "executionArn", 1, 256));
  ASSIGN_OR_RETURN(StatesArn parsed, ParseStatesArn(arn, {"execution"}));
  ASSIGN_OR_RETURN(auto execution, api.store().GetExecution(arn));
  if (!execution) return AwsError("ExecutionDoesNotExist", 400, fmt::format("Execution Does Not Exist: '{}'", arn));
  ASSIGN_OR_RETURN(auto machine, api.store().GetStateMachine(execution->machine_arn));
  json::object out;
  out["stateMachineArn"] = execution->version_arn.empty() ? execution->machine_arn : execution->version_arn;
  out["name"] = machine ? machine->name : execution->machine_arn.substr(execution->machine_arn.rfind(':') + 1);
  out["definition"] = execution->definition;
  out["roleArn"] = execution->role_arn;
  out["updateDate"] = EpochSeconds(machine ? machine->updated_micros : execution->start_micros);
  out["loggingConfiguration"] = ParsedOr(machine ? machine->logging_json : "", kDefaultLogging);
  out["tracingConfiguration"] = ParsedOr(machine ? machine->tracing_json : "", kDefaultTracing);
  if (machine && !machine->revision_id.empty()) out["revisionId"] = machine->revision_id;
  return json::value(std::move(out));
}

Result<json::value> ValidateStateMachineDefinition(StatesApi& api, const json::object& input) {
  ASSIGN_OR_RETURN(std::string definition, RequiredString(input, "definition", 1, 1048576));
  ASSIGN_OR_RETURN(auto type, OptionalEnum(input, "type", {"STANDARD", "EXPRESS"}));
  ASSIGN_OR_RETURN(auto severity, OptionalEnum(input, "severity", {"ERROR", "WARNING"}));
  ASSIGN_OR_RETURN(size_t limit, PageSize(input, "maxResults", 100, 100));
  Diagnostics diagnostics;
  DefinitionOptions options;
  options.express = type.value_or("STANDARD") == "EXPRESS";
  Definition::Parse(definition, options, diagnostics);
  bool warnings = severity.value_or("ERROR") == "WARNING";
  json::array items;
  bool truncated = false;
  for (const auto& item : diagnostics.items()) {
    if (item.severity == "WARNING" && !warnings) continue;
    if (items.size() >= limit) {
      truncated = true;
      break;
    }
    json::object diagnostic{{"severity", item.severity}, {"code", item.code}, {"message", item.message}};
    if (!item.location.empty() && item.location != "-") diagnostic["location"] = item.location;
    items.push_back(std::move(diagnostic));
  }
  return json::value(json::object{{"result", diagnostics.has_errors() ? "FAIL" : "OK"},
                                  {"diagnostics", std::move(items)},
                                  {"truncated", truncated}});
}

}  // namespace

void RegisterStateMachineOperations(http::JsonService& service, StatesApi& api) {
  auto add = [&](std::string name, ApiOperation operation) { AddOperation(service, api, std::move(name), operation); };
  add("CreateStateMachine", CreateStateMachine);
  add("DescribeStateMachine", DescribeStateMachine);
  add("UpdateStateMachine", UpdateStateMachine);
  add("DeleteStateMachine", DeleteStateMachine);
  add("ListStateMachines", ListStateMachines);
  add("DescribeStateMachineForExecution", DescribeStateMachineForExecution);
  add("ValidateStateMachineDefinition", ValidateStateMachineDefinition);
}

}  // namespace sluice::states
