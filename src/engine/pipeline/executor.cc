// The pipeline executor: see executor.h.
#include "engine/pipeline/executor.h"

#include <atomic>
#include <mutex>

#include "common/thread_pool.h"

namespace sluice::engine {

namespace {

// One pipeline's run: shared between its workers.
class PipelineRun {
 public:
  PipelineRun(const Pipeline& pipeline, ExecutionContext& context) : pipeline_(pipeline), context_(context) {}

  void Worker() {
    Status status = WorkerLoop();
    if (!status.ok()) Fail(status);
  }

  // After every worker: trailing operator output (right/full join rows), then finalisation.
  Status Finish() {
    if (!first_error_.ok()) return first_error_;
    for (size_t i = 0; i < pipeline_.operators.size(); ++i) {
      const Operator& op = *pipeline_.operators[i];
      if (!op.has_finish_output() || !pipeline_.run_operator_finish) continue;
      // Run what follows the operator on this thread, with fresh states.
      std::vector<std::unique_ptr<OperatorState>> states;
      for (size_t j = i + 1; j < pipeline_.operators.size(); ++j) states.push_back(pipeline_.operators[j]->MakeState(context_));
      auto sink_state = pipeline_.sink->MakeState(context_);
      uint64_t sequence = sequence_end_++;
      Emit push_rest = [&](columnar::BatchPtr batch) { return Push(i + 1, states, i + 1, *sink_state, sequence, std::move(batch)); };
      RETURN_IF_ERROR(op.Finish(context_, push_rest));
      RETURN_IF_ERROR(pipeline_.sink->SequenceDone(context_, *sink_state, sequence));
      RETURN_IF_ERROR(pipeline_.sink->Combine(context_, *sink_state));
    }
    if (pipeline_.finalize_sink) RETURN_IF_ERROR(pipeline_.sink->Finalize(context_));
    return Status::Ok();
  }

 private:
  Status WorkerLoop() {
    auto source_state = pipeline_.source->MakeState(context_);
    std::vector<std::unique_ptr<OperatorState>> states;
    for (const auto& op : pipeline_.operators) states.push_back(op->MakeState(context_));
    auto sink_state = pipeline_.sink->MakeState(context_);
    while (!stop_.load(std::memory_order_relaxed)) {
      if (context_.cancelled()) return Cancelled("query cancelled");
      if (pipeline_.sink->Satisfied()) break;
      Morsel morsel;
      ASSIGN_OR_RETURN(bool more, pipeline_.source->Next(context_, *source_state, &morsel));
      if (!more) break;
      uint64_t seen = sequence_end_.load(std::memory_order_relaxed);
      while (morsel.sequence + 1 > seen && !sequence_end_.compare_exchange_weak(seen, morsel.sequence + 1)) {
      }
      RETURN_IF_ERROR(Push(0, states, 0, *sink_state, morsel.sequence, std::move(morsel.batch)));
      RETURN_IF_ERROR(pipeline_.sink->SequenceDone(context_, *sink_state, morsel.sequence));
    }
    return pipeline_.sink->Combine(context_, *sink_state);
  }

  // Pushes a batch through operators [level, end) into the sink. `states[k]` belongs to
  // operator `first + k`.
  Status Push(size_t level, std::vector<std::unique_ptr<OperatorState>>& states, size_t first, OperatorState& sink_state,
              uint64_t sequence, columnar::BatchPtr batch) {
    if (level == pipeline_.operators.size()) {
      if (batch->num_rows() == 0) return Status::Ok();
      return pipeline_.sink->Consume(context_, sink_state, batch, sequence);
    }
    if (stop_.load(std::memory_order_relaxed)) return Status::Ok();
    Emit next = [&, level](columnar::BatchPtr out) {
      return Push(level + 1, states, first, sink_state, sequence, std::move(out));
    };
    return pipeline_.operators[level]->Process(context_, *states[level - first], batch, next);
  }

  void Fail(const Status& status) {
    std::lock_guard<std::mutex> lock(error_mutex_);
    if (first_error_.ok()) first_error_ = status;
    stop_.store(true);
    abort_hook_();
  }

 public:
  // Called when a worker fails, so that sinks waiting on ordering wake up.
  std::function<void()> abort_hook_ = [] {};

 private:
  const Pipeline& pipeline_;
  ExecutionContext& context_;
  std::atomic<bool> stop_{false};
  // One past the largest sequence handed out (sources number their batches densely from 0).
  std::atomic<uint64_t> sequence_end_{0};
  std::mutex error_mutex_;
  Status first_error_;  // guarded by error_mutex_
};

}  // namespace

std::string PhysicalPlan::ToString() const {
  std::string out;
  for (size_t i = 0; i < pipelines.size(); ++i) {
    const Pipeline& p = pipelines[i];
    out += "Pipeline " + std::to_string(i + 1) + ": " + p.source->ToString();
    for (const auto& op : p.operators) out += " -> " + op->ToString();
    out += " -> " + p.sink->ToString() + "\n";
  }
  return out;
}

Status ExecutePhysicalPlan(const PhysicalPlan& plan, ExecutionContext& context) {
  for (const Pipeline& pipeline : plan.pipelines) {
    if (context.cancelled()) return Cancelled("query cancelled");
    RETURN_IF_ERROR(pipeline.sink->BeginInput(context));
    PipelineRun run(pipeline, context);
    Sink* sink = pipeline.sink.get();
    run.abort_hook_ = [sink] { sink->Abort(); };
    size_t threads = context.threads();
    ParallelFor(threads, threads, [&](size_t) { run.Worker(); });
    RETURN_IF_ERROR(run.Finish());
  }
  return Status::Ok();
}

}  // namespace sluice::engine
