// Runs a state machine definition in memory (no store, no history) for unit tests: the real
// interpreter with a real timer queue and clock; integrations may be added by the test.
#pragma once

#include <memory>
#include <string>

#include "common/clock.h"
#include "common/json.h"
#include "common/timer_queue.h"
#include "states/asl/definition.h"
#include "states/interpreter/executor.h"

namespace sluice::states::testing {

struct RunResult {
  ExecutionStatus status = ExecutionStatus::kRunning;
  std::string output;
  std::string error;
  std::string cause;
  std::string diagnostics;  // when the definition did not parse
};

class TestRunner {
 public:
  explicit TestRunner(double time_scale = 1000.0) {
    Executor::Options options;
    options.time_scale = time_scale;
    options.driver_threads = 2;
    executor_ = std::make_unique<Executor>(options, nullptr, &timers_, &SystemClock::Get(), nullptr);
  }
  ~TestRunner() {
    executor_->Shutdown();
    timers_.Shutdown();
  }
  Executor& executor() { return *executor_; }

  RunResult Run(const std::string& definition, const std::string& input = "{}") {
    RunResult result;
    Diagnostics diagnostics;
    auto parsed = Definition::Parse(definition, DefinitionOptions{}, diagnostics);
    if (!parsed) {
      result.status = ExecutionStatus::kFailed;
      result.diagnostics = diagnostics.InvalidDefinitionMessage();
      return result;
    }
    StartRequest request;
    request.machine_arn = "arn:aws:states:us-east-1:000000000000:stateMachine:test";
    request.machine_name = "test";
    request.role_arn = "arn:aws:iam::000000000000:role/test";
    request.name = "run";
    request.express = true;
    request.definition = parsed;
    request.input_text = input;
    auto value = ParseJson(input);
    request.input = value.ok() ? *value : boost::json::value();
    auto started = executor_->Start(std::move(request));
    if (!started.ok()) {
      result.error = started.status().ToString();
      return result;
    }
    ExecutionOutcome outcome = started->execution->WaitForEnd();
    result.status = outcome.status;
    result.output = outcome.output.value_or("");
    result.error = outcome.error.value_or("");
    result.cause = outcome.cause.value_or("");
    return result;
  }

 private:
  TimerQueue timers_;
  std::unique_ptr<Executor> executor_;
};

}  // namespace sluice::states::testing
