// Catalog tables for jobs: see catalog_tables.h.
#include "jobs/data/catalog_tables.h"

#include <set>

#include <fmt/format.h>

#include "crawler/crawl/table_format.h"

namespace sluice::jobs {

namespace {

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// The read settings of a table's storage descriptor and parameters.
Result<ReadSpec> ReadSpecOfTable(const catalog::Table& table) {
  ReadSpec read;
  const auto& definition = table.definition;
  const catalog::StorageDescriptor empty;
  const catalog::StorageDescriptor& sd = definition.storage_descriptor ? *definition.storage_descriptor : empty;
  auto parameter = [&](const std::string& key) -> std::string {
    auto it = definition.parameters.find(key);
    if (it != definition.parameters.end()) return it->second;
    auto sd_it = sd.parameters.find(key);
    return sd_it != sd.parameters.end() ? sd_it->second : "";
  };
  std::string classification = Lower(parameter("classification"));
  std::string serde = sd.serde_info ? Lower(sd.serde_info->serialization_library.value_or("")) : "";
  std::string input_format = Lower(sd.input_format.value_or(""));
  if (classification == "parquet" || serde.find("parquet") != std::string::npos ||
      input_format.find("parquet") != std::string::npos) {
    read.format = DataFormat::kParquet;
  } else if (classification == "json" || serde.find("json") != std::string::npos) {
    read.format = DataFormat::kJson;
  } else if (classification == "csv" || serde.find("lazysimpleserde") != std::string::npos ||
             serde.find("opencsvserde") != std::string::npos) {
    read.format = DataFormat::kCsv;
    std::string delimiter = parameter("delimiter");
    if (sd.serde_info) {
      for (const char* key : {"field.delim", "separatorChar"}) {
        auto it = sd.serde_info->parameters.find(key);
        if (it != sd.serde_info->parameters.end()) delimiter = it->second;
      }
      auto quote = sd.serde_info->parameters.find("quoteChar");
      if (quote != sd.serde_info->parameters.end() && quote->second.size() == 1) read.csv.quote = quote->second[0];
    }
    if (delimiter.size() == 1) read.csv.separator = delimiter[0];
    if (parameter("skip.header.line.count") == "1") read.csv.skip_first = true;
  } else {
    return AwsError("InvalidInputException", 400,
                    fmt::format("table {}.{} is stored as '{}' ({}); Sluice reads csv, json and parquet tables",
                                table.database_name, definition.name, classification.empty() ? "unknown" : classification,
                                serde.empty() ? "no SerDe" : serde));
  }
  return read;
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// "k=v%2F1/k2=v2" → {"v/1", "v2"}: the values of a Hive partition folder, unescaped.
std::vector<std::string> PartitionValues(std::string_view partition) {
  std::vector<std::string> values;
  size_t start = 0;
  while (true) {
    size_t slash = partition.find('/', start);
    std::string_view segment = partition.substr(start, slash == std::string_view::npos ? std::string_view::npos
                                                                                       : slash - start);
    size_t equals = segment.find('=');
    std::string_view raw = equals == std::string_view::npos ? segment : segment.substr(equals + 1);
    std::string value;
    for (size_t i = 0; i < raw.size(); ++i) {
      int high = raw[i] == '%' && i + 2 < raw.size() ? HexDigit(raw[i + 1]) : -1;
      int low = high >= 0 ? HexDigit(raw[i + 2]) : -1;
      if (low >= 0) {
        value += static_cast<char>(high * 16 + low);
        i += 2;
      } else {
        value += raw[i];
      }
    }
    values.push_back(std::move(value));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return values;
}

std::string WithSlash(std::string location) {
  if (!location.empty() && location.back() != '/') location += '/';
  return location;
}

}  // namespace

Result<std::vector<columnar::Field>> FieldsOfColumns(const std::vector<catalog::Column>& columns) {
  std::vector<columnar::Field> fields;
  for (const auto& column : columns) {
    auto type = columnar::ParseGlueType(column.type.empty() ? "string" : column.type);
    if (!type.ok()) {
      return AwsError("InvalidInputException", 400,
                      fmt::format("column '{}': type '{}' is not one Sluice knows: {}", column.name, column.type,
                                  type.status().message()));
    }
    fields.push_back({column.name, *type, true});
  }
  return fields;
}

Result<CatalogTableSource> ResolveCatalogTable(catalog::Catalog& catalog, const std::string& catalog_id,
                                               const CatalogSourceSpec& spec) {
  CatalogTableSource source;
  RETURN_IF_ERROR(catalog.Read(catalog_id, [&](catalog::CatalogTransaction& txn) -> Status {
    ASSIGN_OR_RETURN(catalog::Table table, txn.GetTable(spec.database, spec.table));
    ASSIGN_OR_RETURN(source.read, ReadSpecOfTable(table));
    const auto& sd = table.definition.storage_descriptor;
    std::vector<catalog::Column> columns = sd ? sd->columns : std::vector<catalog::Column>{};
    ASSIGN_OR_RETURN(auto data_fields, FieldsOfColumns(columns));
    if (data_fields.empty()) {
      return AwsError("InvalidInputException", 400,
                      fmt::format("table {}.{} has no columns", spec.database, spec.table));
    }
    source.data_schema = columnar::MakeSchema(std::move(data_fields));
    ASSIGN_OR_RETURN(source.partition_fields, FieldsOfColumns(table.definition.partition_keys));
    source.partitioned = !table.definition.partition_keys.empty();
    if (!source.partitioned) {
      if (!spec.partition_predicate.empty()) {
        return AwsError("InvalidInputException", 400,
                        fmt::format("PartitionPredicate: table {}.{} has no partition keys", spec.database, spec.table));
      }
      if (!sd || !sd->location || sd->location->empty()) {
        return AwsError("InvalidInputException", 400,
                        fmt::format("table {}.{} has no location", spec.database, spec.table));
      }
      source.folders.push_back({WithSlash(*sd->location), {}});
      return Status::Ok();
    }
    // Spark's == is SQL's =.
    std::string expression;
    for (size_t i = 0; i < spec.partition_predicate.size(); ++i) {
      if (spec.partition_predicate.compare(i, 2, "==") == 0) {
        expression += '=';
        ++i;
      } else {
        expression += spec.partition_predicate[i];
      }
    }
    catalog::PartitionQuery query;
    query.expression = expression;
    query.page.limit = 1000;
    while (true) {
      auto page = txn.GetPartitions(spec.database, spec.table, query);
      if (!page.ok()) {
        return AwsError("InvalidInputException", 400,
                        fmt::format("PartitionPredicate '{}': {}", spec.partition_predicate, page.status().message()));
      }
      for (const auto& partition : page->items) {
        const auto& psd = partition.definition.storage_descriptor;
        std::string location = psd && psd->location ? *psd->location : "";
        if (location.empty() && sd && sd->location) {
          location = WithSlash(*sd->location);
          for (size_t k = 0; k < partition.definition.values.size() && k < table.definition.partition_keys.size(); ++k) {
            location += table.definition.partition_keys[k].name + "=" + partition.definition.values[k] + "/";
          }
        }
        source.folders.push_back({WithSlash(location), partition.definition.values});
      }
      if (!page->next_token) break;
      query.page.token = page->next_token;
    }
    return Status::Ok();
  }));
  return source;
}

Status RegisterOutputTable(catalog::Catalog& catalog, const std::string& catalog_id,
                           const NodeContext::TableRegistration& registration,
                           const std::vector<engine::WrittenFile>& files) {
  const auto& write = registration.write;
  std::vector<catalog::Column> columns, keys;
  for (const auto& field : registration.schema->fields()) {
    bool is_key = false;
    for (const auto& key : write.partition_keys) is_key = is_key || key == field.name;
    if (!is_key) columns.push_back({field.name, field.type->ToGlueType(), std::nullopt, {}});
  }
  for (const auto& key : write.partition_keys) {
    auto index = registration.schema->FieldIndex(key);
    keys.push_back({key, registration.schema->field(*index).type->ToGlueType(), std::nullopt, {}});
  }
  crawler::FileSchema format;
  format.classification = std::string(DataFormatName(write.format));
  format.compression = write.compression.empty() || write.compression == "uncompressed" ? "none" : write.compression;
  format.delimiter = write.csv.separator;
  format.has_header = write.format == DataFormat::kCsv;
  format.quote = write.csv.quote == '\0' ? '"' : write.csv.quote;
  catalog::Parameters parameters = crawler::FormatParameters(format);
  std::string location = WithSlash(registration.location);

  return catalog.Write(catalog_id, [&](catalog::CatalogTransaction& txn) -> Status {
    auto existing = txn.GetTable(registration.database, registration.table);
    if (!existing.ok() && existing.status().aws_code() != "EntityNotFoundException") return existing.status();
    if (!existing.ok() && registration.create) {
      catalog::TableDefinition definition;
      definition.name = registration.table;
      definition.table_type = "EXTERNAL_TABLE";
      definition.parameters = parameters;
      definition.partition_keys = keys;
      definition.storage_descriptor = crawler::CrawlerStorageDescriptor(format, columns, location, parameters);
      RETURN_IF_ERROR(txn.CreateTable(registration.database, definition));
    } else if (!existing.ok()) {
      return existing.status();
    } else if (registration.update_schema) {
      catalog::TableDefinition definition = existing->definition;
      bool changed = false;
      if (!definition.storage_descriptor) definition.storage_descriptor = catalog::StorageDescriptor();
      if (definition.storage_descriptor->columns != columns) {
        definition.storage_descriptor->columns = columns;
        changed = true;
      }
      if (definition.partition_keys != keys && !keys.empty()) {
        definition.partition_keys = keys;
        changed = true;
      }
      if (changed) RETURN_IF_ERROR(txn.UpdateTable(registration.database, definition));
    }
    // A partition per new folder.
    ASSIGN_OR_RETURN(catalog::Table table, txn.GetTable(registration.database, registration.table));
    if (table.definition.partition_keys.empty()) return Status::Ok();
    std::set<std::string> folders;
    for (const auto& file : files) {
      if (!file.partition.empty()) folders.insert(file.partition);
    }
    for (const auto& folder : folders) {
      std::vector<std::string> values = PartitionValues(folder);
      if (values.size() != table.definition.partition_keys.size()) continue;
      auto found = txn.GetPartition(registration.database, registration.table, values);
      if (found.ok()) continue;
      if (found.status().aws_code() != "EntityNotFoundException") return found.status();
      catalog::PartitionDefinition partition;
      partition.values = values;
      const auto& table_sd = table.definition.storage_descriptor;
      partition.storage_descriptor = table_sd ? *table_sd : catalog::StorageDescriptor();
      std::string table_location = table_sd && table_sd->location ? WithSlash(*table_sd->location) : location;
      partition.storage_descriptor->location = table_location + folder + "/";
      RETURN_IF_ERROR(txn.CreatePartition(registration.database, registration.table, partition));
    }
    return Status::Ok();
  });
}

}  // namespace sluice::jobs
