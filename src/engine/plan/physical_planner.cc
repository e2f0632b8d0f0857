// Physical planning: see physical_planner.h.
#include "engine/plan/physical_planner.h"

#include "engine/operators/batch_list_source.h"
#include "engine/operators/filter.h"
#include "engine/operators/hash_aggregate.h"
#include "engine/operators/hash_join.h"
#include "engine/operators/limit.h"
#include "engine/operators/project.h"
#include "engine/operators/scan.h"
#include "engine/operators/sort.h"
#include "engine/operators/write.h"

namespace sluice::engine {

namespace {

template <typename T>
std::shared_ptr<const T> Node(const PlanPtr& plan) {
  return std::static_pointer_cast<const T>(plan);
}

class PhysicalPlanner {
 public:
  explicit PhysicalPlanner(const ExecutionContext& context) : window_(context.options().reorder_window_batches) {}

  // Plans `node` as the start of `pipeline`, whose downstream operators and sink are set.
  Status Plan(const PlanPtr& node, Pipeline pipeline) {
    auto prepend = [&](std::shared_ptr<const Operator> op) { pipeline.operators.insert(pipeline.operators.begin(), std::move(op)); };
    switch (node->kind()) {
      case PlanKind::kScan:
        pipeline.source = std::make_shared<ScanSource>(Node<ScanNode>(node));
        pipelines_.push_back(std::move(pipeline));
        return Status::Ok();
      case PlanKind::kFilter:
        prepend(std::make_shared<FilterOperator>(Node<FilterNode>(node)));
        return Plan(node->input(), std::move(pipeline));
      case PlanKind::kProject:
        prepend(std::make_shared<ProjectOperator>(Node<ProjectNode>(node)));
        return Plan(node->input(), std::move(pipeline));
      case PlanKind::kJoin: {
        auto join = Node<JoinNode>(node);
        auto table = std::make_shared<JoinHashTable>();
        Pipeline build;
        build.sink = std::make_shared<HashJoinBuildSink>(join, table);
        RETURN_IF_ERROR(Plan(node->input(1), std::move(build)));
        prepend(std::make_shared<HashJoinProbe>(join, table));
        return Plan(node->input(0), std::move(pipeline));
      }
      case PlanKind::kAggregate: {
        auto output = std::make_shared<BatchListSource>(node->schema(), "Groups of " + node->Describe());
        Pipeline child;
        child.sink = std::make_shared<HashAggregateSink>(Node<AggregateNode>(node), output);
        return Breaker(node, std::move(child), output, std::move(pipeline));
      }
      case PlanKind::kSort: {
        auto data = MakeSortedData();
        Pipeline child;
        child.sink = std::make_shared<SortSink>(Node<SortNode>(node), data);
        return Breaker(node, std::move(child), std::make_shared<SortSource>(Node<SortNode>(node), data), std::move(pipeline));
      }
      case PlanKind::kLimit: {
        auto output = std::make_shared<BatchListSource>(node->schema(), "Rows of " + node->Describe());
        Pipeline child;
        child.sink = std::make_shared<LimitSink>(Node<LimitNode>(node), output, window_);
        return Breaker(node, std::move(child), output, std::move(pipeline));
      }
      case PlanKind::kWrite: {
        auto output = std::make_shared<BatchListSource>(node->schema(), "Files of " + node->Describe());
        Pipeline child;
        child.sink = std::make_shared<WriteSink>(Node<WriteNode>(node), output, window_);
        return Breaker(node, std::move(child), output, std::move(pipeline));
      }
      case PlanKind::kUnion: {
        const auto& inputs = node->inputs();
        for (size_t i = 0; i < inputs.size(); ++i) {
          Pipeline branch = pipeline;
          bool last = i + 1 == inputs.size();
          branch.finalize_sink = pipeline.finalize_sink && last;
          branch.run_operator_finish = pipeline.run_operator_finish && last;
          RETURN_IF_ERROR(Plan(inputs[i], std::move(branch)));
        }
        return Status::Ok();
      }
    }
    return Internal("unknown plan node");
  }

  std::vector<Pipeline> Take() { return std::move(pipelines_); }

 private:
  // A blocking node: its input runs into `child` (a pipeline ending in the node's sink) first;
  // then `source` starts `pipeline`.
  Status Breaker(const PlanPtr& node, Pipeline child, std::shared_ptr<const Source> source, Pipeline pipeline) {
    RETURN_IF_ERROR(Plan(node->input(), std::move(child)));
    pipeline.source = std::move(source);
    pipelines_.push_back(std::move(pipeline));
    return Status::Ok();
  }

  int64_t window_;
  std::vector<Pipeline> pipelines_;
};

}  // namespace

Result<PhysicalPlan> PlanPhysical(const PlanPtr& plan, std::shared_ptr<Sink> root, const ExecutionContext& context) {
  PhysicalPlanner planner(context);
  Pipeline pipeline;
  pipeline.sink = std::move(root);
  RETURN_IF_ERROR(planner.Plan(plan, std::move(pipeline)));
  PhysicalPlan out;
  out.pipelines = planner.Take();
  return out;
}

}  // namespace sluice::engine
