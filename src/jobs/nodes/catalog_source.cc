// CatalogSource and S3CatalogSource: see catalog_source.h.
#include "jobs/nodes/catalog_source.h"

#include "jobs/nodes/node_config.h"
#include "jobs/nodes/node_context.h"

namespace sluice::jobs {

namespace {

class CatalogSourceNode final : public Node {
 public:
  CatalogSourceNode(NodeHeader header, CatalogSourceSpec spec) : Node(std::move(header)), spec_(std::move(spec)) {}
  NodeRole role() const override { return NodeRole::kSource; }
  Result<NodeOutput> Build(NodeContext& context, const std::vector<NodeOutput>&) const override {
    ASSIGN_OR_RETURN(engine::DataSourcePtr source, context.CatalogSource(*this, spec_));
    return NodeOutput::Single(engine::PlanBuilder::Scan(std::move(source)));
  }

 private:
  CatalogSourceSpec spec_;
};

}  // namespace

Result<std::unique_ptr<Node>> ParseCatalogSource(NodeHeader header, const boost::json::object& object) {
  NodeConfig config(object);
  CatalogSourceSpec spec;
  ASSIGN_OR_RETURN(spec.database, config.RequireString("Database"));
  ASSIGN_OR_RETURN(spec.table, config.RequireString("Table"));
  ASSIGN_OR_RETURN(auto predicate, config.OptionalString("PartitionPredicate"));
  spec.partition_predicate = predicate.value_or("");
  return std::unique_ptr<Node>(new CatalogSourceNode(std::move(header), std::move(spec)));
}

}  // namespace sluice::jobs
