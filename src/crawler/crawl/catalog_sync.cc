// Writing crawl results into the catalog: see catalog_sync.h.
#include "crawler/crawl/catalog_sync.h"

#include <algorithm>

#include <boost/json/array.hpp>
#include <fmt/format.h>

#include "common/crypto.h"
#include "common/encoding.h"
#include "common/json.h"
#include "crawler/crawl/schema_merge.h"
#include "crawler/crawl/table_format.h"

namespace sluice::crawler {

namespace {

constexpr size_t kMaxTableName = 128;
constexpr const char* kDeprecatedKey = "DEPRECATED_BY_CRAWLER";
constexpr const char* kCrawlerPartitionIndex = "crawler_partition_index";

bool Changed(const catalog::Parameters& a, const catalog::Parameters& b) {
  auto filtered = [](const catalog::Parameters& p) {
    catalog::Parameters out;
    for (const auto& [k, v] : p) {
      if (!IsStatisticsParameter(k)) out.emplace(k, v);
    }
    return out;
  };
  return filtered(a) != filtered(b);
}

std::string ColumnList(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& name : names) out += (out.empty() ? "" : ", ") + name;
  return out;
}

// classification|compression|field delimiter|header|SerDe: what must match for a folder to
// join an existing table.
std::string FormatSignature(const catalog::Parameters& parameters, const std::optional<catalog::StorageDescriptor>& sd) {
  auto get = [&](const char* key) {
    auto it = parameters.find(key);
    return it == parameters.end() ? std::string() : it->second;
  };
  std::string serde = sd && sd->serde_info ? sd->serde_info->serialization_library.value_or("") : "";
  return fmt::format("{}|{}|{}|{}|{}", get("classification"), get("compressionType"), get("delimiter"),
                     get("skip.header.line.count"), serde);
}

std::vector<std::string> SplitFolders(std::string_view relative_folder) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (start < relative_folder.size()) {
    size_t slash = relative_folder.find('/', start);
    if (slash == std::string_view::npos) slash = relative_folder.size();
    parts.emplace_back(relative_folder.substr(start, slash - start));
    start = slash + 1;
  }
  return parts;
}

}  // namespace

std::string DescribeTableChange(const catalog::TableDefinition& before, const catalog::TableDefinition& after) {
  std::vector<std::string> changes;
  const std::vector<catalog::Column> empty;
  const auto& old_columns = before.storage_descriptor ? before.storage_descriptor->columns : empty;
  const auto& new_columns = after.storage_descriptor ? after.storage_descriptor->columns : empty;
  std::vector<std::string> added, removed, retyped;
  for (const auto& column : new_columns) {
    auto it = std::find_if(old_columns.begin(), old_columns.end(),
                           [&](const auto& c) { return EqualsIgnoreCase(c.name, column.name); });
    if (it == old_columns.end()) added.push_back(column.name + " " + column.type);
    else if (it->type != column.type) retyped.push_back(fmt::format("{} {} → {}", column.name, it->type, column.type));
  }
  for (const auto& column : old_columns) {
    auto it = std::find_if(new_columns.begin(), new_columns.end(),
                           [&](const auto& c) { return EqualsIgnoreCase(c.name, column.name); });
    if (it == new_columns.end()) removed.push_back(column.name);
  }
  if (!added.empty()) changes.push_back("added columns " + ColumnList(added));
  if (!removed.empty()) changes.push_back("removed columns " + ColumnList(removed));
  if (!retyped.empty()) changes.push_back("changed column types " + ColumnList(retyped));
  if (added.empty() && removed.empty() && retyped.empty() && old_columns != new_columns) {
    changes.push_back("column order changed");
  }
  if (before.partition_keys != after.partition_keys) {
    std::vector<std::string> old_keys, new_keys;
    for (const auto& k : before.partition_keys) old_keys.push_back(k.name);
    for (const auto& k : after.partition_keys) new_keys.push_back(k.name);
    changes.push_back(fmt::format("partition keys ({}) → ({})", ColumnList(old_keys), ColumnList(new_keys)));
  }
  // JsonSerDe's "paths" follows the columns, whose change is reported already.
  auto serde_of = [](const catalog::TableDefinition& t) {
    catalog::SerDeInfo serde = t.storage_descriptor && t.storage_descriptor->serde_info
                                   ? *t.storage_descriptor->serde_info
                                   : catalog::SerDeInfo{};
    serde.parameters.erase("paths");
    return serde;
  };
  if (serde_of(before) != serde_of(after)) changes.push_back("SerDe changed");
  if (Changed(before.parameters, after.parameters)) {
    std::vector<std::string> keys;
    for (const auto& [k, v] : after.parameters) {
      auto it = before.parameters.find(k);
      if (!IsStatisticsParameter(k) && (it == before.parameters.end() || it->second != v)) keys.push_back(k);
    }
    for (const auto& [k, v] : before.parameters) {
      if (!IsStatisticsParameter(k) && !after.parameters.contains(k)) keys.push_back(k);
    }
    changes.push_back("parameters changed: " + ColumnList(keys));
  }
  std::string out;
  for (const auto& change : changes) out += (out.empty() ? "" : "; ") + change;
  return out;
}

