// docs/engine.md documents every function the registry holds.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "engine/expr/function_registry.h"
#include "engine/functions/aggregate_function.h"

namespace sluice::engine {
namespace {

std::string ReadDocs() {
  std::filesystem::path root = std::getenv("SLUICE_TEST_DATA")
                                   ? std::filesystem::path(std::getenv("SLUICE_TEST_DATA")).parent_path().parent_path()
                                   : std::filesystem::path(__FILE__).parent_path().parent_path().parent_path().parent_path();
  std::ifstream in(root / "docs" / "engine.md");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(DocsTest, EveryFunctionIsDocumented) {
  std::string docs = ReadDocs();
  ASSERT_FALSE(docs.empty());
  const auto& registry = FunctionRegistry::Default();
  for (const ScalarFunction* function : registry.ScalarFunctions()) {
    EXPECT_NE(docs.find("`" + function->name + "`"), std::string::npos) << function->name << " is not in docs/engine.md";
    EXPECT_FALSE(function->doc.empty()) << function->name;
  }
  for (const AggregateFunction* function : registry.AggregateFunctions()) {
    EXPECT_NE(docs.find("`" + function->name() + "`"), std::string::npos) << function->name() << " is not in docs/engine.md";
  }
}

}  // namespace
}  // namespace sluice::engine
