// Every built-in function group, registered in one place.
#include "engine/functions/function_list.h"

namespace sluice::engine {

void RegisterBuiltinFunctions(FunctionRegistry& registry) {
  RegisterArithmeticFunctions(registry);
  RegisterMathFunctions(registry);
  RegisterComparisonFunctions(registry);
  RegisterConditionalFunctions(registry);
  RegisterStringFunctions(registry);
  RegisterRegexFunctions(registry);
  RegisterDatetimeFunctions(registry);
  RegisterNestedFunctions(registry);
  RegisterAggregateFunctions(registry);
}

}  // namespace sluice::engine
