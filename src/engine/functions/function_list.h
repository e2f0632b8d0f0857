// The function groups, one Register function per file in engine/functions/. Adding a group means
// one declaration here and one line in function_list.cc.
//
// Thread safety: registration happens once, before the registry is shared.
#pragma once

#include "engine/expr/function_registry.h"

namespace sluice::engine {

void RegisterArithmeticFunctions(FunctionRegistry& registry);
void RegisterMathFunctions(FunctionRegistry& registry);
void RegisterComparisonFunctions(FunctionRegistry& registry);
void RegisterConditionalFunctions(FunctionRegistry& registry);
void RegisterStringFunctions(FunctionRegistry& registry);
void RegisterRegexFunctions(FunctionRegistry& registry);
void RegisterDatetimeFunctions(FunctionRegistry& registry);
void RegisterNestedFunctions(FunctionRegistry& registry);
void RegisterAggregateFunctions(FunctionRegistry& registry);

}  // namespace sluice::engine