Status CatalogSync::Prepare() {
  return context_.catalog->Write(context_.catalog_id, [&](catalog::CatalogTransaction& txn) -> Status {
    auto database = txn.GetDatabase(context_.database);
    if (!database.ok()) {
      if (AsciiLower(context_.database) != "default") {
        return AwsError("EntityNotFoundException", 400,
                        fmt::format("Database {} does not exist: create it before crawling into it", context_.database));
      }
      catalog::DatabaseDefinition definition;
      definition.name = "default";
      definition.description = "Default Hive database";
      RETURN_IF_ERROR(txn.CreateDatabase(definition));
      context_.log("Created database default, which did not exist");
    }
    catalog::PageRequest page{std::nullopt, 100};
    while (true) {
      ASSIGN_OR_RETURN(auto tables, txn.GetTables(context_.database, "", page));
      for (const auto& table : tables.items) {
        ExistingTable existing;
        if (table.definition.storage_descriptor && table.definition.storage_descriptor->location) {
          existing.location = *table.definition.storage_descriptor->location;
        }
        auto it = table.definition.parameters.find("UPDATED_BY_CRAWLER");
        if (it != table.definition.parameters.end()) existing.updated_by = it->second;
        existing_[table.definition.name] = std::move(existing);
      }
      if (!tables.next_token) break;
      page.token = tables.next_token;
    }
    return Status::Ok();
  });
}

Status CatalogSync::CheckThreshold(size_t tables_found) const {
  if (context_.config && context_.config->table_threshold &&
      tables_found > static_cast<size_t>(*context_.config->table_threshold)) {
    return FailedPrecondition(fmt::format("Table Threshold value = {}, Tables detected - {}. The crawl found more "
                                          "tables than the crawler's TableThreshold allows, so nothing was written.",
                                          *context_.config->table_threshold, tables_found));
  }
  return Status::Ok();
}

std::string CatalogSync::ResolveName(const TableLayout& layout) {
  // A table already holding this location keeps its name.
  for (const auto& [name, existing] : existing_) {
    if (existing.location == layout.location && !produced_.contains(name)) return name;
  }
  std::string base = SanitizeTableName(context_.definition->table_prefix.value_or("") + layout.name);
  if (base.size() > kMaxTableName) base.resize(kMaxTableName);
  auto taken = [&](const std::string& name) {
    auto it = existing_.find(name);
    return produced_.contains(name) || (it != existing_.end() && it->second.location != layout.location);
  };
  if (!taken(base)) return base;
  std::string suffixed = base.substr(0, kMaxTableName - 33) + "_" + HexEncode(Md5(layout.location));
  context_.log(fmt::format("Table name {} is already used for another location; {} is named {}", base,
                           layout.location, suffixed));
  return suffixed;
}

catalog::TableDefinition CatalogSync::BuildTable(const std::string& name, const TableLayout& layout,
                                                 const std::vector<std::string>& exclusions) const {
  catalog::TableDefinition table;
  table.name = name;
  table.owner = "owner";
  table.retention = 0;
  table.table_type = "EXTERNAL_TABLE";
  table.partition_keys = layout.partition_keys;
  catalog::Parameters parameters = FormatParameters(layout.schema);
  for (auto& [k, v] : StatisticsParameters(layout.statistics)) parameters[k] = v;
  parameters["UPDATED_BY_CRAWLER"] = context_.crawler_name;
  parameters["CrawlerSchemaDeserializerVersion"] = "1.0";
  parameters["CrawlerSchemaSerializerVersion"] = "1.0";
  parameters["CRAWL_RUN_ID"] = context_.crawl_id;
  if (!exclusions.empty()) {
    boost::json::array list;
    for (const auto& pattern : exclusions) list.emplace_back(pattern);
    parameters["exclusions"] = ToJson(list);
  }
  table.parameters = parameters;
  table.storage_descriptor = CrawlerStorageDescriptor(layout.schema, layout.schema.columns, layout.location, parameters);
  return table;
}

