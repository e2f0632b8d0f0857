// The S3 target nodes: see s3_target_node.h.
#include "jobs/nodes/s3_target_node.h"

#include <fmt/format.h>

#include "jobs/nodes/node_context.h"

namespace sluice::jobs {

namespace {

// The format and settings of a catalog table's storage descriptor.
Result<WriteSpec> WriteSpecOfTable(const catalog::Table& table) {
  WriteSpec write;
  const auto& definition = table.definition;
  std::string classification;
  auto it = definition.parameters.find("classification");
  if (it != definition.parameters.end()) classification = it->second;
  std::string serde, input_format;
  if (definition.storage_descriptor) {
    const auto& sd = *definition.storage_descriptor;
    if (sd.serde_info && sd.serde_info->serialization_library) serde = *sd.serde_info->serialization_library;
    input_format = sd.input_format.value_or("");
    if (classification.empty()) {
      auto sd_it = sd.parameters.find("classification");
      if (sd_it != sd.parameters.end()) classification = sd_it->second;
    }
    if (sd.serde_info) {
      auto delimiter = sd.serde_info->parameters.find("field.delim");
      if (delimiter == sd.serde_info->parameters.end()) delimiter = sd.serde_info->parameters.find("separatorChar");
      if (delimiter != sd.serde_info->parameters.end() && delimiter->second.size() == 1) {
        write.csv.separator = delimiter->second[0];
      }
    }
  }
  auto contains = [](const std::string& text, std::string_view word) {
    std::string lower;
    for (char c : text) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return lower.find(word) != std::string::npos;
  };
  if (classification == "parquet" || contains(serde, "parquet") || contains(input_format, "parquet")) {
    write.format = DataFormat::kParquet;
    write.compression = "snappy";
  } else if (classification == "json" || contains(serde, "json")) {
    write.format = DataFormat::kJson;
  } else if (classification == "csv" || contains(serde, "lazysimpleserde") || contains(serde, "opencsvserde")) {
    write.format = DataFormat::kCsv;
  } else {
    return InvalidArgument(fmt::format("table {}.{} has format '{}' ({}); Sluice writes csv, json and parquet tables",
                                       table.database_name, definition.name,
                                       classification.empty() ? "unknown" : classification, serde));
  }
  return write;
}

}  // namespace

Result<NodeOutput> S3TargetNode::Build(NodeContext& context, const std::vector<NodeOutput>& inputs) const {
  ASSIGN_OR_RETURN(Frame frame, SingleFrame(inputs[0], header_.inputs[0]));
  const columnar::Schema& schema = *frame.schema();
  S3TargetSpec spec = settings_.spec;
  std::vector<FieldPath> keys = settings_.partition_keys;
  if (!settings_.catalog_table.empty()) {
    ASSIGN_OR_RETURN(catalog::Table table, context.GetTable(settings_.catalog_database, settings_.catalog_table));
    const auto& sd = table.definition.storage_descriptor;
    if (!sd || !sd->location || sd->location->empty()) {
      return InvalidArgument(fmt::format("table {}.{} has no location to write to", settings_.catalog_database,
                                         settings_.catalog_table));
    }
    spec.path = *sd->location;
    ASSIGN_OR_RETURN(WriteSpec write, WriteSpecOfTable(table));
    spec.write.format = write.format;
    spec.write.csv = write.csv;
    if (spec.write.compression.empty()) spec.write.compression = write.compression;
    if (keys.empty()) {
      for (const auto& key : table.definition.partition_keys) keys.push_back({key.name});
    }
  }
  for (size_t i = 0; i < keys.size(); ++i) {
    auto resolved = ResolvePath(schema, keys[i]);
    if (!resolved) {
      return InvalidArgument(fmt::format("PartitionKeys[{}]: field '{}' does not exist in the input (columns: {})", i,
                                         PathToString(keys[i]), ColumnList(schema)));
    }
    if (keys[i].size() != 1 || resolved->type->is_nested()) {
      return InvalidArgument(fmt::format("PartitionKeys[{}]: '{}' must be a top-level column of a scalar type", i,
                                         PathToString(keys[i])));
    }
    spec.write.partition_keys.push_back(resolved->canonical[0]);
  }
  if (spec.write.partition_keys.size() == schema.num_fields()) {
    return InvalidArgument("every column is a partition key; the files would hold no column");
  }
  ASSIGN_OR_RETURN(engine::WriteTargetPtr target, context.S3Target(*this, spec));
  columnar::SchemaPtr written = frame.schema();
  frame.Write(std::move(target));
  if (settings_.registration) {
    NodeContext::TableRegistration registration;
    registration.database = settings_.registration->database;
    registration.table = settings_.registration->table;
    registration.location = spec.path;
    registration.write = spec.write;
    registration.schema = written;
    registration.create = settings_.catalog_table.empty();
    registration.update_schema = settings_.registration->update_schema;
    context.AddCommitAction(*this, [&context, registration](const std::vector<engine::WrittenFile>& files) {
      return context.RegisterTable(registration, files);
    });
  }
  return NodeOutput::Single(std::move(frame));
}

Result<std::vector<FieldPath>> ParsePartitionKeys(const NodeConfig& config) {
  ASSIGN_OR_RETURN(auto keys, config.PathList("PartitionKeys", false));
  for (size_t i = 0; i < keys.size(); ++i) {
    if (keys[i].size() != 1) {
      return InvalidArgument(fmt::format("PartitionKeys[{}]: '{}' is a nested field; partition by top-level columns",
                                         i, PathToString(keys[i])));
    }
  }
  return keys;
}

Result<std::string> CompressionFor(DataFormat format, const std::optional<std::string>& given) {
  std::string name;
  for (char c : given.value_or("")) name += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (format == DataFormat::kParquet) {
    if (name.empty()) return std::string("snappy");
    if (name == "snappy" || name == "gzip" || name == "zstd" || name == "lz4" || name == "uncompressed" ||
        name == "none") {
      return name;
    }
    return InvalidArgument(fmt::format("Compression '{}' is not supported for parquet; use snappy, gzip, zstd, lz4 "
                                       "or uncompressed",
                                       *given));
  }
  if (name.empty() || name == "none" || name == "uncompressed") return std::string("none");
  if (name == "gzip" || name == "bzip2" || name == "zstd") return name;
  if (name == "bzip") return std::string("bzip2");
  return InvalidArgument(fmt::format("Compression '{}' is not supported for {}; use gzip, bzip2, zstd or none", *given,
                                     DataFormatName(format)));
}

Result<std::optional<TargetSettings::Registration>> ParseDirectSchemaChangePolicy(const NodeConfig& config) {
  const auto* policy = config.OptionalObject("SchemaChangePolicy");
  if (policy == nullptr) return std::optional<TargetSettings::Registration>();
  NodeConfig members(*policy, "SchemaChangePolicy.");
  ASSIGN_OR_RETURN(auto enabled, members.OptionalBool("EnableUpdateCatalog"));
  if (!enabled.value_or(false)) return std::optional<TargetSettings::Registration>();
  TargetSettings::Registration registration;
  ASSIGN_OR_RETURN(auto behavior, members.OptionalEnum("UpdateBehavior", {"UPDATE_IN_DATABASE", "LOG"}));
  registration.update_schema = behavior.value_or("UPDATE_IN_DATABASE") == "UPDATE_IN_DATABASE";
  ASSIGN_OR_RETURN(registration.database, members.RequireString("Database"));
  ASSIGN_OR_RETURN(registration.table, members.RequireString("Table"));
  return std::optional<TargetSettings::Registration>(std::move(registration));
}

}  // namespace sluice::jobs
