// Succeed state: see succeed_state.h.
#include "states/types/succeed_state.h"

#include "states/types/state_parser.h"
#include "states/types/state_run.h"

namespace sluice::states {

void SucceedState::Parse(StateParser& parser) {
  parser.AllowOnly({"InputPath", "OutputPath"});
  ParseComment(parser);
  ParseDataFlow(parser, kInputPath | kOutputPath);
  end_ = true;
}

void SucceedState::Run(StateRun& run) const {
  auto effective = flow_.ApplyInputPath(run.input());
  if (!effective.ok()) return run.Fail(effective.TakeStatus());
  auto output = flow_.ApplyOutputPath(std::move(*effective));
  if (!output.ok()) return run.Fail(output.TakeStatus());
  run.Transition(nullptr, std::move(*output));
}

}  // namespace sluice::states
