// Aggregate: see aggregate.h.
#include "jobs/nodes/aggregate.h"

#include <set>

#include <fmt/format.h>

#include "jobs/nodes/node_config.h"

namespace sluice::jobs {

namespace {

struct Agg {
  FieldPath column;
  std::string func;  // Glue's AggFunc
};

// Glue's AggFunc → the engine's aggregate function.
std::string EngineFunction(const std::string& func) {
  if (func == "countDistinct") return "count_distinct";
  if (func == "sumDistinct") return "sum_distinct";
  return func;
}

class AggregateNode final : public Node {
 public:
  AggregateNode(NodeHeader header, std::vector<FieldPath> groups, std::vector<Agg> aggs)
      : Node(std::move(header)), groups_(std::move(groups)), aggs_(std::move(aggs)) {}
  NodeRole role() const override { return NodeRole::kTransform; }

  Result<NodeOutput> Build(NodeContext&, const std::vector<NodeOutput>& inputs) const override {
    ASSIGN_OR_RETURN(Frame frame, SingleFrame(inputs[0], header_.inputs[0]));
    const columnar::Schema& schema = *frame.schema();
    std::set<std::string> names;
    std::vector<engine::NamedExpr> keys;
    for (size_t i = 0; i < groups_.size(); ++i) {
      auto resolved = ResolvePath(schema, groups_[i]);
      if (!resolved) {
        return InvalidArgument(fmt::format("Groups[{}]: field '{}' does not exist in the input (columns: {})", i,
                                           PathToString(groups_[i]), ColumnList(schema)));
      }
      const std::string& name = resolved->canonical.back();
      if (!names.insert(name).second) {
        return InvalidArgument(fmt::format("Groups[{}]: '{}' is grouped on twice", i, PathToString(groups_[i])));
      }
      keys.push_back({engine::ColPath(resolved->canonical), name});
    }
    std::vector<engine::AggregateCall> calls;
    for (size_t i = 0; i < aggs_.size(); ++i) {
      auto resolved = ResolvePath(schema, aggs_[i].column);
      if (!resolved) {
        return InvalidArgument(fmt::format("Aggs[{}].Column: field '{}' does not exist in the input (columns: {})", i,
                                           PathToString(aggs_[i].column), ColumnList(schema)));
      }
      std::string name = AggregateColumnName(aggs_[i].func, resolved->canonical);
      if (!names.insert(name).second) {
        return InvalidArgument(fmt::format("Aggs[{}]: the output column '{}' appears twice", i, name));
      }
      calls.push_back({EngineFunction(aggs_[i].func), engine::ColPath(resolved->canonical), name});
    }
    frame.Aggregate(std::move(keys), std::move(calls));
    return NodeOutput::Single(std::move(frame));
  }

 private:
  std::vector<FieldPath> groups_;
  std::vector<Agg> aggs_;
};

}  // namespace

std::string AggregateColumnName(const std::string& agg_func, const FieldPath& column) {
  std::string path = PathToString(column);
  if (agg_func == "countDistinct") return fmt::format("count(DISTINCT {})", path);
  if (agg_func == "sumDistinct") return fmt::format("sum(DISTINCT {})", path);
  return fmt::format("{}({})", agg_func, path);
}

Result<std::unique_ptr<Node>> ParseAggregate(NodeHeader header, const boost::json::object& object) {
  NodeConfig config(object);
  ASSIGN_OR_RETURN(auto groups, config.PathList("Groups", false));
  ASSIGN_OR_RETURN(auto items, config.ObjectList("Aggs", true));
  std::vector<Agg> aggs;
  for (size_t i = 0; i < items.size(); ++i) {
    NodeConfig item(*items[i], fmt::format("Aggs[{}].", i));
    Agg agg;
    ASSIGN_OR_RETURN(agg.column, item.RequirePath("Column"));
    ASSIGN_OR_RETURN(agg.func, item.RequireEnum("AggFunc", {"avg", "countDistinct", "count", "first", "last",
                                                            "kurtosis", "max", "min", "skewness", "stddev_samp",
                                                            "stddev_pop", "sum", "sumDistinct", "var_samp", "var_pop"}));
    aggs.push_back(std::move(agg));
  }
  return std::unique_ptr<Node>(new AggregateNode(std::move(header), std::move(groups), std::move(aggs)));
}

}  // namespace sluice::jobs
