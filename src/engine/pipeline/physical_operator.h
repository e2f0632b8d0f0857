// The three roles in a pipeline, after DuckDB's push model: a Source hands out batches (any
// number of worker threads pull from it at once), Operators transform each batch on the thread
// that pulled it, and a Sink consumes the results. Blocking operators (hash join build, hash
// aggregate, sort, limit) are a Sink for one pipeline and a Source for the next.
//
// Order: every batch a source hands out carries a sequence number in the source's order (dense,
// from 0); the
// outputs of one source batch keep that number through the operators, so sinks that must keep
// the input order (a write, a query result, LIMIT) can reassemble it (see sequence_order.h).
//
// The parallel contract (what the executor guarantees):
//   - MakeState() is called once per worker thread; a state is used by that thread only;
//   - Source::Next, Operator::Process and Sink::Consume run concurrently on different states;
//   - after a thread runs out of input: Sink::Combine(its state), serialised by the sink;
//   - after every thread: Operator::Finish (once, single-threaded) for operators with
//     trailing output (the unmatched rows of a right or full join), pushed down the pipeline;
//     then Sink::Finalize, once.
//
// Thread safety: as above; shared state inside an operator is its own to guard.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "columnar/record_batch.h"
#include "common/status.h"
#include "engine/pipeline/execution_context.h"

namespace sluice::engine {

// Per-thread state of a source, operator or sink. Implementations derive from it.
class OperatorState {
 public:
  virtual ~OperatorState() = default;
};

// A batch and its place in the source's order.
struct Morsel {
  columnar::BatchPtr batch;
  uint64_t sequence = 0;
};

class Source {
 public:
  virtual ~Source() = default;
  virtual const columnar::SchemaPtr& schema() const = 0;
  virtual std::unique_ptr<OperatorState> MakeState(ExecutionContext& context) const;
  // Fills `out` with the next batch and returns true, or returns false at the end. May be
  // called from several threads at once (each with its own state).
  virtual Result<bool> Next(ExecutionContext& context, OperatorState& state, Morsel* out) const = 0;
  // One line for plans ("Scan orders.csv [id, amount]").
  virtual std::string ToString() const = 0;
};

// Where an operator sends its output batches (to the next operator or the sink).
using Emit = std::function<Status(columnar::BatchPtr)>;

class Operator {
 public:
  virtual ~Operator() = default;
  virtual const columnar::SchemaPtr& schema() const = 0;
  virtual std::unique_ptr<OperatorState> MakeState(ExecutionContext& context) const;
  // Transforms one batch, emitting zero or more batches.
  virtual Status Process(ExecutionContext& context, OperatorState& state, const columnar::BatchPtr& batch,
                         const Emit& emit) const = 0;
  // Whether Finish has output to add after all input (right/full joins).
  virtual bool has_finish_output() const { return false; }
  // Emits trailing output once, after every thread is done with Process.
  virtual Status Finish(ExecutionContext& context, const Emit& emit) const { return Status::Ok(); }
  virtual std::string ToString() const = 0;
};

class Sink {
 public:
  virtual ~Sink() = default;
  virtual std::unique_ptr<OperatorState> MakeState(ExecutionContext& context) const;
  // Called before each pipeline that feeds this sink starts (a UNION feeds one sink from
  // several pipelines, one after the other): sequence numbers start again from 0.
  virtual Status BeginInput(ExecutionContext& context) { return Status::Ok(); }
  // Consumes a batch that derives from source batch `sequence`.
  virtual Status Consume(ExecutionContext& context, OperatorState& state, const columnar::BatchPtr& batch,
                         uint64_t sequence) = 0;
  // Every output of source batch `sequence` has been consumed by this thread.
  virtual Status SequenceDone(ExecutionContext& context, OperatorState& state, uint64_t sequence) {
    return Status::Ok();
  }
  // A thread is done; fold its state into the shared one.
  virtual Status Combine(ExecutionContext& context, OperatorState& state) { return Status::Ok(); }
  // All input is in.
  virtual Status Finalize(ExecutionContext& context) { return Status::Ok(); }
  // True when the sink needs no more input (LIMIT reached): workers stop pulling.
  virtual bool Satisfied() const { return false; }
  // Another worker failed: wake any worker waiting inside the sink (it then fails too).
  virtual void Abort() {}
  virtual std::string ToString() const = 0;
};

}  // namespace sluice::engine
