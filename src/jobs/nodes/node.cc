// Nodes: see node.h.
#include "jobs/nodes/node.h"

#include <fmt/format.h>

namespace sluice::jobs {

std::string Node::Label() const {
  if (header_.name.empty() || header_.name == header_.id) return fmt::format("{} '{}'", header_.type, header_.id);
  return fmt::format("{} \"{}\" ({})", header_.type, header_.name, header_.id);
}

Result<Frame> SingleFrame(const NodeOutput& input, const std::string& input_id) {
  if (input.collection || input.frames.size() != 1) {
    return InvalidArgument(fmt::format(
        "input '{}' is a collection of {} frames; pick one with a SelectFromCollection node first", input_id,
        input.frames.size()));
  }
  return input.frames[0];
}

}  // namespace sluice::jobs
