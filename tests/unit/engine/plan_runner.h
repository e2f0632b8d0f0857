// Test helper: runs a PlanBuilder's plan and returns its rows as "v1|v2|..." strings (or the
// error as "error: ...").
#pragma once

#include <string>
#include <vector>

#include "engine/plan/plan_builder.h"
#include "engine/query.h"
#include "unit/engine/test_batches.h"

namespace sluice::engine::testing {

inline std::vector<std::string> RunRows(const PlanBuilder& builder, ExecutionOptions options = ExecutionOptions::Defaults()) {
  auto plan = builder.Build();
  if (!plan.ok()) return {"error: " + plan.status().message()};
  ExecutionContext context(options);
  auto result = ExecuteQuery(*plan, context);
  if (!result.ok()) return {"error: " + result.status().message()};
  std::vector<std::string> rows;
  for (const auto& batch : result->batches) {
    for (auto& row : Rows(*batch)) rows.push_back(std::move(row));
  }
  return rows;
}

// The same rows, sorted (for operators whose output order is not defined).
inline std::vector<std::string> RunSorted(const PlanBuilder& builder, ExecutionOptions options = ExecutionOptions::Defaults()) {
  auto rows = RunRows(builder, options);
  std::sort(rows.begin(), rows.end());
  return rows;
}

// Splits a batch into batches of `rows` rows (to exercise several workers and batches).
inline std::vector<columnar::BatchPtr> Split(const columnar::BatchPtr& batch, int64_t rows) {
  std::vector<columnar::BatchPtr> out;
  for (int64_t offset = 0; offset < batch->num_rows(); offset += rows) {
    out.push_back(batch->Slice(offset, std::min(rows, batch->num_rows() - offset)));
  }
  return out;
}

}  // namespace sluice::engine::testing
