// The interpreter end to end in memory: data flow, choices, waits, errors, Retry/Catch,
// Parallel and Map.
#include <gtest/gtest.h>

#include "common/json.h"
#include "run_helper.h"

namespace sluice::states {
namespace {

using testing::TestRunner;

boost::json::value J(std::string_view text) { return *ParseJson(text); }

TEST(Interpreter, PassChainWithParametersAndResultPath) {
  TestRunner runner;
  auto result = runner.Run(R"J({
    "StartAt": "A",
    "States": {
      "A": {"Type": "Pass", "Parameters": {"x.$": "$.n", "fixed": 1}, "ResultPath": "$.p", "Next": "B"},
      "B": {"Type": "Pass", "Result": {"r": true}, "ResultPath": "$.p.q", "OutputPath": "$.p", "End": true}
    }})J",
                           R"J({"n": 5})J");
  ASSERT_EQ(result.status, ExecutionStatus::kSucceeded) << result.error << result.cause << result.diagnostics;
  EXPECT_EQ(J(result.output), J(R"J({"x":5,"fixed":1,"q":{"r":true}})J"));
}

TEST(Interpreter, ChoiceLoopCounts) {
  TestRunner runner;
  auto result = runner.Run(R"J({
    "StartAt": "Init",
    "States": {
      "Init": {"Type": "Pass", "Result": {"i": 0}, "Next": "Inc"},
      "Inc": {"Type": "Pass", "Parameters": {"i.$": "States.MathAdd($.i, 1)"}, "Next": "Check"},
      "Check": {"Type": "Choice", "Choices": [{"Variable": "$.i", "NumericLessThan": 1000, "Next": "Inc"}],
                "Default": "Done"},
      "Done": {"Type": "Succeed"}
    }})J");
  ASSERT_EQ(result.status, ExecutionStatus::kSucceeded) << result.error << result.cause;
  EXPECT_EQ(J(result.output), J(R"J({"i":1000})J"));
}

TEST(Interpreter, FailStateEndsTheExecution) {
  TestRunner runner;
  auto result = runner.Run(R"J({"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "Boom", "Cause": "why"}}})J");
  EXPECT_EQ(result.status, ExecutionStatus::kFailed);
  EXPECT_EQ(result.error, "Boom");
  EXPECT_EQ(result.cause, "why");
}

TEST(Interpreter, NoChoiceMatched) {
  TestRunner runner;
  auto result = runner.Run(R"J({"StartAt": "C", "States": {
      "C": {"Type": "Choice", "Choices": [{"Variable": "$.x", "IsPresent": true, "Next": "S"}]},
      "S": {"Type": "Succeed"}}})J");
  EXPECT_EQ(result.status, ExecutionStatus::kFailed);
  EXPECT_EQ(result.error, "States.NoChoiceMatched");
}

TEST(Interpreter, MissingPathIsRuntimeErrorWithStateContext) {
  TestRunner runner;
  auto result = runner.Run(R"J({"StartAt": "P", "States": {
      "P": {"Type": "Pass", "InputPath": "$.missing", "End": true}}})J");
  EXPECT_EQ(result.status, ExecutionStatus::kFailed);
  EXPECT_EQ(result.error, "States.Runtime");
  EXPECT_NE(result.cause.find("An error occurred while executing the state 'P'"), std::string::npos) << result.cause;
  EXPECT_NE(result.cause.find("Invalid path '$.missing' : No results for path: $['missing']"), std::string::npos);
}

TEST(Interpreter, ParallelCollectsBranchOutputs) {
  TestRunner runner;
  auto result = runner.Run(R"J({"StartAt": "P", "States": {
      "P": {"Type": "Parallel", "End": true, "Branches": [
        {"StartAt": "A", "States": {"A": {"Type": "Pass", "Result": 1, "End": true}}},
        {"StartAt": "B", "States": {"B": {"Type": "Pass", "InputPath": "$.v", "End": true}}}
      ]}}})J",
                           R"J({"v": "x"})J");
  ASSERT_EQ(result.status, ExecutionStatus::kSucceeded) << result.error << result.cause;
  EXPECT_EQ(J(result.output), J(R"J([1, "x"])J"));
}

TEST(Interpreter, ParallelBranchFailureIsCaught) {
  TestRunner runner;
  auto result = runner.Run(R"J({"StartAt": "P", "States": {
      "P": {"Type": "Parallel", "Next": "Done", "Branches": [
        {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 100, "End": true}}},
        {"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "E1", "Cause": "c1"}}}
      ], "Catch": [{"ErrorEquals": ["E1"], "ResultPath": "$.err", "Next": "Done"}]},
      "Done": {"Type": "Succeed"}}})J",
                           R"J({"in": 1})J");
  ASSERT_EQ(result.status, ExecutionStatus::kSucceeded) << result.error << result.cause;
  EXPECT_EQ(J(result.output), J(R"J({"in": 1, "err": {"Error": "E1", "Cause": "c1"}})J"));
}

TEST(Interpreter, MapWithItemSelectorAndConcurrency) {
  TestRunner runner;
  auto result = runner.Run(R"J({"StartAt": "M", "States": {
      "M": {"Type": "Map", "ItemsPath": "$.items", "MaxConcurrency": 2,
            "ItemSelector": {"v.$": "$$.Map.Item.Value", "i.$": "$$.Map.Item.Index", "k.$": "$.k"},
            "ItemProcessor": {"StartAt": "Double", "States": {
              "Double": {"Type": "Pass", "Parameters": {"r.$": "States.MathAdd($.v, $.v)", "i.$": "$.i", "k.$": "$.k"},
                         "End": true}}},
            "End": true}}})J",
                           R"J({"items": [1, 2, 3], "k": "z"})J");
  ASSERT_EQ(result.status, ExecutionStatus::kSucceeded) << result.error << result.cause;
  EXPECT_EQ(J(result.output), J(R"J([{"r":2,"i":0,"k":"z"},{"r":4,"i":1,"k":"z"},{"r":6,"i":2,"k":"z"}])J"));
}

TEST(Interpreter, WaitUsesTheVirtualClock) {
  TestRunner runner(/*time_scale=*/10000.0);
  auto result = runner.Run(R"J({"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 30, "End": true}}})J",
                           R"J({"a": 1})J");
  ASSERT_EQ(result.status, ExecutionStatus::kSucceeded);
  EXPECT_EQ(J(result.output), J(R"J({"a": 1})J"));
}

TEST(Interpreter, VariablesAssignedAndRead) {
  TestRunner runner;
  auto result = runner.Run(R"J({"StartAt": "A", "States": {
      "A": {"Type": "Pass", "Assign": {"x.$": "$.n", "y": "lit"}, "Next": "B"},
      "B": {"Type": "Pass", "Parameters": {"x.$": "$x", "y.$": "$y"}, "End": true}}})J",
                           R"J({"n": 7})J");
  ASSERT_EQ(result.status, ExecutionStatus::kSucceeded) << result.error << result.cause;
  EXPECT_EQ(J(result.output), J(R"J({"x": 7, "y": "lit"})J"));
}

}  // namespace
}  // namespace sluice::states
