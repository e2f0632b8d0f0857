// BuildContext: the NodeContext a visual job is built with — sources and targets over the
// object store and the Data Catalog, job bookmarks applied to S3 and catalog sources, stages
// run on the engine, and what the run does after its plans (side plans, catalog commits). The
// same class serves validation (nothing is executed; sources list only what their schema
// needs) and runs.
//
// Thread safety: used by the one thread that builds and runs the job; the read and write
// counters it hands out are atomics that a progress display may read from another thread.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "engine/pipeline/execution_context.h"
#include "jobs/compiler/run_control.h"
#include "jobs/data/job_bookmarks.h"
#include "jobs/data/object_data_source.h"
#include "jobs/data/object_write_target.h"
#include "jobs/nodes/node_context.h"
#include "storage/object_store.h"

namespace sluice::jobs {

struct BuildOptions {
  bool executing = false;
  std::string catalog_id = "000000000000";
  std::string run_tag = "validate";       // file names of written output: part-<n>-<tag>...
  engine::ExecutionOptions execution;     // threads and memory of stages and plans
  JobBookmarks* bookmarks = nullptr;      // null: bookmarks disabled
  RunControl* control = nullptr;          // null: cannot be stopped
};

class BuildContext final : public NodeContext {
 public:
  // `catalog` may be null (jobs without catalog nodes).
  BuildContext(storage::ObjectStore* store, catalog::Catalog* catalog, BuildOptions options);

  bool executing() const override { return options_.executing; }
  Result<engine::DataSourcePtr> S3Source(const Node& node, const S3SourceSpec& spec) override;
  Result<engine::DataSourcePtr> CatalogSource(const Node& node, const CatalogSourceSpec& spec) override;
  Result<catalog::Table> GetTable(const std::string& database, const std::string& table) override;
  Result<engine::WriteTargetPtr> S3Target(const Node& node, const S3TargetSpec& spec) override;
  Status RegisterTable(const TableRegistration& registration, const std::vector<engine::WrittenFile>& files) override;
  Result<std::vector<columnar::BatchPtr>> Collect(const Node& node, const engine::PlanPtr& plan) override;
  void AddSidePlan(const Node& node, engine::PlanPtr plan) override;
  void AddCommitAction(const Node& node, CommitAction action) override;

  // Runs `plan` on the engine (cancellable through the run control) and returns its rows.
  Result<std::vector<columnar::BatchPtr>> Execute(const engine::PlanPtr& plan);

  struct SidePlan {
    std::string node_id;
    engine::PlanPtr plan;
  };
  const std::vector<SidePlan>& side_plans() const { return side_plans_; }
  // Commit actions of a target node, in the order added.
  std::vector<CommitAction> CommitActionsOf(const std::string& node_id) const;
  // What each source node read and each target node wrote so far.
  const std::map<std::string, std::shared_ptr<ReadCounters>>& reads() const { return reads_; }
  const std::map<std::string, std::shared_ptr<WriteCounters>>& writes() const { return writes_; }

 private:
  std::shared_ptr<ReadCounters> ReadCountersOf(const Node& node);
  size_t ReaderParallelism() const;

  storage::ObjectStore* store_;
  catalog::Catalog* catalog_;
  BuildOptions options_;
  std::vector<SidePlan> side_plans_;
  std::vector<std::pair<std::string, CommitAction>> commits_;
  std::map<std::string, std::shared_ptr<ReadCounters>> reads_;
  std::map<std::string, std::shared_ptr<WriteCounters>> writes_;
};

}  // namespace sluice::jobs
