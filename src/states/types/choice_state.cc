// Choice state: see choice_state.h.
#include "states/types/choice_state.h"

#include <fmt/format.h>

#include "states/asl/state_error.h"
#include "states/types/state_parser.h"
#include "states/types/state_run.h"

namespace sluice::states {

void ChoiceState::Parse(StateParser& parser) {
  parser.AllowOnly({"Choices", "Default", "InputPath", "OutputPath", "Assign"});
  ParseComment(parser);
  ParseDataFlow(parser, kInputPath | kOutputPath | kAssign);
  parser.Require({"Choices"});
  if (const auto* choices = parser.Find("Choices")) {
    if (!choices->is_array() || choices->get_array().empty()) {
      parser.Error(codes::kSchemaValidationFailed, "The value for the field 'Choices' must be a non-empty ARRAY",
                   parser.location() + "/Choices");
    } else {
      size_t i = 0;
      for (const auto& rule : choices->get_array()) {
        rules_.push_back(ChoiceRule::Parse(rule, fmt::format("{}/Choices[{}]", parser.location(), i++),
                                           /*top_level=*/true, parser.diagnostics()));
        if (rules_.back()->assign()) parser.NoteVariables();
      }
    }
  }
  if (auto name = parser.String("Default")) default_name_ = *name;
}

void ChoiceState::Link(StateLinker& linker) {
  for (size_t i = 0; i < rules_.size(); ++i) {
    const std::string& next = rules_[i]->next();
    targets_.push_back(next.empty() ? nullptr
                                    : linker.Resolve(next, fmt::format("{}/Choices[{}]/Next", location_, i)));
  }
  if (!default_name_.empty()) default_ = linker.Resolve(default_name_, location_ + "/Default");
}

std::vector<const State*> ChoiceState::Successors() const {
  std::vector<const State*> out;
  for (const State* target : targets_) {
    if (target) out.push_back(target);
  }
  if (default_) out.push_back(default_);
  return out;
}

void ChoiceState::Run(StateRun& run) const {
  auto effective = flow_.ApplyInputPath(run.input());
  if (!effective.ok()) return run.Fail(effective.TakeStatus());
  const State* next = nullptr;
  const std::optional<PayloadTemplate>* assign = &flow_.assign;
  for (size_t i = 0; i < rules_.size(); ++i) {
    auto matched = rules_[i]->Evaluate(*effective, run);
    if (!matched.ok()) return run.Fail(matched.TakeStatus());
    if (*matched) {
      next = targets_[i];
      assign = &rules_[i]->assign();
      break;
    }
  }
  if (!next) {
    if (!default_) return run.Fail(StateError(errors::kNoChoiceMatched, "No Matches!"));
    next = default_;
  }
  if (*assign) {
    auto assigned = (*assign)->Evaluate(*effective, run);
    if (!assigned.ok()) return run.Fail(assigned.TakeStatus());
    if (assigned->is_object()) run.SetVariables(std::move(assigned->get_object()));
  }
  auto output = flow_.ApplyOutputPath(std::move(*effective));
  if (!output.ok()) return run.Fail(output.TakeStatus());
  run.Transition(next, std::move(*output));
}

}  // namespace sluice::states
