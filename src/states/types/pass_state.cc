// Pass state: see pass_state.h.
#include "states/types/pass_state.h"

#include "states/types/state_parser.h"
#include "states/types/state_run.h"

namespace sluice::states {

void PassState::Parse(StateParser& parser) {
  parser.AllowOnly({"Next", "End", "InputPath", "OutputPath", "Parameters", "Result", "ResultPath", "Assign"});
  ParseComment(parser);
  ParseTransition(parser);
  ParseDataFlow(parser, kInputPath | kParameters | kResultPath | kOutputPath | kAssign);
  if (const auto* result = parser.Find("Result")) result_ = *result;
  plain_ = !flow_.input_path.present() && !flow_.parameters && !flow_.result_path.present() &&
           !flow_.output_path.present() && !flow_.assign && !result_;
}

void PassState::Run(StateRun& run) const {
  if (plain_) {
    run.Transition(next_, run.TakeInput());
    return;
  }
  // The state's result: Result, else the effective input (InputPath, then Parameters).
  Result<boost::json::value> result = result_ ? Result<boost::json::value>(*result_)
                                              : flow_.EffectiveInput(run.input(), run);
  if (!result.ok()) return run.Fail(result.TakeStatus());
  if (flow_.assign) {
    auto assigned = flow_.EvaluateAssign(*result, run);
    if (!assigned.ok()) return run.Fail(assigned.TakeStatus());
    run.SetVariables(std::move(*assigned));
  }
  auto placed = flow_.PlaceResult(run.TakeInput(), std::move(*result));
  if (!placed.ok()) return run.Fail(placed.TakeStatus());
  auto output = flow_.ApplyOutputPath(std::move(*placed));
  if (!output.ok()) return run.Fail(output.TakeStatus());
  run.Transition(next_, std::move(*output));
}

}  // namespace sluice::states
