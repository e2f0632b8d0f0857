// Default per-thread states: see physical_operator.h.
#include "engine/pipeline/physical_operator.h"

namespace sluice::engine {

std::unique_ptr<OperatorState> Source::MakeState(ExecutionContext&) const { return std::make_unique<OperatorState>(); }
std::unique_ptr<OperatorState> Operator::MakeState(ExecutionContext&) const { return std::make_unique<OperatorState>(); }
std::unique_ptr<OperatorState> Sink::MakeState(ExecutionContext&) const { return std::make_unique<OperatorState>(); }

}  // namespace sluice::engine
