// PlanBuilder: the fluent way to make a logical plan, for the Glue job compiler, a SQL front end,
// tools and tests:
//
//   ASSIGN_OR_RETURN(PlanPtr plan, PlanBuilder::Scan(orders)
//       .Filter(Gt(Col("amount"), Lit(100)))
//       .Join(PlanBuilder::Scan(customers), JoinType::kInner, {Col("customer_id")}, {Col("id")})
//       .Aggregate({{Col("country"), "country"}}, {{"sum", Col("amount"), "revenue"}})
//       .Sort({{Col("revenue"), false}})
//       .Build());
//
// Every step checks its input at once (logical_plan.h); the first error is kept, later steps do
// nothing, and Build() returns it, naming the node and field.
//
// Thread safety: a builder is a value used by one thread.
#pragma once

#include <string>
#include <vector>

#include "engine/plan/logical_plan.h"

namespace sluice::engine {

class PlanBuilder {
 public:
  // Reads a data source (all columns; the optimizer narrows them to what the plan uses).
  static PlanBuilder Scan(DataSourcePtr source);
  // Batches held in memory.
  static PlanBuilder Values(columnar::SchemaPtr schema, std::vector<columnar::BatchPtr> batches);
  // Continues from an existing plan.
  static PlanBuilder From(PlanPtr plan);

  PlanBuilder& Filter(ExprPtr predicate);
  // Computes the named expressions (replacing the columns).
  PlanBuilder& Project(std::vector<NamedExpr> exprs);
  // Keeps these columns, in this order.
  PlanBuilder& Select(const std::vector<std::string>& columns);
  // Drops these columns (unknown names are an error).
  PlanBuilder& Drop(const std::vector<std::string>& columns);
  // Renames one column.
  PlanBuilder& Rename(const std::string& from, const std::string& to);
  // Adds (or replaces, when the name exists) a computed column.
  PlanBuilder& WithColumn(const std::string& name, ExprPtr expr);
  PlanBuilder& Join(PlanBuilder right, JoinType type, std::vector<ExprPtr> left_keys, std::vector<ExprPtr> right_keys);
  PlanBuilder& Aggregate(std::vector<NamedExpr> keys, std::vector<AggregateCall> aggregates);
  // Removes duplicate rows; with columns, keeps the first row (in input order) of each distinct
  // combination of those columns (Glue's DropDuplicates).
  PlanBuilder& Distinct(const std::vector<std::string>& columns = {});
  // UNION (ALL when `all`) by position; column types are unified (type_coercion.h) with casts.
  PlanBuilder& Union(std::vector<PlanBuilder> others, bool all = true);
  // UNION by column name: the others' columns are matched to this plan's by name.
  PlanBuilder& UnionByName(std::vector<PlanBuilder> others, bool all = true);
  PlanBuilder& Sort(std::vector<SortKey> keys);
  // Keeps the first `count` rows after `offset` (a Sort directly before becomes a top-N sort).
  PlanBuilder& Limit(int64_t count, int64_t offset = 0);
  PlanBuilder& Write(WriteTargetPtr target);

  // The plan, or the first error.
  Result<PlanPtr> Build() const;
  // The current output schema (null after an error).
  columnar::SchemaPtr schema() const { return plan_ ? plan_->schema() : nullptr; }

 private:
  PlanBuilder() = default;
  void Set(Result<PlanPtr> next);
  PlanPtr plan_;
  Status error_;
};

// A sort key by column name: SortBy("amount", false) is "amount DESC NULLS LAST".
SortKey SortBy(const std::string& column, bool ascending = true);

}  // namespace sluice::engine
