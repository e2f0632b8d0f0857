// Definition diagnostics: see diagnostics.h.
#include "states/asl/diagnostics.h"

namespace sluice::states {

void Diagnostics::Error(std::string_view code, std::string message, std::string location) {
  items_.push_back({"ERROR", std::string(code), std::move(message), std::move(location)});
  ++errors_;
}

void Diagnostics::Warning(std::string_view code, std::string message, std::string location) {
  items_.push_back({"WARNING", std::string(code), std::move(message), std::move(location)});
}

std::string Diagnostics::InvalidDefinitionMessage() const {
  std::string text = "Invalid State Machine Definition: '";
  bool first = true;
  for (const auto& item : items_) {
    if (item.severity != "ERROR") continue;
    if (!first) text += ", ";
    first = false;
    text += item.code;
    if (!item.message.empty()) {
      text += ": ";
      text += item.message;
    }
    if (item.location == "-") continue;  // no location (malformed JSON)
    text += " at ";
    text += item.location.empty() ? "null" : item.location;
  }
  text += "'";
  return text;
}

}  // namespace sluice::states
