// The S3 source nodes — S3CsvSource, S3JsonSource, S3ParquetSource — share this node: each
// parses its own members into an S3SourceSpec (s3_csv_source.h, s3_json_source.h,
// s3_parquet_source.h) and the node scans the objects under its Paths as one data source.
//
// Thread safety: immutable after parsing.
#pragma once

#include <memory>

#include <boost/json/object.hpp>

#include "jobs/data/source_spec.h"
#include "jobs/nodes/node.h"
#include "jobs/nodes/node_config.h"

namespace sluice::jobs {

class S3SourceNode final : public Node {
 public:
  S3SourceNode(NodeHeader header, S3SourceSpec spec) : Node(std::move(header)), spec_(std::move(spec)) {}
  NodeRole role() const override { return NodeRole::kSource; }
  Result<NodeOutput> Build(NodeContext& context, const std::vector<NodeOutput>& inputs) const override;
  const S3SourceSpec& spec() const { return spec_; }

 private:
  S3SourceSpec spec_;
};

// The members the three S3 sources share: Paths, Exclusions, Recurse, MaxBand,
// AdditionalOptions (BoundedFiles, BoundedSize) and OutputSchemas.
Result<S3SourceSpec> ParseCommonS3SourceMembers(const NodeConfig& config, DataFormat format);

// OutputSchemas[0].Columns as fields (Type parsed as a Glue type); empty when absent.
Result<std::vector<columnar::Field>> ParseOutputSchemas(const NodeConfig& config);

}  // namespace sluice::jobs
