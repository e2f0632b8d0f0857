// Step Functions interpreter benchmark: state transitions per second for a long Pass/Choice
// loop, in memory (EXPRESS) and with durable history (STANDARD, group commit into a fresh
// states.db), and STANDARD executions started per second. Prints one JSON line per figure.
//
//   states_bench memory  [iterations]             one execution, 2 transitions per iteration
//   states_bench durable [executions] [iterations] concurrent STANDARD executions
//   states_bench starts  [executions] [threads] [express]
//                                                  StartExecution calls: durable STANDARD, or
//                                                  EXPRESS in memory when express is 1
//
// Run through bench/states/run, which also runs aws-local-stepfunctions on the same definition.
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "common/clock.h"
#include "common/file.h"
#include "common/json.h"
#include "common/timer_queue.h"
#include "states/asl/definition.h"
#include "states/interpreter/execution_store.h"
#include "states/interpreter/executor.h"

namespace sluice::states {
namespace {

std::string LoopDefinition(long iterations) {
  return fmt::format(R"JSON({{
  "Comment": "A long Pass/Choice loop",
  "StartAt": "Init",
  "States": {{
    "Init": {{"Type": "Pass", "Result": {{"i": 0}}, "Next": "Loop"}},
    "Loop": {{"Type": "Pass", "Parameters": {{"i.$": "States.MathAdd($.i, 1)"}}, "Next": "Check"}},
    "Check": {{"Type": "Choice", "Choices": [{{"Variable": "$.i", "NumericLessThan": {}, "Next": "Loop"}}],
              "Default": "Done"}},
    "Done": {{"Type": "Succeed"}}
  }}
}})JSON",
                     iterations);
}

std::shared_ptr<const Definition> Parse(const std::string& text) {
  Diagnostics diagnostics;
  auto definition = Definition::Parse(text, DefinitionOptions{}, diagnostics);
  if (!definition) {
    std::fprintf(stderr, "%s\n", diagnostics.InvalidDefinitionMessage().c_str());
    std::exit(1);
  }
  return definition;
}

StartRequest Request(std::shared_ptr<const Definition> definition, std::string name, bool express) {
  StartRequest request;
  request.machine_arn = "arn:aws:states:us-east-1:000000000000:stateMachine:bench";
  request.machine_name = "bench";
  request.role_arn = "arn:aws:iam::000000000000:role/bench";
  request.name = std::move(name);
  request.express = express;
  request.definition = std::move(definition);
  request.input_text = "{}";
  request.input = boost::json::object();
  return request;
}

int Memory(long iterations) {
  TimerQueue timers;
  Executor::Options options;
  options.driver_threads = 1;
  Executor executor(options, nullptr, &timers, &SystemClock::Get(), nullptr);
  auto definition = Parse(LoopDefinition(iterations));
  int64_t start = MonotonicMicros();
  auto started = executor.Start(Request(definition, "memory", true));
  auto outcome = started->execution->WaitForEnd();
  int64_t elapsed = MonotonicMicros() - start;
  uint64_t transitions = started->execution->transitions();
  if (outcome.status != ExecutionStatus::kSucceeded) {
    std::fprintf(stderr, "execution failed: %s %s\n", outcome.error.value_or("").c_str(), outcome.cause.value_or("").c_str());
    return 1;
  }
  std::printf("{\"engine\":\"sluice\",\"mode\":\"memory\",\"transitions\":%llu,\"seconds\":%.3f,\"per_second\":%.0f}\n",
              static_cast<unsigned long long>(transitions), elapsed / 1e6, transitions / (elapsed / 1e6));
  executor.Shutdown();
  timers.Shutdown();
  return 0;
}

std::string TempDir() {
  char pattern[] = "/tmp/sluice-states-bench-XXXXXX";
  char* dir = mkdtemp(pattern);
  if (!dir) std::exit(1);
  return dir;
}

