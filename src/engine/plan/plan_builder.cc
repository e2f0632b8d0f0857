// PlanBuilder: see plan_builder.h.
#include "engine/plan/plan_builder.h"

#include <algorithm>

#include <fmt/format.h>

#include "engine/expr/binder.h"
#include "engine/expr/type_coercion.h"

namespace sluice::engine {

using columnar::Schema;
using columnar::TypePtr;

namespace {

// The named expressions that pass every column through.
std::vector<NamedExpr> AllColumns(const Schema& schema) {
  std::vector<NamedExpr> out;
  for (const auto& field : schema.fields()) out.push_back({Col(field.name), field.name});
  return out;
}

}  // namespace

PlanBuilder PlanBuilder::Scan(DataSourcePtr source) {
  PlanBuilder builder;
  builder.Set(ScanNode::Make(std::move(source)));
  return builder;
}

PlanBuilder PlanBuilder::Values(columnar::SchemaPtr schema, std::vector<columnar::BatchPtr> batches) {
  return Scan(MakeMemorySource(std::move(schema), std::move(batches)));
}

PlanBuilder PlanBuilder::From(PlanPtr plan) {
  PlanBuilder builder;
  builder.plan_ = std::move(plan);
  return builder;
}

void PlanBuilder::Set(Result<PlanPtr> next) {
  if (next.ok()) plan_ = std::move(*next);
  else error_ = next.status();
}

PlanBuilder& PlanBuilder::Filter(ExprPtr predicate) {
  if (error_.ok()) Set(FilterNode::Make(plan_, std::move(predicate)));
  return *this;
}

PlanBuilder& PlanBuilder::Project(std::vector<NamedExpr> exprs) {
  if (error_.ok()) Set(ProjectNode::Make(plan_, std::move(exprs)));
  return *this;
}

PlanBuilder& PlanBuilder::Select(const std::vector<std::string>& columns) {
  if (!error_.ok()) return *this;
  std::vector<NamedExpr> exprs;
  for (const auto& name : columns) {
    auto index = ResolveColumn(*plan_->schema(), name);
    if (!index.ok()) {
      error_ = index.status().WithContext("Select");
      return *this;
    }
    const std::string& actual = plan_->schema()->field(*index).name;
    exprs.push_back({Col(actual), actual});
  }
  return Project(std::move(exprs));
}

PlanBuilder& PlanBuilder::Drop(const std::vector<std::string>& columns) {
  if (!error_.ok()) return *this;
  std::vector<size_t> dropped;
  for (const auto& name : columns) {
    auto index = ResolveColumn(*plan_->schema(), name);
    if (!index.ok()) {
      error_ = index.status().WithContext("Drop");
      return *this;
    }
    dropped.push_back(*index);
  }
  std::vector<NamedExpr> exprs;
  const Schema& schema = *plan_->schema();
  for (size_t i = 0; i < schema.num_fields(); ++i) {
    if (std::find(dropped.begin(), dropped.end(), i) == dropped.end()) {
      exprs.push_back({Col(schema.field(i).name), schema.field(i).name});
    }
  }
  return Project(std::move(exprs));
}

PlanBuilder& PlanBuilder::Rename(const std::string& from, const std::string& to) {
  if (!error_.ok()) return *this;
  auto index = ResolveColumn(*plan_->schema(), from);
  if (!index.ok()) {
    error_ = index.status().WithContext("Rename");
    return *this;
  }
  std::vector<NamedExpr> exprs = AllColumns(*plan_->schema());
  exprs[*index].name = to;
  return Project(std::move(exprs));
}

PlanBuilder& PlanBuilder::WithColumn(const std::string& name, ExprPtr expr) {
  if (!error_.ok()) return *this;
  std::vector<NamedExpr> exprs = AllColumns(*plan_->schema());
  auto existing = plan_->schema()->FieldIndex(name);
  if (existing) exprs[*existing].expr = std::move(expr);
  else exprs.push_back({std::move(expr), name});
  return Project(std::move(exprs));
}

PlanBuilder& PlanBuilder::Join(PlanBuilder right, JoinType type, std::vector<ExprPtr> left_keys,
                               std::vector<ExprPtr> right_keys) {
  if (!error_.ok()) return *this;
  if (!right.error_.ok()) {
    error_ = right.error_.WithContext("Join right input");
    return *this;
  }
  Set(JoinNode::Make(plan_, right.plan_, type, std::move(left_keys), std::move(right_keys)));
  return *this;
}

PlanBuilder& PlanBuilder::Aggregate(std::vector<NamedExpr> keys, std::vector<AggregateCall> aggregates) {
  if (error_.ok()) Set(AggregateNode::Make(plan_, std::move(keys), std::move(aggregates)));
  return *this;
}

PlanBuilder& PlanBuilder::Distinct(const std::vector<std::string>& columns) {
  if (!error_.ok()) return *this;
  const Schema& schema = *plan_->schema();
  std::vector<size_t> key_columns;
  if (columns.empty()) {
    for (size_t i = 0; i < schema.num_fields(); ++i) key_columns.push_back(i);
  } else {
    for (const auto& name : columns) {
      auto index = ResolveColumn(schema, name);
      if (!index.ok()) {
        error_ = index.status().WithContext("Distinct");
        return *this;
      }
      key_columns.push_back(*index);
    }
  }
  std::vector<NamedExpr> keys;
  std::vector<AggregateCall> rest;
  for (size_t i = 0; i < schema.num_fields(); ++i) {
    const std::string& name = schema.field(i).name;
    if (std::find(key_columns.begin(), key_columns.end(), i) != key_columns.end()) keys.push_back({Col(name), name});
    else rest.push_back({"first", Col(name), name});
  }
  Aggregate(std::move(keys), std::move(rest));
  if (!error_.ok()) return *this;
  // Back to the input's column order.
  std::vector<NamedExpr> order;
  for (const auto& field : schema.fields()) order.push_back({Col(field.name), field.name});
  return Project(std::move(order));
}

PlanBuilder& PlanBuilder::Union(std::vector<PlanBuilder> others, bool all) {
  if (!error_.ok()) return *this;
  std::vector<PlanPtr> inputs{plan_};
  for (auto& other : others) {
    if (!other.error_.ok()) {
      error_ = other.error_.WithContext("Union input");
      return *this;
    }
    inputs.push_back(other.plan_);
  }
  const Schema& first = *plan_->schema();
  // Unify each column's type across inputs.
  std::vector<TypePtr> types;
  for (size_t c = 0; c < first.num_fields(); ++c) {
    TypePtr type = first.field(c).type;
    for (size_t i = 1; i < inputs.size(); ++i) {
      const Schema& s = *inputs[i]->schema();
      if (s.num_fields() != first.num_fields()) {
        error_ = InvalidArgument(fmt::format("Union: input {} has {} columns, the first has {}", i + 1, s.num_fields(),
                                             first.num_fields()));
        return *this;
      }
      auto common = CommonType(type, s.field(c).type);
      if (!common.ok()) {
        error_ = InvalidArgument(fmt::format("Union: column '{}' cannot hold both {} and {}", first.field(c).name,
                                             type->ToGlueType(), s.field(c).type->ToGlueType()));
        return *this;
      }
      type = *common;
    }
    types.push_back(type);
  }
  for (auto& input : inputs) {
    const Schema& s = *input->schema();
    bool same = true;
    for (size_t c = 0; c < s.num_fields(); ++c) same &= s.field(c).type->Equals(*types[c]);
    if (same) continue;
    std::vector<NamedExpr> casts;
    for (size_t c = 0; c < s.num_fields(); ++c) {
      ExprPtr column = Col(s.field(c).name);
      casts.push_back({s.field(c).type->Equals(*types[c]) ? column : Cast(column, types[c]), first.field(c).name});
    }
    auto cast = ProjectNode::Make(input, std::move(casts));
    if (!cast.ok()) {
      error_ = cast.status().WithContext("Union");
      return *this;
    }
    input = *cast;
  }
  Set(UnionNode::Make(std::move(inputs)));
  if (!all) Distinct();
  return *this;
}

PlanBuilder& PlanBuilder::UnionByName(std::vector<PlanBuilder> others, bool all) {
  if (!error_.ok()) return *this;
  std::vector<std::string> names;
  for (const auto& field : plan_->schema()->fields()) names.push_back(field.name);
  for (auto& other : others) {
    if (other.error_.ok() && other.plan_->schema()->num_fields() != names.size()) {
      error_ = InvalidArgument(fmt::format("Union by name: an input has {} columns, the first has {}",
                                           other.plan_->schema()->num_fields(), names.size()));
      return *this;
    }
    other.Select(names);
  }
  return Union(std::move(others), all);
}

PlanBuilder& PlanBuilder::Sort(std::vector<SortKey> keys) {
  if (error_.ok()) Set(SortNode::Make(plan_, std::move(keys)));
  return *this;
}

PlanBuilder& PlanBuilder::Limit(int64_t count, int64_t offset) {
  if (!error_.ok()) return *this;
  if (plan_->kind() == PlanKind::kSort && As<SortNode>(*plan_).limit() < 0 && count >= 0 && offset >= 0 &&
      count <= INT64_MAX - offset) {
    const auto& sort = As<SortNode>(*plan_);
    Set(SortNode::Make(sort.input(), sort.keys(), count + offset));
    if (!error_.ok()) return *this;
  }
  Set(LimitNode::Make(plan_, count, offset));
  return *this;
}

PlanBuilder& PlanBuilder::Write(WriteTargetPtr target) {
  if (error_.ok()) Set(WriteNode::Make(plan_, std::move(target)));
  return *this;
}

Result<PlanPtr> PlanBuilder::Build() const {
  if (!error_.ok()) return error_;
  return plan_;
}

SortKey SortBy(const std::string& column, bool ascending) { return SortKey{Col(column), ascending, ascending}; }

}  // namespace sluice::engine
