// Module registry: see module.h.
#include "cli/module.h"

#include <map>

namespace sluice::cli {

namespace {
std::multimap<int, ModuleFactory>& Registry() {
  static std::multimap<int, ModuleFactory> registry;
  return registry;
}
}  // namespace

ModuleRegistration::ModuleRegistration(int order, ModuleFactory factory) { Registry().emplace(order, std::move(factory)); }

std::vector<std::unique_ptr<ServiceModule>> CreateModules() {
  std::vector<std::unique_ptr<ServiceModule>> modules;
  for (auto& [order, factory] : Registry()) modules.push_back(factory());
  return modules;
}

}  // namespace sluice::cli
