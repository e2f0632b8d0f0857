// Crawler definitions: see crawler_definition.h.
#include "crawler/crawler_definition.h"

#include <boost/json/array.hpp>
#include <fmt/format.h>

#include "common/clock.h"
#include "common/json.h"
#include "scheduler/cron.h"

namespace sluice::crawler {

namespace json = boost::json;

namespace {

Status InvalidInput(std::string message) { return AwsError("InvalidInputException", 400, std::move(message)); }

std::optional<std::string> OptionalString(const json::object& object, std::string_view key) {
  auto value = GetString(object, key);
  if (!value) return std::nullopt;
  return std::string(*value);
}

std::vector<std::string> Strings(const json::array* array) {
  std::vector<std::string> out;
  if (array == nullptr) return out;
  for (const auto& item : *array) {
    if (item.is_string()) out.emplace_back(item.get_string());
  }
  return out;
}

json::array StringsToJson(const std::vector<std::string>& values) {
  json::array out;
  for (const auto& value : values) out.emplace_back(value);
  return out;
}

constexpr std::string_view kOtherTargetKinds[] = {"JdbcTargets",  "MongoDBTargets", "DynamoDBTargets", "CatalogTargets",
                                                  "DeltaTargets", "IcebergTargets", "HudiTargets"};

S3Target S3TargetFromJson(const json::object& object) {
  S3Target target;
  target.path = std::string(GetString(object, "Path").value_or(""));
  target.exclusions = Strings(GetArray(object, "Exclusions"));
  target.sample_size = GetInt(object, "SampleSize");
  target.connection_name = OptionalString(object, "ConnectionName");
  target.event_queue_arn = OptionalString(object, "EventQueueArn");
  target.dlq_event_queue_arn = OptionalString(object, "DlqEventQueueArn");
  return target;
}

json::object S3TargetToJson(const S3Target& target) {
  json::object out;
  out["Path"] = target.path;
  out["Exclusions"] = StringsToJson(target.exclusions);
  if (target.sample_size) out["SampleSize"] = *target.sample_size;
  if (target.connection_name) out["ConnectionName"] = *target.connection_name;
  if (target.event_queue_arn) out["EventQueueArn"] = *target.event_queue_arn;
  if (target.dlq_event_queue_arn) out["DlqEventQueueArn"] = *target.dlq_event_queue_arn;
  return out;
}

}  // namespace

std::string_view UpdateBehaviorName(UpdateBehavior behavior) {
  return behavior == UpdateBehavior::kLog ? "LOG" : "UPDATE_IN_DATABASE";
}

std::string_view DeleteBehaviorName(DeleteBehavior behavior) {
  switch (behavior) {
    case DeleteBehavior::kLog: return "LOG";
    case DeleteBehavior::kDeleteFromDatabase: return "DELETE_FROM_DATABASE";
    case DeleteBehavior::kDeprecateInDatabase: return "DEPRECATE_IN_DATABASE";
  }
  return "DEPRECATE_IN_DATABASE";
}

std::string_view RecrawlBehaviorName(RecrawlBehavior behavior) {
  switch (behavior) {
    case RecrawlBehavior::kCrawlEverything: return "CRAWL_EVERYTHING";
    case RecrawlBehavior::kCrawlNewFoldersOnly: return "CRAWL_NEW_FOLDERS_ONLY";
    case RecrawlBehavior::kCrawlEventMode: return "CRAWL_EVENT_MODE";
  }
  return "CRAWL_EVERYTHING";
}

Result<CrawlerConfiguration> ParseCrawlerConfiguration(std::string_view text) {
  CrawlerConfiguration config;
  JsonLimits limits;
  limits.max_bytes = 64 << 10;
  auto parsed = ParseJson(text, limits);
  if (!parsed.ok() || !parsed->is_object()) {
    return InvalidInput(fmt::format("Crawler configuration is not a valid JSON object: {}",
                                    parsed.ok() ? "not an object" : parsed.status().message()));
  }
  const json::object& root = parsed->get_object();
  if (const json::value* version = FindMember(root, "Version"); version && !AsNumber(*version)) {
    return InvalidInput("Crawler configuration: Version must be a number");
  }
  if (const json::object* grouping = GetObject(root, "Grouping")) {
    if (auto policy = GetString(*grouping, "TableGroupingPolicy")) {
      if (*policy != "CombineCompatibleSchemas") {
        return InvalidInput(fmt::format("Crawler configuration: unknown TableGroupingPolicy '{}'", *policy));
      }
      config.combine_compatible_schemas = true;
    }
    if (const json::value* level = FindMember(*grouping, "TableLevelConfiguration")) {
      auto number = AsNumber(*level);
      if (!number || *number < 1 || *number != static_cast<int>(*number)) {
        return InvalidInput("Crawler configuration: TableLevelConfiguration must be a positive integer");
      }
      config.table_level = static_cast<int>(*number);
    }
  }
  if (const json::object* output = GetObject(root, "CrawlerOutput")) {
    if (const json::object* partitions = GetObject(*output, "Partitions")) {
      if (auto behavior = GetString(*partitions, "AddOrUpdateBehavior")) {
        if (*behavior != "InheritFromTable") {
          return InvalidInput(fmt::format("Crawler configuration: unknown Partitions AddOrUpdateBehavior '{}'", *behavior));
        }
        config.partitions_inherit_from_table = true;
      }
    }
    if (const json::object* tables = GetObject(*output, "Tables")) {
      if (auto behavior = GetString(*tables, "AddOrUpdateBehavior")) {
        if (*behavior != "MergeNewColumns") {
          return InvalidInput(fmt::format("Crawler configuration: unknown Tables AddOrUpdateBehavior '{}'", *behavior));
        }
        config.merge_new_columns = true;
      }
      if (const json::value* threshold = FindMember(*tables, "TableThreshold")) {
        auto number = AsNumber(*threshold);
        if (!number || *number < 1 || *number != static_cast<int>(*number)) {
          return InvalidInput("Crawler configuration: TableThreshold must be a positive integer");
        }
        config.table_threshold = static_cast<int>(*number);
      }
    }
  }
  if (auto index = GetBool(root, "CreatePartitionIndex")) config.create_partition_index = *index;
  return config;
}

void ApplyCrawlerInput(const json::object& input, CrawlerDefinition* d) {
  if (auto name = GetString(input, "Name")) d->name = std::string(*name);
  if (auto role = GetString(input, "Role")) d->role = std::string(*role);
  if (FindMember(input, "DatabaseName")) d->database_name = OptionalString(input, "DatabaseName");
  if (FindMember(input, "Description")) d->description = OptionalString(input, "Description");
  if (const json::array* classifiers = GetArray(input, "Classifiers")) d->classifiers = Strings(classifiers);
  if (FindMember(input, "TablePrefix")) d->table_prefix = OptionalString(input, "TablePrefix");
  if (FindMember(input, "Schedule")) {
    d->schedule = OptionalString(input, "Schedule");
    if (d->schedule && d->schedule->empty()) d->schedule.reset();
  }
  if (FindMember(input, "Configuration")) d->configuration = OptionalString(input, "Configuration");
  if (FindMember(input, "CrawlerSecurityConfiguration")) {
    d->security_configuration = OptionalString(input, "CrawlerSecurityConfiguration");
  }
  if (const json::object* targets = GetObject(input, "Targets")) {
    d->s3_targets.clear();
    if (const json::array* s3 = GetArray(*targets, "S3Targets")) {
      for (const auto& item : *s3) {
        if (item.is_object()) d->s3_targets.push_back(S3TargetFromJson(item.get_object()));
      }
    }
    d->other_targets.clear();
    for (auto kind : kOtherTargetKinds) {
      if (const json::array* list = GetArray(*targets, kind); list && !list->empty()) d->other_targets[kind] = *list;
    }
  }
  if (const json::object* policy = GetObject(input, "SchemaChangePolicy")) {
    if (auto update = GetString(*policy, "UpdateBehavior")) {
      d->update_behavior = *update == "LOG" ? UpdateBehavior::kLog : UpdateBehavior::kUpdateInDatabase;
    }
    if (auto remove = GetString(*policy, "DeleteBehavior")) {
      d->delete_behavior = *remove == "LOG"                    ? DeleteBehavior::kLog
                           : *remove == "DELETE_FROM_DATABASE" ? DeleteBehavior::kDeleteFromDatabase
                                                               : DeleteBehavior::kDeprecateInDatabase;
    }
  }
  if (const json::object* policy = GetObject(input, "RecrawlPolicy")) {
    if (auto behavior = GetString(*policy, "RecrawlBehavior")) {
      d->recrawl_behavior = *behavior == "CRAWL_NEW_FOLDERS_ONLY" ? RecrawlBehavior::kCrawlNewFoldersOnly
                            : *behavior == "CRAWL_EVENT_MODE"     ? RecrawlBehavior::kCrawlEventMode
                                                                  : RecrawlBehavior::kCrawlEverything;
    }
  }
  if (const json::object* lineage = GetObject(input, "LineageConfiguration")) {
    if (auto setting = GetString(*lineage, "CrawlerLineageSettings")) d->lineage = std::string(*setting);
  }
  if (const json::object* lake = GetObject(input, "LakeFormationConfiguration")) d->lake_formation = *lake;
}

Status SplitS3Path(std::string_view path, std::string* bucket, std::string* prefix) {
  constexpr std::string_view kScheme = "s3://";
  if (!path.starts_with(kScheme) && !path.starts_with("s3a://") && !path.starts_with("s3n://")) {
    return InvalidInput(fmt::format("S3 target path '{}' must start with s3://", path));
  }
  std::string_view rest = path.substr(path.find("://") + 3);
  size_t slash = rest.find('/');
  *bucket = std::string(rest.substr(0, slash));
  if (bucket->empty()) return InvalidInput(fmt::format("S3 target path '{}' has no bucket", path));
  *prefix = slash == std::string_view::npos ? std::string() : std::string(rest.substr(slash + 1));
  return Status::Ok();
}

Status ValidateSchedule(std::string_view expression) {
  auto schedule = scheduler::CronSchedule::Parse(expression);
  if (!schedule.ok()) return InvalidInput(schedule.status().message());
  if (!schedule->NextAfter(NowMicros())) {
    return InvalidInput(fmt::format("Schedule expression '{}' never fires in the future", expression));
  }
  if (schedule->ShortestInterval(NowMicros()) < int64_t{5} * 60 * 1000000) {
    return InvalidInput(fmt::format("Schedule expression '{}' fires more often than every 5 minutes, which Glue does "
                                    "not support",
                                    expression));
  }
  return Status::Ok();
}

Status ValidateCrawlerDefinition(const CrawlerDefinition& d) {
  if (d.s3_targets.empty() && d.other_targets.empty()) {
    return InvalidInput("A crawler needs at least one target");
  }
  for (const auto& target : d.s3_targets) {
    std::string bucket, prefix;
    RETURN_IF_ERROR(SplitS3Path(target.path, &bucket, &prefix));
    if (target.sample_size && (*target.sample_size < 1 || *target.sample_size > 249)) {
      return InvalidInput(fmt::format("SampleSize of S3 target {} must be between 1 and 249", target.path));
    }
  }
  if (d.other_targets.contains("CatalogTargets") && (!d.s3_targets.empty() || d.other_targets.size() > 1)) {
    return InvalidInput("Catalog targets cannot be mixed with other kinds of targets");
  }
  if (d.schedule) RETURN_IF_ERROR(ValidateSchedule(*d.schedule));
  if (d.configuration) RETURN_IF_ERROR(ParseCrawlerConfiguration(*d.configuration).status());
  if (d.recrawl_behavior == RecrawlBehavior::kCrawlNewFoldersOnly &&
      (d.update_behavior != UpdateBehavior::kLog || d.delete_behavior != DeleteBehavior::kLog)) {
    return InvalidInput(
        "A crawler that crawls new folders only (RecrawlBehavior CRAWL_NEW_FOLDERS_ONLY) must have LOG as both "
        "UpdateBehavior and DeleteBehavior of its SchemaChangePolicy");
  }
  if (d.recrawl_behavior == RecrawlBehavior::kCrawlEventMode) {
    bool has_queue = false;
    for (const auto& target : d.s3_targets) has_queue = has_queue || target.event_queue_arn.has_value();
    if (!has_queue) return InvalidInput("CRAWL_EVENT_MODE needs an S3 target with an EventQueueArn");
  }
  return Status::Ok();
}

json::object CrawlerDefinitionToJson(const CrawlerDefinition& d) {
  json::object out;
  out["Name"] = d.name;
  out["Role"] = d.role;
  json::object targets;
  json::array s3;
  for (const auto& target : d.s3_targets) s3.emplace_back(S3TargetToJson(target));
  targets["S3Targets"] = std::move(s3);
  for (auto kind : kOtherTargetKinds) {
    const json::value* list = d.other_targets.if_contains(kind);
    targets[kind] = list ? *list : json::array();
  }
  out["Targets"] = std::move(targets);
  if (d.database_name) out["DatabaseName"] = *d.database_name;
  if (d.description) out["Description"] = *d.description;
  out["Classifiers"] = StringsToJson(d.classifiers);
  out["RecrawlPolicy"] = json::object{{"RecrawlBehavior", RecrawlBehaviorName(d.recrawl_behavior)}};
  out["SchemaChangePolicy"] = json::object{{"UpdateBehavior", UpdateBehaviorName(d.update_behavior)},
                                           {"DeleteBehavior", DeleteBehaviorName(d.delete_behavior)}};
  out["LineageConfiguration"] = json::object{{"CrawlerLineageSettings", d.lineage}};
  if (d.table_prefix) out["TablePrefix"] = *d.table_prefix;
  if (d.schedule) out["Schedule"] = *d.schedule;  // the stored form; GetCrawler shows a Schedule structure
  if (d.configuration) out["Configuration"] = *d.configuration;
  if (d.security_configuration) out["CrawlerSecurityConfiguration"] = *d.security_configuration;
  json::object lake = d.lake_formation;
  if (!lake.contains("UseLakeFormationCredentials")) lake["UseLakeFormationCredentials"] = false;
  if (!lake.contains("AccountId")) lake["AccountId"] = "";
  out["LakeFormationConfiguration"] = std::move(lake);
  return out;
}

CrawlerDefinition CrawlerDefinitionFromJson(const json::object& object) {
  CrawlerDefinition d;
  ApplyCrawlerInput(object, &d);
  return d;
}

}  // namespace sluice::crawler
