// Rewrites of a logical plan that change its cost, never its result, each one function, run in
// order by Optimize():
//   1. MergeFilters: a Filter directly over a Scan becomes the scan's filter (so its simple
//      conjuncts reach the reader as a pushdown predicate); stacked filters merge;
//   2. PruneColumns: every node keeps only the columns something above it uses, so scans read
//      only those columns (the formats never decode the rest).
//
// Thread safety: pure functions over immutable plans.
#pragma once

#include "engine/plan/logical_plan.h"

namespace sluice::engine {

Result<PlanPtr> MergeFilters(const PlanPtr& plan);
Result<PlanPtr> PruneColumns(const PlanPtr& plan);
// All rewrites, in order.
Result<PlanPtr> Optimize(const PlanPtr& plan);

}  // namespace sluice::engine
