// Versions and aliases: PublishStateMachineVersion, ListStateMachineVersions,
// DeleteStateMachineVersion, CreateStateMachineAlias, DescribeStateMachineAlias,
// UpdateStateMachineAlias, DeleteStateMachineAlias, ListStateMachineAliases.
#include <fmt/format.h>

#include "common/json.h"
#include "states/api/request_fields.h"
#include "states/api/states_api.h"
#include "states/asl/json_text.h"

namespace sluice::states {

namespace json = boost::json;

namespace {

Status MachineMissing(const std::string& arn) {
  return AwsError("StateMachineDoesNotExist", 400, fmt::format("State Machine Does Not Exist: '{}'", arn));
}

Status AliasMissing(const std::string& arn) {
  return AwsError("ResourceNotFound", 400, fmt::format("Resource not found: '{}'", arn));
}

Result<StateMachineRow> Machine(StatesApi& api, const json::object& input) {
  ASSIGN_OR_RETURN(std::string arn, RequiredString(input, "stateMachineArn", 1, 256));
  ASSIGN_OR_RETURN(StatesArn parsed, ParseStatesArn(arn, {"stateMachine"}));
  if (StatesApi::BaseMachineArn(arn) != arn) {
    return AwsError("InvalidArn", 400, fmt::format("Invalid Arn: 'Unsupported ARN: {}'", arn));
  }
  ASSIGN_OR_RETURN(auto machine, api.store().GetStateMachine(arn));
  if (!machine) return MachineMissing(arn);
  return std::move(*machine);
}

// routingConfiguration: one or two versions of `machine_arn` whose weights add up to 100.
Result<std::string> Routing(StatesApi& api, const json::object& input, const std::string& machine_arn) {
  const json::array* routing = GetArray(input, "routingConfiguration");
  if (!routing || routing->empty() || routing->size() > 2) {
    return AwsError("ValidationException", 400,
                    "1 validation error detected: Value at 'routingConfiguration' failed to satisfy constraint: "
                    "Member must have length between 1 and 2");
  }
  int64_t total = 0;
  json::array out;
  std::string first;
  for (const auto& entry : *routing) {
    const json::object* object = entry.is_object() ? &entry.get_object() : nullptr;
    auto version = object ? GetString(*object, "stateMachineVersionArn") : std::nullopt;
    auto weight = object ? GetInt(*object, "weight") : std::nullopt;
    if (!version || !weight || *weight < 0 || *weight > 100) {
      return AwsError("ValidationException", 400, "Each routing entry needs a stateMachineVersionArn and a weight of 0-100");
    }
    if (std::string(*version) == first) {
      return AwsError("ValidationException", 400, "Routing configuration must contain distinct versions");
    }
    first = std::string(*version);
    if (StatesApi::BaseMachineArn(first) != machine_arn) {
      return AwsError("ValidationException", 400, "Routing configuration versions must belong to the alias's state machine");
    }
    ASSIGN_OR_RETURN(auto stored, api.store().GetVersion(first));
    if (!stored) return AwsError("ResourceNotFound", 400, fmt::format("Resource not found: '{}'", first));
    total += *weight;
    out.push_back(json::object{{"stateMachineVersionArn", first}, {"weight", *weight}});
  }
  if (total != 100) {
    return AwsError("ValidationException", 400, "The weights of the routing configuration must add up to 100");
  }
  return JsonText(out);
}

Result<AliasRow> Alias(StatesApi& api, const json::object& input) {
  ASSIGN_OR_RETURN(std::string arn, RequiredString(input, "stateMachineAliasArn", 1, 256));
  ASSIGN_OR_RETURN(StatesArn parsed, ParseStatesArn(arn, {"stateMachine"}));
  ASSIGN_OR_RETURN(auto alias, api.store().GetAlias(arn));
  if (!alias) return AliasMissing(arn);
  return std::move(*alias);
}

Result<json::value> PublishStateMachineVersion(StatesApi& api, const json::object& input) {
  ASSIGN_OR_RETURN(StateMachineRow machine, Machine(api, input));
  ASSIGN_OR_RETURN(auto revision, OptionalString(input, "revisionId", 0, 256));
  ASSIGN_OR_RETURN(auto description, OptionalString(input, "description", 0, 256));
  if (revision && !machine.revision_id.empty() && *revision != machine.revision_id) {
    return AwsError("ConflictException", 400,
                    fmt::format("Failed to publish the State Machine version for revision {}. The current State "
                                "Machine revision is {}.",
                                *revision, machine.revision_id));
  }
  ASSIGN_OR_RETURN(std::string arn, PublishVersion(api, machine, description.value_or("")));
  ASSIGN_OR_RETURN(auto version, api.store().GetVersion(arn));
  return json::value(json::object{{"creationDate", EpochSeconds(version ? version->created_micros : api.Now())},
                                  {"stateMachineVersionArn", arn}});
}

Result<json::value> ListStateMachineVersions(StatesApi& api, const json::object& input) {
  ASSIGN_OR_RETURN(StateMachineRow machine, Machine(api, input));
  ASSIGN_OR_RETURN(size_t limit, PageSize(input, "maxResults", 1000, 100));
  ASSIGN_OR_RETURN(auto token, OptionalString(input, "nextToken", 1, 1024));
  int64_t before = 0;
  if (token) {
    ASSIGN_OR_RETURN(std::string value, ReadPageToken(*token, "version"));
    before = std::atoll(value.c_str());
  }
  ASSIGN_OR_RETURN(auto rows, api.store().ListVersions(machine.arn, before, limit + 1));
  json::array versions;
  for (size_t i = 0; i < rows.size() && i < limit; ++i) {
    versions.push_back(json::object{{"stateMachineVersionArn", rows[i].arn},
                                    {"creationDate", EpochSeconds(rows[i].created_micros)}});
  }
  json::object out{{"stateMachineVersions", std::move(versions)}};
  if (rows.size() > limit) out["nextToken"] = MakePageToken("version", std::to_string(rows[limit - 1].version));
  return json::value(std::move(out));
}

Result<json::value> DeleteStateMachineVersion(StatesApi& api, const json::object& input) {
  ASSIGN_OR_RETURN(std::string arn, RequiredString(input, "stateMachineVersionArn", 1, 2000));
  ASSIGN_OR_RETURN(StatesArn parsed, ParseStatesArn(arn, {"stateMachine"}));
  std::string machine = StatesApi::BaseMachineArn(arn);
  if (machine == arn) return AwsError("InvalidArn", 400, fmt::format("Invalid Arn: 'Unsupported ARN: {}'", arn));
  ASSIGN_OR_RETURN(auto aliases, api.store().ListAliases(machine));
  for (const auto& alias : aliases) {
    if (alias.routing_json.find("\"" + arn + "\"") != std::string::npos) {
      return AwsError("ConflictException", 400,
                      fmt::format("Version to be deleted must not be referenced by an alias. Current list of aliases "
                                  "referencing this version: [{}]",
                                  alias.name));
    }
  }
  RETURN_IF_ERROR(api.store().DeleteVersion(arn));
  return json::value(json::object());
}

Result<json::value> CreateStateMachineAlias(StatesApi& api, const json::object& input) {
  ASSIGN_OR_RETURN(std::string name, RequiredString(input, "name", 1, 80));
  RETURN_IF_ERROR(CheckName(name));
  if (name.find_first_not_of("0123456789") == std::string::npos || name.find_first_not_of("-_0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") != std::string::npos) {
    return AwsError("InvalidName", 400, fmt::format("Invalid Name: '{}'", name));
  }
  ASSIGN_OR_RETURN(auto description, OptionalString(input, "description", 0, 256));
  const json::array* routing = GetArray(input, "routingConfiguration");
  std::string first_version;
  if (routing && !routing->empty() && routing->front().is_object()) {
    first_version = std::string(GetString(routing->front().get_object(), "stateMachineVersionArn").value_or(""));
  }
  std::string machine_arn = StatesApi::BaseMachineArn(first_version);
  ASSIGN_OR_RETURN(auto machine, api.store().GetStateMachine(machine_arn));
  if (!machine) return AwsError("ResourceNotFound", 400, fmt::format("Resource not found: '{}'", first_version));
  ASSIGN_OR_RETURN(std::string routing_json, Routing(api, input, machine_arn));
  AliasRow row;
  row.arn = machine_arn + ":" + name;
  row.machine_arn = machine_arn;
  row.name = name;
  row.description = description.value_or("");
  row.routing_json = routing_json;
  row.created_micros = row.updated_micros = api.Now();
  ASSIGN_OR_RETURN(auto existing, api.store().GetAlias(row.arn));
  if (existing) {
    if (existing->routing_json == row.routing_json && existing->description == row.description) {
      return json::value(json::object{{"stateMachineAliasArn", existing->arn},
                                      {"creationDate", EpochSeconds(existing->created_micros)}});
    }
    return AwsError("ConflictException", 400, fmt::format("Alias with the name '{}' already exists", name));
  }
  RETURN_IF_ERROR(api.store().InsertAlias(row));
  return json::value(json::object{{"stateMachineAliasArn", row.arn}, {"creationDate", EpochSeconds(row.created_micros)}});
}

Result<json::value> DescribeStateMachineAlias(StatesApi& api, const json::object& input) {
  ASSIGN_OR_RETURN(AliasRow alias, Alias(api, input));
  json::object out{{"stateMachineAliasArn", alias.arn}, {"name", alias.name}};
  if (!alias.description.empty()) out["description"] = alias.description;
  auto routing = ParseJson(alias.routing_json);
  out["routingConfiguration"] = routing.ok() ? std::move(*routing) : json::value(json::array());
  out["creationDate"] = EpochSeconds(alias.created_micros);
  out["updateDate"] = EpochSeconds(alias.updated_micros);
  return json::value(std::move(out));
}

Result<json::value> UpdateStateMachineAlias(StatesApi& api, const json::object& input) {
  ASSIGN_OR_RETURN(AliasRow alias, Alias(api, input));
  ASSIGN_OR_RETURN(auto description, OptionalString(input, "description", 0, 256));
  bool has_routing = GetArray(input, "routingConfiguration") != nullptr;
  if (!description && !has_routing) {
    return AwsError("ValidationException", 400, "Either the description or the RoutingConfiguration must be specified");
  }
  if (description) alias.description = *description;
  if (has_routing) {
    ASSIGN_OR_RETURN(alias.routing_json, Routing(api, input, alias.machine_arn));
  }
  alias.updated_micros = api.Now();
  RETURN_IF_ERROR(api.store().UpdateAlias(alias));
  return json::value(json::object{{"updateDate", EpochSeconds(alias.updated_micros)}});
}

Result<json::value> DeleteStateMachineAlias(StatesApi& api, const json::object& input) {
  ASSIGN_OR_RETURN(std::string arn, RequiredString(input, "stateMachineAliasArn", 1, 256));
  ASSIGN_OR_RETURN(StatesArn parsed, ParseStatesArn(arn, {"stateMachine"}));
  ASSIGN_OR_RETURN(auto alias, api.store().GetAlias(arn));
  if (!alias) return AliasMissing(arn);
  RETURN_IF_ERROR(api.store().DeleteAlias(arn));
  return json::value(json::object());
}

Result<json::value> ListStateMachineAliases(StatesApi& api, const json::object& input) {
  ASSIGN_OR_RETURN(StateMachineRow machine, Machine(api, input));
  ASSIGN_OR_RETURN(size_t limit, PageSize(input, "maxResults", 1000, 100));
  ASSIGN_OR_RETURN(std::string after, PageStart(input, "alias"));
  ASSIGN_OR_RETURN(auto rows, api.store().ListAliases(machine.arn));
  json::array aliases;
  std::string last;
  bool more = false;
  for (const auto& row : rows) {
    if (!after.empty() && row.name <= after) continue;
    if (aliases.size() >= limit) {
      more = true;
      break;
    }
    aliases.push_back(json::object{{"stateMachineAliasArn", row.arn}, {"creationDate", EpochSeconds(row.created_micros)}});
    last = row.name;
  }
  json::object out{{"stateMachineAliases", std::move(aliases)}};
  if (more) out["nextToken"] = MakePageToken("alias", last);
  return json::value(std::move(out));
}

}  // namespace

void RegisterVersionOperations(http::JsonService& service, StatesApi& api) {
  AddOperation(service, api, "PublishStateMachineVersion", PublishStateMachineVersion);
  AddOperation(service, api, "ListStateMachineVersions", ListStateMachineVersions);
  AddOperation(service, api, "DeleteStateMachineVersion", DeleteStateMachineVersion);
  AddOperation(service, api, "CreateStateMachineAlias", CreateStateMachineAlias);
  AddOperation(service, api, "DescribeStateMachineAlias", DescribeStateMachineAlias);
  AddOperation(service, api, "UpdateStateMachineAlias", UpdateStateMachineAlias);
  AddOperation(service, api, "DeleteStateMachineAlias", DeleteStateMachineAlias);
  AddOperation(service, api, "ListStateMachineAliases", ListStateMachineAliases);
}

}  // namespace sluice::states
