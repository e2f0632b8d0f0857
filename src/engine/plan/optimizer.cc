// Plan rewrites: see optimizer.h.
#include "engine/plan/optimizer.h"

#include <algorithm>
#include <set>

namespace sluice::engine {

namespace {

using Names = std::set<std::string>;

void AddReferences(const ExprPtr& expr, Names& names) {
  if (!expr) return;
  for (auto& name : ReferencedColumns(*expr)) names.insert(name);
}

// Column names match case-insensitively when there is no exact match (as the binder does).
bool Wanted(const std::string& name, const Names& required) {
  if (required.count(name)) return true;
  return std::any_of(required.begin(), required.end(), [&](const std::string& r) {
    return r.size() == name.size() && std::equal(r.begin(), r.end(), name.begin(), [](char a, char b) {
             return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
           });
  });
}

Names AllNames(const PlanNode& node) {
  Names out;
  for (const auto& field : node.schema()->fields()) out.insert(field.name);
  return out;
}

// Rebuilds `node` over new inputs (same parameters).
Result<PlanPtr> Rebuild(const PlanPtr& node, std::vector<PlanPtr> inputs) {
  switch (node->kind()) {
    case PlanKind::kScan: return node;
    case PlanKind::kFilter: return FilterNode::Make(inputs[0], As<FilterNode>(*node).predicate());
    case PlanKind::kProject: return ProjectNode::Make(inputs[0], As<ProjectNode>(*node).exprs());
    case PlanKind::kJoin: {
      const auto& j = As<JoinNode>(*node);
      return JoinNode::Make(inputs[0], inputs[1], j.type(), j.left_keys(), j.right_keys());
    }
    case PlanKind::kAggregate: {
      const auto& a = As<AggregateNode>(*node);
      return AggregateNode::Make(inputs[0], a.keys(), a.aggregates());
    }
    case PlanKind::kUnion: return UnionNode::Make(std::move(inputs));
    case PlanKind::kSort: {
      const auto& s = As<SortNode>(*node);
      return SortNode::Make(inputs[0], s.keys(), s.limit());
    }
    case PlanKind::kLimit: {
      const auto& l = As<LimitNode>(*node);
      return LimitNode::Make(inputs[0], l.count(), l.offset());
    }
    case PlanKind::kWrite: return WriteNode::Make(inputs[0], As<WriteNode>(*node).target());
  }
  return Internal("unknown plan node");
}

Result<PlanPtr> Prune(const PlanPtr& node, const Names& required) {
  switch (node->kind()) {
    case PlanKind::kScan: {
      const auto& scan = As<ScanNode>(*node);
      Names wanted = required;
      AddReferences(scan.filter(), wanted);
      const auto& fields = scan.source()->schema()->fields();
      std::vector<size_t> columns;
      for (size_t c : scan.columns()) {
        if (Wanted(fields[c].name, wanted)) columns.push_back(c);
      }
      if (columns.empty() && !scan.columns().empty()) columns.push_back(scan.columns()[0]);  // rows still count
      if (columns == scan.columns()) return node;
      return ScanNode::Make(scan.source(), std::move(columns), scan.filter());
    }
    case PlanKind::kFilter: {
      Names wanted = required;
      AddReferences(As<FilterNode>(*node).predicate(), wanted);
      ASSIGN_OR_RETURN(PlanPtr input, Prune(node->input(), wanted));
      return Rebuild(node, {input});
    }
    case PlanKind::kProject: {
      const auto& project = As<ProjectNode>(*node);
      std::vector<NamedExpr> kept;
      for (const auto& e : project.exprs()) {
        if (Wanted(e.name, required)) kept.push_back(e);
      }
      if (kept.empty()) kept.push_back(project.exprs()[0]);
      Names wanted;
      for (const auto& e : kept) AddReferences(e.expr, wanted);
      ASSIGN_OR_RETURN(PlanPtr input, Prune(node->input(), wanted));
      return ProjectNode::Make(input, std::move(kept));
    }
    case PlanKind::kJoin: {
      const auto& join = As<JoinNode>(*node);
      Names left, right;
      for (const auto& f : node->input(0)->schema()->fields()) {
        if (Wanted(f.name, required)) left.insert(f.name);
      }
      for (const auto& f : node->input(1)->schema()->fields()) {
        if (Wanted(f.name, required)) right.insert(f.name);
      }
      for (const auto& k : join.left_keys()) AddReferences(k, left);
      for (const auto& k : join.right_keys()) AddReferences(k, right);
      ASSIGN_OR_RETURN(PlanPtr l, Prune(node->input(0), left));
      ASSIGN_OR_RETURN(PlanPtr r, Prune(node->input(1), right));
      return Rebuild(node, {l, r});
    }
    case PlanKind::kAggregate: {
      const auto& aggregate = As<AggregateNode>(*node);
      Names wanted;
      for (const auto& k : aggregate.keys()) AddReferences(k.expr, wanted);
      for (const auto& a : aggregate.aggregates()) AddReferences(a.argument, wanted);
      ASSIGN_OR_RETURN(PlanPtr input, Prune(node->input(), wanted));
      return Rebuild(node, {input});
    }
    case PlanKind::kSort: {
      Names wanted = required;
      for (const auto& k : As<SortNode>(*node).keys()) AddReferences(k.expr, wanted);
      ASSIGN_OR_RETURN(PlanPtr input, Prune(node->input(), wanted));
      return Rebuild(node, {input});
    }
    case PlanKind::kLimit: {
      ASSIGN_OR_RETURN(PlanPtr input, Prune(node->input(), required));
      return Rebuild(node, {input});
    }
    case PlanKind::kUnion:
    case PlanKind::kWrite: {
      // Union matches columns by position and a write keeps every column: inputs stay whole.
      std::vector<PlanPtr> inputs;
      for (const auto& input : node->inputs()) {
        ASSIGN_OR_RETURN(PlanPtr pruned, Prune(input, AllNames(*input)));
        inputs.push_back(std::move(pruned));
      }
      return Rebuild(node, std::move(inputs));
    }
  }
  return Internal("unknown plan node");
}

}  // namespace

Result<PlanPtr> MergeFilters(const PlanPtr& plan) {
  std::vector<PlanPtr> inputs;
  bool changed = false;
  for (const auto& input : plan->inputs()) {
    ASSIGN_OR_RETURN(PlanPtr merged, MergeFilters(input));
    changed |= merged != input;
    inputs.push_back(std::move(merged));
  }
  if (plan->kind() == PlanKind::kFilter) {
    const auto& filter = As<FilterNode>(*plan);
    const PlanPtr& input = inputs[0];
    if (input->kind() == PlanKind::kScan) {
      const auto& scan = As<ScanNode>(*input);
      ExprPtr predicate = scan.filter() ? And(scan.filter(), filter.predicate()) : filter.predicate();
      return ScanNode::Make(scan.source(), scan.columns(), predicate);
    }
    if (input->kind() == PlanKind::kFilter) {
      const auto& below = As<FilterNode>(*input);
      return FilterNode::Make(below.input(), And(below.predicate(), filter.predicate()));
    }
  }
  if (!changed) return plan;
  return Rebuild(plan, std::move(inputs));
}

Result<PlanPtr> PruneColumns(const PlanPtr& plan) { return Prune(plan, AllNames(*plan)); }

Result<PlanPtr> Optimize(const PlanPtr& plan) {
  ASSIGN_OR_RETURN(PlanPtr merged, MergeFilters(plan));
  return PruneColumns(merged);
}

}  // namespace sluice::engine
