// The state base class: see state.h.
#include "states/types/state.h"

#include "states/asl/state_error.h"
#include "states/types/state_parser.h"
#include "states/types/state_run.h"

namespace sluice::states {

std::string_view StateTypeName(StateType type) {
  switch (type) {
    case StateType::kPass: return "Pass";
    case StateType::kTask: return "Task";
    case StateType::kChoice: return "Choice";
    case StateType::kWait: return "Wait";
    case StateType::kSucceed: return "Succeed";
    case StateType::kFail: return "Fail";
    case StateType::kParallel: return "Parallel";
    case StateType::kMap: return "Map";
  }
  return "Unknown";
}

void State::Link(StateLinker& linker) {
  if (!next_name_.empty()) next_ = linker.Resolve(next_name_, location_ + "/Next");
  for (size_t i = 0; i < catchers_.size(); ++i) {
    if (!catchers_[i].next_name.empty()) {
      catchers_[i].next = linker.Resolve(catchers_[i].next_name, location_ + "/Catch[" + std::to_string(i) + "]/Next");
    }
  }
}

std::vector<const State*> State::Successors() const {
  std::vector<const State*> out;
  if (next_) out.push_back(next_);
  for (const auto& catcher : catchers_) {
    if (catcher.next) out.push_back(catcher.next);
  }
  return out;
}

void State::Resume(StateRun& run, Wakeup& wakeup) const {
  run.Fail(StateError(errors::kRuntime, "The state '" + name_ + "' cannot be resumed"));
}

void State::CompleteWithResult(StateRun& run, boost::json::value result) const {
  if (flow_.assign) {
    auto assigned = flow_.EvaluateAssign(result, run);
    if (!assigned.ok()) return run.Fail(assigned.TakeStatus());
    run.SetVariables(std::move(*assigned));
  }
  auto selected = flow_.SelectResult(std::move(result), run);
  if (!selected.ok()) return run.Fail(selected.TakeStatus());
  // Keep the raw input while a catcher might still need it.
  boost::json::value raw = catchers_.empty() ? run.TakeInput() : run.input();
  auto placed = flow_.PlaceResult(std::move(raw), std::move(*selected));
  if (!placed.ok()) return run.Fail(placed.TakeStatus());
  auto output = flow_.ApplyOutputPath(std::move(*placed));
  if (!output.ok()) return run.Fail(output.TakeStatus());
  run.Transition(next_, std::move(*output));
}

void State::ParseTransition(StateParser& parser) {
  const boost::json::value* next = parser.Find("Next");
  const boost::json::value* end = parser.Find("End");
  if (next && end) {
    parser.Error(codes::kSchemaValidationFailed, "Only one of these fields may be given: [Next, End]");
  }
  if (next) {
    if (auto name = parser.String("Next")) next_name_ = *name;
  } else if (end) {
    if (auto value = parser.Boolean("End")) {
      end_ = *value;
      if (!end_) parser.Error(codes::kSchemaValidationFailed, "The value for the field 'End' must be true");
    }
  } else {
    parser.Error(codes::kMissingTransitionTarget, "Either 'Next' or 'End' must be set");
  }
}

void State::ParseDataFlow(StateParser& parser, unsigned fields) {
  Diagnostics& diagnostics = parser.diagnostics();
  const std::string& here = parser.location();
  if (fields & kInputPath) flow_.input_path = ParsePathField(parser.spec(), "InputPath", here, false, diagnostics);
  if (fields & kOutputPath) flow_.output_path = ParsePathField(parser.spec(), "OutputPath", here, false, diagnostics);
  if (fields & kResultPath) flow_.result_path = ParsePathField(parser.spec(), "ResultPath", here, true, diagnostics);
  auto parse_template = [&](std::string_view field, std::optional<PayloadTemplate>& out) {
    const boost::json::value* spec = parser.Find(field);
    if (!spec) return;
    if (field != "Parameters" && !spec->is_object()) {
      parser.Error(codes::kSchemaValidationFailed,
                   "The value for the field '" + std::string(field) + "' must be an OBJECT");
      return;
    }
    out = PayloadTemplate::Compile(*spec, here + "/" + std::string(field), diagnostics);
  };
  if (fields & kParameters) parse_template("Parameters", flow_.parameters);
  if (fields & kResultSelector) parse_template("ResultSelector", flow_.result_selector);
  if (fields & kAssign) {
    parse_template("Assign", flow_.assign);
    if (flow_.assign) parser.NoteVariables();
  }
}

void State::ParseComment(StateParser& parser) {
  if (auto comment = parser.String("Comment")) comment_ = *comment;
}

void State::ParseErrorHandling(StateParser& parser) {
  if (const auto* retry = parser.Find("Retry")) {
    retriers_ = ParseRetriers(*retry, parser.location() + "/Retry", parser.diagnostics());
  }
  if (const auto* catches = parser.Find("Catch")) {
    catchers_ = ParseCatchers(*catches, parser.location() + "/Catch", parser.diagnostics());
  }
}

}  // namespace sluice::states