// An executor with two driver threads over a fresh states.db in a temporary directory,
// removed again at the end.
class DurableExecutor {
 public:
  DurableExecutor() : dir_(TempDir()) {
    auto store = ExecutionStore::Open(JoinPath(dir_, "states.db"));
    if (!store.ok()) {
      std::fprintf(stderr, "%s\n", store.status().ToString().c_str());
      std::exit(1);
    }
    store_ = std::move(*store);
    Executor::Options options;
    options.driver_threads = 2;
    executor_ = std::make_unique<Executor>(options, store_.get(), &timers_, &SystemClock::Get(), nullptr);
  }
  ~DurableExecutor() {
    executor_->Shutdown();
    timers_.Shutdown();
    executor_.reset();
    store_.reset();
    std::system(("rm -rf " + dir_).c_str());
  }
  Executor& operator*() { return *executor_; }
  Executor* operator->() { return executor_.get(); }

 private:
  std::string dir_;
  std::unique_ptr<ExecutionStore> store_;
  TimerQueue timers_;
  std::unique_ptr<Executor> executor_;
};

int Durable(int executions, long iterations) {
  DurableExecutor executor;
  auto definition = Parse(LoopDefinition(iterations));
  int64_t start = MonotonicMicros();
  std::vector<std::shared_ptr<Execution>> running;
  for (int i = 0; i < executions; ++i) {
    auto started = executor->Start(Request(definition, fmt::format("durable-{}", i), false));
    if (!started.ok()) {
      std::fprintf(stderr, "%s\n", started.status().ToString().c_str());
      return 1;
    }
    running.push_back(started->execution);
  }
  uint64_t transitions = 0;
  for (auto& execution : running) {
    auto outcome = execution->WaitForEnd();  // returns once the end is durable
    if (outcome.status != ExecutionStatus::kSucceeded) {
      std::fprintf(stderr, "execution failed: %s %s\n", outcome.error.value_or("").c_str(),
                   outcome.cause.value_or("").c_str());
      return 1;
    }
    transitions += execution->transitions();
  }
  int64_t elapsed = MonotonicMicros() - start;
  std::printf(
      "{\"engine\":\"sluice\",\"mode\":\"durable\",\"executions\":%d,\"transitions\":%llu,\"seconds\":%.3f,"
      "\"per_second\":%.0f,\"commits\":%llu}\n",
      executions, static_cast<unsigned long long>(transitions), elapsed / 1e6, transitions / (elapsed / 1e6),
      static_cast<unsigned long long>(executor->journal_writer()->commits()));
  return 0;
}

int Starts(int executions, int threads, bool express) {
  DurableExecutor executor;
  auto definition = Parse(R"({"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}})");
  std::atomic<int> next{0};
  std::atomic<int> failures{0};
  int64_t start = MonotonicMicros();
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&] {
      for (int i = next++; i < executions; i = next++) {
        auto started = executor->Start(Request(definition, fmt::format("start-{}", i), express));
        if (!started.ok()) {
          ++failures;
        } else if (express) {
          // Like the peer's awaited runs: an EXPRESS start counts once its execution has ended.
          started->execution->WaitForEnd();
        }
      }
    });
  }
  for (auto& worker : workers) worker.join();
  int64_t elapsed = MonotonicMicros() - start;
  std::printf(
      "{\"engine\":\"sluice\",\"mode\":\"%s\",\"executions\":%d,\"threads\":%d,\"seconds\":%.3f,"
      "\"per_second\":%.0f,\"failures\":%d,\"commits\":%llu}\n",
      express ? "express-starts" : "starts", executions, threads, elapsed / 1e6, executions / (elapsed / 1e6), failures.load(),
      static_cast<unsigned long long>(executor->journal_writer()->commits()));
  return failures.load() == 0 ? 0 : 1;
}

}  // namespace
}  // namespace sluice::states

int main(int argc, char** argv) {
  std::string mode = argc > 1 ? argv[1] : "memory";
  auto arg = [&](int i, long fallback) { return argc > i ? std::atol(argv[i]) : fallback; };
  if (mode == "memory") return sluice::states::Memory(arg(2, 1000000));
  if (mode == "durable") return sluice::states::Durable(static_cast<int>(arg(2, 20)), arg(3, 5000));
  if (mode == "starts") {
    return sluice::states::Starts(static_cast<int>(arg(2, 5000)), static_cast<int>(arg(3, 32)), arg(4, 0) == 1);
  }
  std::fprintf(stderr, "usage: states_bench memory|durable|starts [...]\n");
  return 2;
}
