// A crawler's definition, as CreateCrawler/UpdateCrawler set it and GetCrawler shows it:
// targets, output database and table prefix, custom classifiers, the schema-change and
// re-crawl policies, the schedule and the Configuration JSON (grouping and output options).
// Conversions to and from Glue's JSON shape, and the checks Glue makes before accepting one.
//
// Thread safety: plain values and pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "common/status.h"

namespace sluice::crawler {

// Persisted (as Glue's names) in crawler definitions: never rename.
enum class UpdateBehavior { kUpdateInDatabase, kLog };
enum class DeleteBehavior { kDeprecateInDatabase, kDeleteFromDatabase, kLog };
enum class RecrawlBehavior { kCrawlEverything, kCrawlNewFoldersOnly, kCrawlEventMode };

std::string_view UpdateBehaviorName(UpdateBehavior behavior);
std::string_view DeleteBehaviorName(DeleteBehavior behavior);
std::string_view RecrawlBehaviorName(RecrawlBehavior behavior);

struct S3Target {
  std::string path;  // s3://bucket/prefix
  std::vector<std::string> exclusions;
  std::optional<int64_t> sample_size;  // files read per leaf folder; all when absent
  std::optional<std::string> connection_name;
  std::optional<std::string> event_queue_arn;
  std::optional<std::string> dlq_event_queue_arn;
};

// The grouping and output options of a crawler's Configuration JSON.
struct CrawlerConfiguration {
  bool combine_compatible_schemas = false;       // Grouping.TableGroupingPolicy
  std::optional<int> table_level;                // Grouping.TableLevelConfiguration
  bool partitions_inherit_from_table = false;    // CrawlerOutput.Partitions.AddOrUpdateBehavior
  bool merge_new_columns = false;                // CrawlerOutput.Tables.AddOrUpdateBehavior
  std::optional<int> table_threshold;            // CrawlerOutput.Tables.TableThreshold
  bool create_partition_index = true;            // CreatePartitionIndex
};

// InvalidInputException when `text` is not the JSON Glue accepts (unknown keys are allowed).
Result<CrawlerConfiguration> ParseCrawlerConfiguration(std::string_view text);

struct CrawlerDefinition {
  std::string name;
  std::string role;
  std::optional<std::string> database_name;
  std::optional<std::string> description;
  std::vector<std::string> classifiers;  // custom classifier names, tried in order
  std::optional<std::string> table_prefix;
  std::optional<std::string> schedule;  // "cron(...)"
  std::optional<std::string> configuration;  // the JSON text, as given
  std::optional<std::string> security_configuration;
  std::vector<S3Target> s3_targets;
  // Catalog, JDBC, MongoDB, DynamoDB, Delta, Iceberg and Hudi targets: stored and shown as
  // given. Crawls read S3 targets and the S3 locations of catalog targets' tables.
  boost::json::object other_targets;
  UpdateBehavior update_behavior = UpdateBehavior::kUpdateInDatabase;
  DeleteBehavior delete_behavior = DeleteBehavior::kDeprecateInDatabase;
  RecrawlBehavior recrawl_behavior = RecrawlBehavior::kCrawlEverything;
  std::string lineage = "DISABLE";
  boost::json::object lake_formation;  // LakeFormationConfiguration, shown as given
};

// Applies the members present in a CreateCrawler/UpdateCrawler request to `definition`
// (members absent keep their value, so UpdateCrawler changes only what it names). The
// request has passed GlueModel validation.
void ApplyCrawlerInput(const boost::json::object& input, CrawlerDefinition* definition);

// What Glue checks beyond the model: at least one target, S3 paths of the form
// s3://bucket[/prefix], SampleSize 1-249, the schedule's cron syntax and frequency, the
// Configuration JSON, and that CRAWL_NEW_FOLDERS_ONLY comes with LOG update and delete
// behaviours. InvalidInputException otherwise.
Status ValidateCrawlerDefinition(const CrawlerDefinition& definition);

// Checks a schedule expression: cron syntax, and no more often than every 5 minutes.
Status ValidateSchedule(std::string_view expression);

// The Glue shape of the definition's own members (without State, times, LastCrawl, Version).
boost::json::object CrawlerDefinitionToJson(const CrawlerDefinition& definition);
// Reads back what CrawlerDefinitionToJson wrote.
CrawlerDefinition CrawlerDefinitionFromJson(const boost::json::object& object);

// Splits "s3://bucket/some/prefix" into bucket and prefix ("some/prefix/", with a trailing
// slash unless empty). InvalidInputException when it is not an S3 URL with a bucket.
Status SplitS3Path(std::string_view path, std::string* bucket, std::string* prefix);

}  // namespace sluice::crawler