catalog::PartitionDefinition CatalogSync::BuildPartition(const catalog::TableDefinition& table,
                                                         const PartitionLayout& partition) const {
  catalog::PartitionDefinition out;
  out.values = partition.values;
  bool inherit = context_.config && context_.config->partitions_inherit_from_table;
  catalog::Parameters parameters = inherit ? table.parameters : FormatParameters(partition.schema);
  for (auto& [k, v] : StatisticsParameters(partition.statistics)) parameters[k] = v;
  if (inherit) {
    out.storage_descriptor = *table.storage_descriptor;
    out.storage_descriptor->location = partition.location;
    out.storage_descriptor->parameters = parameters;
  } else {
    out.storage_descriptor =
        CrawlerStorageDescriptor(partition.schema, partition.schema.columns, partition.location, parameters);
  }
  out.parameters = parameters;
  return out;
}

Status CatalogSync::WriteTable(const TableLayout& layout, const std::vector<std::string>& exclusions) {
  std::string name = ResolveName(layout);
  produced_.insert(name);
  catalog::TableDefinition desired = BuildTable(name, layout, exclusions);
  const std::string& database = context_.database;
  bool update_allowed = context_.definition->update_behavior == UpdateBehavior::kUpdateInDatabase &&
                        context_.definition->recrawl_behavior != RecrawlBehavior::kCrawlNewFoldersOnly;
  CrawlStatistics& stats = *context_.statistics;
  std::vector<std::string> lines;
  CrawlStatistics delta;
  Status status = context_.catalog->Write(context_.catalog_id, [&](catalog::CatalogTransaction& txn) -> Status {
    lines.clear();
    delta = CrawlStatistics{};
    auto existing = txn.GetTable(database, name);
    if (!existing.ok() && existing.status().aws_code() != "EntityNotFoundException") return existing.status();
    catalog::TableDefinition table = desired;
    if (!existing.ok()) {
      std::vector<std::string> keys;
      for (const auto& k : table.partition_keys) keys.push_back(k.name);
      // CreatePartitionIndex (on unless the Configuration turns it off): one index over all keys.
      std::vector<catalog::PartitionIndex> indexes;
      if (!keys.empty() && (!context_.config || context_.config->create_partition_index)) {
        indexes.push_back({kCrawlerPartitionIndex, keys});
      }
      RETURN_IF_ERROR(txn.CreateTable(database, table, indexes,
                                      "arn:aws:iam::" + context_.catalog_id + ":crawler/" + context_.crawler_name));
      delta.tables_created++;
      if (!indexes.empty()) {
        lines.push_back(fmt::format("Created partition index {} on table {} over keys {}", kCrawlerPartitionIndex,
                                    name, ColumnList(keys)));
      }
      lines.push_back(fmt::format("Created table {} at {}: {} columns ({}), classification {}, {} partition keys{}",
                                  name, layout.location, table.storage_descriptor->columns.size(),
                                  [&] {
                                    std::vector<std::string> cols;
                                    for (const auto& c : table.storage_descriptor->columns) cols.push_back(c.name + " " + c.type);
                                    return ColumnList(cols);
                                  }(),
                                  layout.schema.classification, keys.size(),
                                  keys.empty() ? "" : " (" + ColumnList(keys) + ")"));
      for (const auto& partition : layout.partitions) {
        RETURN_IF_ERROR(txn.CreatePartition(database, name, BuildPartition(table, partition)));
        delta.partitions_created++;
      }
      if (!layout.partitions.empty()) {
        lines.push_back(fmt::format("Added {} partitions to table {}", layout.partitions.size(), name));
      }
      return Status::Ok();
    }

    // The table exists: compare.
    const catalog::TableDefinition& current = existing->definition;
    if (context_.config && context_.config->merge_new_columns && current.storage_descriptor) {
      std::vector<catalog::Column> merged = current.storage_descriptor->columns;
      for (const auto& column : desired.storage_descriptor->columns) {
        bool present = std::any_of(merged.begin(), merged.end(),
                                   [&](const auto& c) { return EqualsIgnoreCase(c.name, column.name); });
        if (!present) merged.push_back(column);
      }
      table.storage_descriptor->columns = merged;
    }
    std::string change = DescribeTableChange(current, table);
    bool was_deprecated = current.parameters.contains(kDeprecatedKey);
    bool keys_changed = current.partition_keys != table.partition_keys;
    if (!change.empty() || was_deprecated) {
      if (update_allowed) {
        RETURN_IF_ERROR(txn.UpdateTable(database, table));
        delta.tables_updated++;
        lines.push_back(fmt::format("Updated table {} (new version): {}", name,
                                    change.empty() ? "its data is back, DEPRECATED_BY_CRAWLER removed" : change));
      } else {
        lines.push_back(fmt::format("Table {} changed ({}) but UpdateBehavior is LOG{}: the table is left unchanged",
                                    name, change.empty() ? "its data is back" : change,
                                    context_.definition->recrawl_behavior == RecrawlBehavior::kCrawlNewFoldersOnly
                                        ? " (CRAWL_NEW_FOLDERS_ONLY)"
                                        : ""));
        table = current;  // partitions below follow the table as it stands
        keys_changed = false;
      }
    }

    // Partitions.
    ASSIGN_OR_RETURN(auto partitions, txn.ListAllPartitions(database, name));
    std::map<std::vector<std::string>, catalog::Partition> before;
    for (auto& partition : partitions) before.emplace(partition.definition.values, std::move(partition));
    if (keys_changed) {
      for (const auto& [values, partition] : before) RETURN_IF_ERROR(txn.DeletePartition(database, name, values));
      delta.partitions_deleted += static_cast<int64_t>(before.size());
      if (!before.empty()) {
        lines.push_back(fmt::format("Removed {} partitions of table {} whose keys no longer apply", before.size(), name));
      }
      before.clear();
    }
    bool table_keys_match = table.partition_keys == layout.partition_keys;
    size_t added = 0, updated = 0, removed = 0;
    std::set<std::vector<std::string>> seen;
    for (const auto& partition : layout.partitions) {
      seen.insert(partition.values);
      if (!table_keys_match) continue;
      catalog::PartitionDefinition wanted = BuildPartition(table, partition);
      auto it = before.find(partition.values);
      if (it == before.end()) {
        RETURN_IF_ERROR(txn.CreatePartition(database, name, wanted));
        ++added;
        continue;
      }
      const auto& old_sd = it->second.definition.storage_descriptor;
      bool differs = !old_sd || old_sd->columns != wanted.storage_descriptor->columns ||
                     old_sd->location != wanted.storage_descriptor->location ||
                     old_sd->serde_info != wanted.storage_descriptor->serde_info ||
                     Changed(it->second.definition.parameters, wanted.parameters);
      if (differs && update_allowed) {
        RETURN_IF_ERROR(txn.UpdatePartition(database, name, partition.values, wanted));
        ++updated;
      } else if (differs) {
        lines.push_back(fmt::format("Partition ({}) of table {} changed but UpdateBehavior is LOG: left unchanged",
                                    ColumnList(partition.values), name));
      }
    }
    if (!table_keys_match && !layout.partitions.empty()) {
      lines.push_back(fmt::format("Partitions found for table {} do not match its partition keys; they were not added "
                                  "(UpdateBehavior LOG keeps the old keys)",
                                  name));
    }
    for (const auto& [values, partition] : before) {
      if (seen.contains(values)) continue;
      if (context_.definition->delete_behavior == DeleteBehavior::kDeleteFromDatabase &&
          context_.definition->recrawl_behavior != RecrawlBehavior::kCrawlNewFoldersOnly) {
        RETURN_IF_ERROR(txn.DeletePartition(database, name, values));
        ++removed;
      } else {
        lines.push_back(fmt::format("Partition ({}) of table {} was not found in S3; DeleteBehavior {} keeps it",
                                    ColumnList(values), name,
                                    DeleteBehaviorName(context_.definition->delete_behavior)));
      }
    }
    delta.partitions_created += static_cast<int64_t>(added);
    delta.partitions_updated += static_cast<int64_t>(updated);
    delta.partitions_deleted += static_cast<int64_t>(removed);
    if (added + updated + removed > 0) {
      lines.push_back(fmt::format("Table {}: {} partitions added, {} updated, {} deleted", name, added, updated, removed));
    } else if (change.empty() && !was_deprecated) {
      lines.push_back(fmt::format("Table {} is unchanged", name));
    }
    return Status::Ok();
  });
  if (!status.ok()) return status.WithContext(fmt::format("writing table {}", name));
  for (const auto& line : lines) context_.log(line);
  stats.tables_created += delta.tables_created;
  stats.tables_updated += delta.tables_updated;
  stats.partitions_created += delta.partitions_created;
  stats.partitions_updated += delta.partitions_updated;
  stats.partitions_deleted += delta.partitions_deleted;
  existing_[name] = ExistingTable{layout.location, context_.crawler_name};
  return Status::Ok();
}

