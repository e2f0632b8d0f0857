// The storage descriptor and parameters a Glue crawler writes for each format, so that engines
// reading Glue tables (Athena, Spark, Presto, Sluice's own jobs) understand the tables Sluice
// creates:
//   csv     TextInputFormat, HiveIgnoreKeyTextOutputFormat, LazySimpleSerDe {field.delim}
//           (OpenCSVSerde {separatorChar, quoteChar} for quoted data); parameters delimiter,
//           areColumnsQuoted, columnsOrdered, skip.header.line.count
//   json    TextInputFormat, HiveIgnoreKeyTextOutputFormat, org.openx JsonSerDe {paths}
//   parquet MapredParquetInputFormat/OutputFormat, ParquetHiveSerDe {serialization.format 1}
//   grok    TextInputFormat, HiveIgnoreKeyTextOutputFormat, GrokSerDe {input.format, ...}
// plus classification, compressionType, typeOfData, and statistics (objectCount, sizeKey,
// recordCount, averageRecordSize) for tables and partitions alike.
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <vector>

#include "catalog/model.h"
#include "crawler/crawl/file_schema.h"
#include "crawler/crawl/table_layout.h"

namespace sluice::crawler {

// Format parameters (classification, compressionType, typeOfData and the format's own).
catalog::Parameters FormatParameters(const FileSchema& schema);
// objectCount, sizeKey, recordCount, averageRecordSize.
catalog::Parameters StatisticsParameters(const DataStatistics& statistics);
// The statistics keys above (they change on every crawl without the table changing).
bool IsStatisticsParameter(const std::string& key);

// A crawler's storage descriptor: columns, location, formats, SerDe, NumberOfBuckets -1,
// and `parameters` mirrored from the table or partition.
catalog::StorageDescriptor CrawlerStorageDescriptor(const FileSchema& schema, std::vector<catalog::Column> columns,
                                                    const std::string& location, const catalog::Parameters& parameters);

}  // namespace sluice::crawler
