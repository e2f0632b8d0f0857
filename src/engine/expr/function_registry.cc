// Function registry: see function_registry.h.
#include "engine/expr/function_registry.h"

#include <algorithm>

#include "engine/functions/aggregate_function.h"

namespace sluice::engine {

FunctionRegistry::FunctionRegistry() = default;
FunctionRegistry::~FunctionRegistry() = default;

const FunctionRegistry& FunctionRegistry::Default() {
  static const FunctionRegistry* registry = [] {
    auto* r = new FunctionRegistry();
    RegisterBuiltinFunctions(*r);
    return r;
  }();
  return *registry;
}

std::string FunctionRegistry::Canonical(std::string_view name) const {
  std::string lower(name);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  auto alias = aliases_.find(lower);
  return alias == aliases_.end() ? lower : alias->second;
}

void FunctionRegistry::AddScalar(ScalarFunction function) {
  std::string name = function.name;
  scalars_.emplace(std::move(name), std::move(function));
}

void FunctionRegistry::AddAggregate(std::shared_ptr<const AggregateFunction> function) {
  std::string name = function->name();
  aggregates_.emplace(std::move(name), std::move(function));
}

void FunctionRegistry::AddAlias(std::string alias, std::string name) { aliases_[std::move(alias)] = std::move(name); }

const ScalarFunction* FunctionRegistry::FindScalar(std::string_view name) const {
  auto it = scalars_.find(Canonical(name));
  return it == scalars_.end() ? nullptr : &it->second;
}

const AggregateFunction* FunctionRegistry::FindAggregate(std::string_view name) const {
  auto it = aggregates_.find(Canonical(name));
  return it == aggregates_.end() ? nullptr : it->second.get();
}

std::vector<const ScalarFunction*> FunctionRegistry::ScalarFunctions() const {
  std::vector<const ScalarFunction*> out;
  for (const auto& [name, function] : scalars_) out.push_back(&function);
  return out;
}

std::vector<const AggregateFunction*> FunctionRegistry::AggregateFunctions() const {
  std::vector<const AggregateFunction*> out;
  for (const auto& [name, function] : aggregates_) out.push_back(function.get());
  return out;
}

}  // namespace sluice::engine