Status CatalogSync::ApplyTables(const std::vector<TargetTables>& targets) {
  for (const auto& target : targets) {
    std::vector<std::string> absolute;
    for (const auto& pattern : target.exclusions) absolute.push_back(target.location + pattern);
    for (const auto& layout : target.tables) RETURN_IF_ERROR(WriteTable(layout, absolute));
  }
  return Status::Ok();
}

Status CatalogSync::HandleVanishedTables(const std::vector<std::string>& crawled_locations) {
  for (const auto& entry : existing_) {
    // Named copies, not structured bindings: the lambdas below capture them (clang 14).
    const std::string& name = entry.first;
    const auto& existing = entry.second;
    if (produced_.contains(name) || existing.updated_by != context_.crawler_name) continue;
    bool under = std::any_of(crawled_locations.begin(), crawled_locations.end(),
                             [&](const std::string& root) { return existing.location.starts_with(root); });
    if (!under) continue;
    DeleteBehavior behavior = context_.definition->recrawl_behavior == RecrawlBehavior::kCrawlNewFoldersOnly
                                  ? DeleteBehavior::kLog
                                  : context_.definition->delete_behavior;
    switch (behavior) {
      case DeleteBehavior::kLog:
        context_.log(fmt::format("Table {} ({}) was not found in S3; DeleteBehavior LOG keeps it", name,
                                 existing.location));
        break;
      case DeleteBehavior::kDeleteFromDatabase: {
        Status status = context_.catalog->Write(context_.catalog_id, [&](catalog::CatalogTransaction& txn) {
          return txn.DeleteTable(context_.database, name);
        });
        if (!status.ok() && status.aws_code() != "EntityNotFoundException") return status;
        context_.statistics->tables_deleted++;
        context_.log(fmt::format("Deleted table {} ({}): its data is gone (DeleteBehavior DELETE_FROM_DATABASE)", name,
                                 existing.location));
        break;
      }
      case DeleteBehavior::kDeprecateInDatabase: {
        bool changed = false;
        Status status = context_.catalog->Write(context_.catalog_id, [&](catalog::CatalogTransaction& txn) -> Status {
          ASSIGN_OR_RETURN(catalog::Table table, txn.GetTable(context_.database, name));
          if (table.definition.parameters.contains(kDeprecatedKey)) return Status::Ok();
          std::string stamp = std::to_string(context_.now_micros / 1000);
          table.definition.parameters[kDeprecatedKey] = stamp;
          if (table.definition.storage_descriptor) table.definition.storage_descriptor->parameters[kDeprecatedKey] = stamp;
          changed = true;
          return txn.UpdateTable(context_.database, table.definition);
        });
        if (!status.ok()) return status;
        if (changed) {
          context_.statistics->tables_deprecated++;
          context_.log(fmt::format("Marked table {} ({}) DEPRECATED_BY_CRAWLER: its data is gone (DeleteBehavior "
                                   "DEPRECATE_IN_DATABASE)",
                                   name, existing.location));
        }
        break;
      }
    }
  }
  return Status::Ok();
}

