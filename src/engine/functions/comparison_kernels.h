// Comparison kernels shared by the comparison functions, IN, and the conditional functions
// (nullif): one typed kernel per comparison and type.
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <vector>

#include "columnar/column.h"
#include "columnar/type.h"
#include "engine/expr/function_registry.h"

namespace sluice::engine {

enum class CompareOp { kEq, kNe, kLt, kLe, kGt, kGe };

// A kernel comparing two arguments already cast to `type` (not nested), giving boolean.
KernelFunction CompareKernel(CompareOp op, const columnar::TypePtr& type);

}  // namespace sluice::engine
