// Parallel state: see parallel_state.h.
#include "states/types/parallel_state.h"

#include <fmt/format.h>

#include "states/types/state_parser.h"
#include "states/types/state_run.h"

namespace sluice::states {

namespace json = boost::json;

void ParallelState::Parse(StateParser& parser) {
  parser.AllowOnly({"Next", "End", "Branches", "InputPath", "Parameters", "ResultSelector", "ResultPath", "OutputPath",
                    "Retry", "Catch", "Assign"});
  ParseComment(parser);
  ParseTransition(parser);
  ParseDataFlow(parser, kInputPath | kParameters | kResultSelector | kResultPath | kOutputPath | kAssign);
  ParseErrorHandling(parser);
  parser.Require({"Branches"});
  const json::value* branches = parser.Find("Branches");
  if (!branches) return;
  if (!branches->is_array() || branches->get_array().empty()) {
    parser.Error(codes::kSchemaValidationFailed, "The value for the field 'Branches' must be a non-empty ARRAY",
                 parser.location() + "/Branches");
    return;
  }
  size_t i = 0;
  for (const auto& branch : branches->get_array()) {
    branches_.push_back(parser.ParseGraph(branch, fmt::format("{}/Branches[{}]", parser.location(), i++)));
  }
}

int ParallelState::ChildDepth() const {
  int depth = 0;
  for (const auto& branch : branches_) {
    for (const auto& state : branch->states()) depth = std::max(depth, state->ChildDepth());
  }
  return depth + 1;
}

void ParallelState::Run(StateRun& run) const {
  auto effective = flow_.EffectiveInput(run.input(), run);
  if (!effective.ok()) return run.Fail(effective.TakeStatus());
  if (run.recording()) run.Emit("ParallelStateStarted", {});
  ChildrenRequest request;
  for (const auto& branch : branches_) request.children.push_back({branch.get(), *effective});
  run.StartChildren(std::move(request));
}

void ParallelState::Resume(StateRun& run, Wakeup& wakeup) const {
  if (wakeup.kind == Wakeup::Kind::kChildFailed) {
    if (run.recording()) run.Emit("ParallelStateFailed", {});
    return run.Fail(std::move(wakeup.error));
  }
  if (wakeup.kind != Wakeup::Kind::kChildrenDone) return State::Resume(run, wakeup);
  if (run.recording()) run.Emit("ParallelStateSucceeded", {});
  json::array outputs;
  outputs.reserve(wakeup.results.size());
  for (auto& result : wakeup.results) outputs.push_back(std::move(result.output));
  CompleteWithResult(run, json::value(std::move(outputs)));
}

}  // namespace sluice::states