Status CatalogSync::ApplyNewFolders(const std::string& bucket, const std::vector<CrawledFile>& files,
                                    std::vector<CrawledFile>* uncovered) {
  // This crawler's tables, longest location first so that the closest one covers a folder.
  std::vector<std::pair<std::string, std::string>> tables;  // location, name
  for (const auto& [name, existing] : existing_) {
    if (existing.updated_by == context_.crawler_name && existing.location.ends_with('/')) {
      tables.emplace_back(existing.location, name);
    }
  }
  std::sort(tables.begin(), tables.end(), [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });

  struct NewPartition {
    std::vector<std::string> folders;
    PartitionLayout layout;
  };
  std::map<std::string, std::map<std::string, NewPartition>> by_table;  // table → folder → partition
  for (const auto& file : files) {
    std::string url = fmt::format("s3://{}/{}", bucket, file.key);
    auto covering = std::find_if(tables.begin(), tables.end(), [&](const auto& t) { return url.starts_with(t.first); });
    if (covering == tables.end()) {
      uncovered->push_back(file);
      continue;
    }
    std::string rest = url.substr(covering->first.size());
    size_t slash = rest.rfind('/');
    std::string folder = slash == std::string::npos ? "" : rest.substr(0, slash + 1);
    NewPartition& partition = by_table[covering->second][folder];
    if (partition.layout.statistics.objects == 0) {
      partition.layout.schema = file.schema;
      partition.layout.schema.columns.clear();
      partition.layout.folder = folder;
      partition.layout.location = covering->first + folder;
      partition.folders = SplitFolders(folder);
    }
    MergeColumnsInto(file.schema.columns, &partition.layout.schema.columns);
    partition.layout.statistics.Add(file);
  }

  for (auto& entry : by_table) {
    const std::string& name = entry.first;
    auto& partitions = entry.second;
    std::vector<std::string> lines;
    size_t added = 0;
    Status status = context_.catalog->Write(context_.catalog_id, [&](catalog::CatalogTransaction& txn) -> Status {
      lines.clear();
      added = 0;
      ASSIGN_OR_RETURN(catalog::Table table, txn.GetTable(context_.database, name));
      const auto& keys = table.definition.partition_keys;
      std::string table_signature = FormatSignature(table.definition.parameters, table.definition.storage_descriptor);
      for (auto& [folder, partition] : partitions) {
        std::string where = partition.layout.location;
        if (partition.folders.size() != keys.size()) {
          lines.push_back(fmt::format("New folder {} is {} levels below table {} which has {} partition keys: skipped",
                                      where, partition.folders.size(), name, keys.size()));
          continue;
        }
        FileSchema& schema = partition.layout.schema;
        auto sd = CrawlerStorageDescriptor(schema, schema.columns, where, FormatParameters(schema));
        std::string signature = FormatSignature(FormatParameters(schema), sd);
        if (signature != table_signature) {
          lines.push_back(fmt::format("New folder {} holds {} data that does not fit table {} ({} vs {}): skipped", where,
                                      schema.classification, name, signature, table_signature));
          continue;
        }
        const auto& table_columns = table.definition.storage_descriptor ? table.definition.storage_descriptor->columns
                                                                        : std::vector<catalog::Column>{};
        double ratio = ColumnMatchRatio(schema.columns, table_columns);
        if (ratio <= kSimilarityThreshold && !(context_.config && context_.config->combine_compatible_schemas)) {
          lines.push_back(fmt::format("New folder {} has {:.0f}% of table {}'s columns, too few to be its partition: "
                                      "skipped",
                                      where, ratio * 100, name));
          continue;
        }
        for (size_t level = 0; level < keys.size(); ++level) {
          const std::string& part = partition.folders[level];
          std::string prefix = keys[level].name + "=";
          partition.layout.values.push_back(AsciiLower(part).starts_with(prefix) ? part.substr(prefix.size()) : part);
        }
        auto exists = txn.GetPartition(context_.database, name, partition.layout.values);
        if (exists.ok()) continue;
        RETURN_IF_ERROR(txn.CreatePartition(context_.database, name, BuildPartition(table.definition, partition.layout)));
        ++added;
        lines.push_back(fmt::format("Added partition ({}) to table {} from new folder {}",
                                    ColumnList(partition.layout.values), name, where));
      }
      return Status::Ok();
    });
    if (!status.ok()) return status.WithContext(fmt::format("adding partitions to table {}", name));
    for (const auto& line : lines) context_.log(line);
    context_.statistics->partitions_created += static_cast<int64_t>(added);
    produced_.insert(name);
  }
  // Tables untouched by new folders still exist: they are not "vanished".
  for (const auto& [location, name] : tables) produced_.insert(name);
  return Status::Ok();
}

}  // namespace sluice::crawler
