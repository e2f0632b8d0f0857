// NodeContext: what nodes may ask of the job being built — its data (S3 objects and catalog
// tables as engine data sources, write targets), running a part of the plan before the rest
// can be built (DropNullFields and FillMissingValues look at the data first), plans that run
// beside the targets (Spigot samples), and catalog updates that commit once every write has
// succeeded. The compiler implements it (compiler/build_context.h); validation uses the same
// implementation without running anything.
//
// Thread safety: used by one thread, the one building the plan.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "catalog/model.h"
#include "columnar/record_batch.h"
#include "common/status.h"
#include "engine/plan/data_source.h"
#include "engine/plan/logical_plan.h"
#include "engine/plan/write_target.h"
#include "jobs/data/source_spec.h"

namespace sluice::jobs {

class Node;

class NodeContext {
 public:
  virtual ~NodeContext() = default;

  // Whether the plan will run. False while validating: sources still resolve their schemas,
  // but nothing is read beyond what that needs and stages are not run.
  virtual bool executing() const = 0;

  // The objects under the spec's paths (those the job bookmark has not seen, when bookmarks
  // are enabled) as one data source whose schema is inferred from the objects (or the
  // declared schema when there are none). Errors: a bucket or path that does not exist.
  virtual Result<engine::DataSourcePtr> S3Source(const Node& node, const S3SourceSpec& spec) = 0;
  // A catalog table (its partitions that satisfy the predicate) as a data source: the table's
  // columns, then its partition keys.
  virtual Result<engine::DataSourcePtr> CatalogSource(const Node& node, const CatalogSourceSpec& spec) = 0;
  // A catalog table; EntityNotFoundException when it or its database does not exist.
  virtual Result<catalog::Table> GetTable(const std::string& database, const std::string& table) = 0;
  // A write target for files under spec.path. Writes become visible as each file commits.
  virtual Result<engine::WriteTargetPtr> S3Target(const Node& node, const S3TargetSpec& spec) = 0;

  // Records a target's output in the Data Catalog (SchemaChangePolicy, S3CatalogTarget):
  // creates the table when missing and `create` is set, replaces its columns when they
  // changed and `update_schema` is set, and adds the partitions the files were written to.
  struct TableRegistration {
    std::string database;
    std::string table;
    std::string location;  // s3://bucket/prefix/
    WriteSpec write;       // format, compression, partition keys
    columnar::SchemaPtr schema;  // the frame written: data columns and partition columns
    bool create = true;
    bool update_schema = true;
  };
  virtual Status RegisterTable(const TableRegistration& registration,
                               const std::vector<engine::WrittenFile>& files) = 0;

  // Runs `plan` now and returns its rows. REQUIRES: executing().
  virtual Result<std::vector<columnar::BatchPtr>> Collect(const Node& node, const engine::PlanPtr& plan) = 0;
  // A plan to run with the job's targets (a Spigot's sample).
  virtual void AddSidePlan(const Node& node, engine::PlanPtr plan) = 0;
  // Called with the files a target wrote, after every plan of the job succeeded (catalog
  // updates), in the order added. Its error fails the run.
  using CommitAction = std::function<Status(const std::vector<engine::WrittenFile>& files)>;
  virtual void AddCommitAction(const Node& node, CommitAction action) = 0;
};

}  // namespace sluice::jobs
