// The registry of node types: see registry.h. One line per type; a type Sluice runs names its
// parser, one it cannot run says why.
#include "jobs/nodes/registry.h"

#include "jobs/nodes/aggregate.h"
#include "jobs/nodes/apply_mapping.h"
#include "jobs/nodes/catalog_source.h"
#include "jobs/nodes/catalog_target.h"
#include "jobs/nodes/drop_duplicates.h"
#include "jobs/nodes/drop_fields.h"
#include "jobs/nodes/drop_null_fields.h"
#include "jobs/nodes/fill_missing_values.h"
#include "jobs/nodes/filter.h"
#include "jobs/nodes/join.h"
#include "jobs/nodes/rename_field.h"
#include "jobs/nodes/s3_csv_source.h"
#include "jobs/nodes/s3_direct_target.h"
#include "jobs/nodes/s3_glue_parquet_target.h"
#include "jobs/nodes/s3_json_source.h"
#include "jobs/nodes/s3_parquet_source.h"
#include "jobs/nodes/select_fields.h"
#include "jobs/nodes/select_from_collection.h"
#include "jobs/nodes/spigot.h"
#include "jobs/nodes/split_fields.h"
#include "jobs/nodes/union.h"

namespace sluice::jobs {

namespace {

constexpr NodeRole kSource = NodeRole::kSource;
constexpr NodeRole kTransform = NodeRole::kTransform;
constexpr NodeRole kTarget = NodeRole::kTarget;

NodeTypeInfo Runs(std::string type, NodeRole role, int min_inputs, int max_inputs, NodeParser parse, std::string doc) {
  return {std::move(type), role, min_inputs, max_inputs, std::move(parse), std::move(doc)};
}

NodeTypeInfo Refused(std::string type, NodeRole role, int min_inputs, int max_inputs, std::string why) {
  return {std::move(type), role, min_inputs, max_inputs, nullptr, std::move(why)};
}

std::vector<NodeTypeInfo> MakeTypes() {
  const std::string no_spark = "it runs user PySpark code, and Sluice has no Spark runtime";
  const std::string connector = "it connects to a service Sluice does not reach";
  const std::string table_format = "Sluice reads and writes csv, json and parquet, not this table format";
  return {
      // ---- sources ----
      Runs("S3CsvSource", kSource, 0, 0, ParseS3CsvSource, "CSV objects under S3 paths"),
      Runs("S3JsonSource", kSource, 0, 0, ParseS3JsonSource, "JSON objects under S3 paths"),
      Runs("S3ParquetSource", kSource, 0, 0, ParseS3ParquetSource, "Parquet objects under S3 paths"),
      Runs("CatalogSource", kSource, 0, 0, ParseCatalogSource, "a Data Catalog table"),
      Runs("S3CatalogSource", kSource, 0, 0, ParseCatalogSource, "a Data Catalog table stored in S3"),
      Refused("S3ExcelSource", kSource, 0, 0, "Sluice does not read Excel workbooks"),
      Refused("S3CatalogHudiSource", kSource, 0, 0, table_format),
      Refused("CatalogHudiSource", kSource, 0, 0, table_format),
      Refused("S3HudiSource", kSource, 0, 0, table_format),
      Refused("S3CatalogDeltaSource", kSource, 0, 0, table_format),
      Refused("CatalogDeltaSource", kSource, 0, 0, table_format),
      Refused("S3DeltaSource", kSource, 0, 0, table_format),
      Refused("S3CatalogIcebergSource", kSource, 0, 0, table_format),
      Refused("CatalogIcebergSource", kSource, 0, 0, table_format),
      Refused("GovernedCatalogSource", kSource, 0, 0, "Lake Formation governed tables are not supported"),
      Refused("AthenaConnectorSource", kSource, 0, 0, connector),
      Refused("JDBCConnectorSource", kSource, 0, 0, connector),
      Refused("SparkConnectorSource", kSource, 0, 0, connector),
      Refused("RedshiftSource", kSource, 0, 0, connector),
      Refused("AmazonRedshiftSource", kSource, 0, 0, connector),
      Refused("RelationalCatalogSource", kSource, 0, 0, connector),
      Refused("DynamoDBCatalogSource", kSource, 0, 0, connector),
      Refused("DynamoDBELTConnectorSource", kSource, 0, 0, connector),
      Refused("DirectKinesisSource", kSource, 0, 0, connector),
      Refused("DirectKafkaSource", kSource, 0, 0, connector),
      Refused("CatalogKinesisSource", kSource, 0, 0, connector),
      Refused("CatalogKafkaSource", kSource, 0, 0, connector),
      Refused("MicrosoftSQLServerCatalogSource", kSource, 0, 0, connector),
      Refused("MySQLCatalogSource", kSource, 0, 0, connector),
      Refused("OracleSQLCatalogSource", kSource, 0, 0, connector),
      Refused("PostgreSQLCatalogSource", kSource, 0, 0, connector),
      Refused("DirectJDBCSource", kSource, 0, 0, connector),
      Refused("SnowflakeSource", kSource, 0, 0, connector),
      Refused("ConnectorDataSource", kSource, 0, 0, connector),
      // ---- transforms ----
      Runs("ApplyMapping", kTransform, 1, 1, ParseApplyMapping, "rename, cast and drop fields"),
      Runs("SelectFields", kTransform, 1, 1, ParseSelectFields, "keep only some fields"),
      Runs("DropFields", kTransform, 1, 1, ParseDropFields, "remove fields"),
      Runs("RenameField", kTransform, 1, 1, ParseRenameField, "rename one field"),
      Runs("Filter", kTransform, 1, 1, ParseFilter, "keep the rows that match conditions"),
      Runs("Join", kTransform, 2, 2, ParseJoin, "join two inputs on key columns"),
      Runs("Union", kTransform, 2, 2, ParseUnion, "the rows of two inputs"),
      Runs("Aggregate", kTransform, 1, 1, ParseAggregate, "group rows and compute aggregates"),
      Runs("DropDuplicates", kTransform, 1, 1, ParseDropDuplicates, "remove repeated rows"),
      Runs("DropNullFields", kTransform, 1, 1, ParseDropNullFields, "remove columns whose values are all null"),
      Runs("FillMissingValues", kTransform, 1, 1, ParseFillMissingValues, "fill in missing values of a column"),
      Runs("SplitFields", kTransform, 1, 1, ParseSplitFields, "split the fields into two frames"),
      Runs("SelectFromCollection", kTransform, 1, 1, ParseSelectFromCollection, "pick one frame of a collection"),
      Runs("Spigot", kTransform, 1, 1, ParseSpigot, "write a sample of the rows to S3"),
      Refused("SparkSQL", kTransform, 1, -1,
              "Sluice cannot run Spark SQL queries yet (they need the SQL engine, which has not landed); express the "
              "query with Filter, Join, Aggregate and ApplyMapping nodes"),
      Refused("CustomCode", kTransform, 1, -1, no_spark),
      Refused("DynamicTransform", kTransform, 1, 1, no_spark),
      Refused("Merge", kTransform, 2, 2, "Sluice does not implement Merge yet"),
      Refused("Route", kTransform, 1, 1, "Sluice does not implement Route yet"),
      Refused("PIIDetection", kTransform, 1, 1, "PII detection needs Glue's entity-recognition models"),
      Refused("EvaluateDataQuality", kTransform, 1, 1, "Sluice does not evaluate DQDL rulesets"),
      Refused("EvaluateDataQualityMultiFrame", kTransform, 1, -1, "Sluice does not evaluate DQDL rulesets"),
      Refused("Recipe", kTransform, 1, 1, "AWS Glue DataBrew recipes are not supported"),
      // ---- targets ----
      Runs("S3DirectTarget", kTarget, 1, 1, ParseS3DirectTarget, "csv, json or parquet files under an S3 path"),
      Runs("S3GlueParquetTarget", kTarget, 1, 1, ParseS3GlueParquetTarget, "parquet files under an S3 path"),
      Runs("S3CatalogTarget", kTarget, 1, 1, ParseS3CatalogTarget, "a Data Catalog table stored in S3"),
      Runs("CatalogTarget", kTarget, 1, 1, ParseCatalogTarget, "a Data Catalog table"),
      Refused("S3HudiCatalogTarget", kTarget, 1, 1, table_format),
      Refused("S3HudiDirectTarget", kTarget, 1, 1, table_format),
      Refused("S3DeltaCatalogTarget", kTarget, 1, 1, table_format),
      Refused("S3DeltaDirectTarget", kTarget, 1, 1, table_format),
      Refused("S3IcebergCatalogTarget", kTarget, 1, 1, table_format),
      Refused("S3IcebergDirectTarget", kTarget, 1, 1, table_format),
      Refused("S3HyperDirectTarget", kTarget, 1, 1, "Sluice does not write Tableau Hyper files"),
      Refused("GovernedCatalogTarget", kTarget, 1, 1, "Lake Formation governed tables are not supported"),
      Refused("JDBCConnectorTarget", kTarget, 1, 1, connector),
      Refused("SparkConnectorTarget", kTarget, 1, 1, connector),
      Refused("RedshiftTarget", kTarget, 1, 1, connector),
      Refused("AmazonRedshiftTarget", kTarget, 1, 1, connector),
      Refused("MicrosoftSQLServerCatalogTarget", kTarget, 1, 1, connector),
      Refused("MySQLCatalogTarget", kTarget, 1, 1, connector),
      Refused("OracleSQLCatalogTarget", kTarget, 1, 1, connector),
      Refused("PostgreSQLCatalogTarget", kTarget, 1, 1, connector),
      Refused("SnowflakeTarget", kTarget, 1, 1, connector),
      Refused("ConnectorDataTarget", kTarget, 1, 1, connector),
  };
}

}  // namespace

const std::vector<NodeTypeInfo>& NodeTypes() {
  static const std::vector<NodeTypeInfo> types = MakeTypes();
  return types;
}

const NodeTypeInfo* FindNodeType(std::string_view type) {
  for (const auto& info : NodeTypes()) {
    if (info.type == type) return &info;
  }
  return nullptr;
}

std::string_view NodeRoleName(NodeRole role) {
  switch (role) {
    case NodeRole::kSource: return "source";
    case NodeRole::kTarget: return "target";
    default: return "transform";
  }
}

}  // namespace sluice::jobs
