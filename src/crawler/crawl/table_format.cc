// Glue table formats: see table_format.h.
#include "crawler/crawl/table_format.h"

#include <algorithm>

#include "common/encoding.h"

namespace sluice::crawler {

namespace {
constexpr const char* kTextInput = "org.apache.hadoop.mapred.TextInputFormat";
constexpr const char* kTextOutput = "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat";
}  // namespace

catalog::Parameters FormatParameters(const FileSchema& schema) {
  catalog::Parameters p;
  p["classification"] = schema.classification;
  p["compressionType"] = schema.compression;
  p["typeOfData"] = "file";
  if (schema.classification == "csv") {
    p["delimiter"] = std::string(1, schema.delimiter);
    p["areColumnsQuoted"] = schema.quoted ? "true" : "false";
    p["columnsOrdered"] = "true";
    if (schema.has_header) p["skip.header.line.count"] = "1";
  }
  if (!schema.json_path.empty()) p["jsonPath"] = schema.json_path;
  return p;
}

catalog::Parameters StatisticsParameters(const DataStatistics& s) {
  catalog::Parameters p;
  p["objectCount"] = std::to_string(s.objects);
  p["sizeKey"] = std::to_string(s.bytes);
  p["recordCount"] = std::to_string(s.EstimatedRecords());
  p["averageRecordSize"] = std::to_string(s.AverageRecordSize());
  return p;
}

bool IsStatisticsParameter(const std::string& key) {
  return key == "objectCount" || key == "sizeKey" || key == "recordCount" || key == "averageRecordSize" ||
         key == "CRAWL_RUN_ID" || key == "UPDATED_BY_CRAWLER";
}

catalog::StorageDescriptor CrawlerStorageDescriptor(const FileSchema& schema, std::vector<catalog::Column> columns,
                                                    const std::string& location, const catalog::Parameters& parameters) {
  catalog::StorageDescriptor sd;
  sd.columns = std::move(columns);
  sd.location = location;
  sd.compressed = false;
  sd.number_of_buckets = -1;
  sd.parameters = parameters;
  sd.stored_as_subdirectories = false;
  catalog::SerDeInfo serde;
  if (schema.classification == "parquet") {
    sd.input_format = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat";
    sd.output_format = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat";
    serde.serialization_library = "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe";
    serde.parameters["serialization.format"] = "1";
  } else {
    sd.input_format = kTextInput;
    sd.output_format = kTextOutput;
    if (!schema.grok_pattern.empty()) {
      serde.serialization_library = "com.amazonaws.glue.serde.GrokSerDe";
      serde.parameters["input.format"] = schema.grok_pattern;
      if (!schema.grok_custom_patterns.empty()) serde.parameters["input.grokCustomPatterns"] = schema.grok_custom_patterns;
    } else if (schema.classification == "json") {
      serde.serialization_library = "org.openx.data.jsonserde.JsonSerDe";
      std::vector<std::string> names;
      for (const auto& column : sd.columns) names.push_back(column.name);
      std::sort(names.begin(), names.end());
      std::string paths;
      for (const auto& name : names) paths += (paths.empty() ? "" : ",") + name;
      serde.parameters["paths"] = paths;
    } else if (schema.open_csv_serde) {
      serde.serialization_library = "org.apache.hadoop.hive.serde2.OpenCSVSerde";
      serde.parameters["separatorChar"] = std::string(1, schema.delimiter);
      serde.parameters["quoteChar"] = std::string(1, schema.quote);
    } else {
      serde.serialization_library = "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe";
      serde.parameters["field.delim"] = std::string(1, schema.delimiter);
    }
  }
  sd.serde_info = std::move(serde);
  return sd;
}

}  // namespace sluice::crawler
