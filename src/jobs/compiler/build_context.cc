// The context visual jobs are built with: see build_context.h.
#include "jobs/compiler/build_context.h"

#include <fmt/format.h>

#include "engine/query.h"
#include "formats/inference/type_unification.h"
#include "jobs/data/catalog_tables.h"
#include "jobs/data/file_reading.h"
#include "jobs/data/object_listing.h"
#include "jobs/data/s3_location.h"
#include "jobs/nodes/node.h"

namespace sluice::jobs {

namespace {

// How many objects a source's schema is inferred from: the first and the last ones listed.
constexpr size_t kSchemaSampleObjects = 4;

}  // namespace

BuildContext::BuildContext(storage::ObjectStore* store, catalog::Catalog* catalog, BuildOptions options)
    : store_(store), catalog_(catalog), options_(std::move(options)) {}

size_t BuildContext::ReaderParallelism() const { return options_.execution.threads; }

std::shared_ptr<ReadCounters> BuildContext::ReadCountersOf(const Node& node) {
  auto& counters = reads_[node.id()];
  if (!counters) counters = std::make_shared<ReadCounters>();
  return counters;
}

Result<engine::DataSourcePtr> BuildContext::S3Source(const Node& node, const S3SourceSpec& spec) {
  if (store_ == nullptr) return FailedPrecondition("no object store to read S3 sources from");
  auto listed = ListSourceObjects(*store_, spec.paths, spec.read, /*require_objects=*/true);
  columnar::SchemaPtr schema;
  std::vector<SourceObject> objects;
  if (!listed.ok()) {
    // Before a run, a node that declares its schema still validates without data.
    if (options_.executing || spec.read.declared_schema.empty()) return listed.status();
    schema = columnar::MakeSchema(spec.read.declared_schema);
  } else {
    objects = *std::move(listed);
    std::vector<size_t> sample;
    for (size_t i = 0; i < objects.size() && sample.size() < kSchemaSampleObjects / 2; ++i) sample.push_back(i);
    for (size_t i = objects.size(); i-- > sample.size() && sample.size() < kSchemaSampleObjects;) sample.push_back(i);
    for (size_t index : sample) {
      const SourceObject& object = objects[index];
      ASSIGN_OR_RETURN(auto opened, store_->OpenObject(object.bucket, object.key));
      ASSIGN_OR_RETURN(auto file, formats::MapDescriptor(opened.file.fd(), opened.info.size, object.uri()));
      auto inferred = InferFileSchema(file, spec.read);
      if (!inferred.ok()) return inferred.status().WithContext(object.uri());
      schema = schema ? formats::inference::UnifySchemas(*schema, **inferred) : *inferred;
    }
  }
  if (options_.bookmarks != nullptr) objects = options_.bookmarks->Filter(node.id(), objects, spec.read.max_band_ms);
  if (spec.read.bounded_files && static_cast<int64_t>(objects.size()) > *spec.read.bounded_files) {
    objects.resize(static_cast<size_t>(*spec.read.bounded_files));
  }
  if (spec.read.bounded_size) {
    int64_t total = 0;
    size_t keep = 0;
    while (keep < objects.size() && total < *spec.read.bounded_size) total += static_cast<int64_t>(objects[keep++].size);
    objects.resize(keep);
  }
  if (!options_.executing) objects.clear();
  std::string name = spec.paths.size() == 1 ? spec.paths[0] : fmt::format("{} paths", spec.paths.size());
  return engine::DataSourcePtr(std::make_shared<ObjectDataSource>(store_, std::move(name), spec.read, schema,
                                                                  std::vector<columnar::Field>{}, std::move(objects),
                                                                  ReadCountersOf(node), ReaderParallelism()));
}

Result<engine::DataSourcePtr> BuildContext::CatalogSource(const Node& node, const CatalogSourceSpec& spec) {
  if (catalog_ == nullptr) return FailedPrecondition("no Data Catalog to read catalog sources from");
  ASSIGN_OR_RETURN(CatalogTableSource table, ResolveCatalogTable(*catalog_, options_.catalog_id, spec));
  std::vector<SourceObject> objects;
  if (options_.executing) {
    for (const auto& folder : table.folders) {
      ASSIGN_OR_RETURN(auto listed, ListSourceObjects(*store_, {folder.location}, table.read, /*require_objects=*/false));
      for (auto& object : listed) {
        object.partition_values = folder.values;
        objects.push_back(std::move(object));
      }
    }
    if (options_.bookmarks != nullptr) objects = options_.bookmarks->Filter(node.id(), objects, table.read.max_band_ms);
  }
  std::string name = fmt::format("{}.{}", spec.database, spec.table);
  return engine::DataSourcePtr(std::make_shared<ObjectDataSource>(store_, std::move(name), table.read,
                                                                  table.data_schema, table.partition_fields,
                                                                  std::move(objects), ReadCountersOf(node),
                                                                  ReaderParallelism()));
}

Result<catalog::Table> BuildContext::GetTable(const std::string& database, const std::string& table) {
  if (catalog_ == nullptr) return FailedPrecondition("no Data Catalog to look tables up in");
  return catalog_->GetTable(options_.catalog_id, database, table);
}

Result<engine::WriteTargetPtr> BuildContext::S3Target(const Node& node, const S3TargetSpec& spec) {
  if (store_ == nullptr) return FailedPrecondition("no object store to write S3 targets to");
  ASSIGN_OR_RETURN(S3Location location, ParseS3Location(spec.path));
  if (options_.executing) {
    auto bucket = store_->GetBucket(location.bucket);
    if (!bucket.ok()) {
      return AwsError("EntityNotFoundException", 400,
                      fmt::format("{}: the bucket {} does not exist", spec.path, location.bucket));
    }
  }
  auto& counters = writes_[node.id()];
  if (!counters) counters = std::make_shared<WriteCounters>();
  return engine::WriteTargetPtr(
      std::make_shared<ObjectWriteTarget>(store_, std::move(location), spec.write, options_.run_tag, counters));
}

Status BuildContext::RegisterTable(const TableRegistration& registration,
                                   const std::vector<engine::WrittenFile>& files) {
  if (catalog_ == nullptr) return FailedPrecondition("no Data Catalog to register the output in");
  return RegisterOutputTable(*catalog_, options_.catalog_id, registration, files);
}

Result<std::vector<columnar::BatchPtr>> BuildContext::Execute(const engine::PlanPtr& plan) {
  engine::ExecutionContext context(options_.execution);
  if (options_.control != nullptr) options_.control->SetInterrupt([&context] { context.Cancel(); });
  auto result = engine::ExecuteQuery(plan, context);
  if (options_.control != nullptr) options_.control->ClearInterrupt();
  if (!result.ok()) return result.status();
  return std::move(result->batches);
}

Result<std::vector<columnar::BatchPtr>> BuildContext::Collect(const Node& node, const engine::PlanPtr& plan) {
  if (!options_.executing) return FailedPrecondition(fmt::format("{}: nothing runs while validating", node.Label()));
  auto rows = Execute(plan);
  if (!rows.ok()) return rows.status().WithContext(node.Label());
  return rows;
}

void BuildContext::AddSidePlan(const Node& node, engine::PlanPtr plan) {
  side_plans_.push_back({node.id(), std::move(plan)});
}

void BuildContext::AddCommitAction(const Node& node, CommitAction action) {
  commits_.emplace_back(node.id(), std::move(action));
}

std::vector<NodeContext::CommitAction> BuildContext::CommitActionsOf(const std::string& node_id) const {
  std::vector<CommitAction> out;
  for (const auto& [id, action] : commits_) {
    if (id == node_id) out.push_back(action);
  }
  return out;
}

}  // namespace sluice::jobs
