// The registry of Glue visual-job node types: every CodeGenConfigurationNode member botocore
// knows, with its role, how many inputs it takes, and either the parser of a node Sluice runs
// or the reason it cannot. One line per type in registry.cc; the console's palette and the
// graph validator read this one list.
//
// Thread safety: built once, immutable afterwards.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "jobs/nodes/node.h"

namespace sluice::jobs {

struct NodeTypeInfo {
  std::string type;  // the member name: "S3CsvSource"
  NodeRole role = NodeRole::kTransform;
  int min_inputs = 0;
  int max_inputs = 0;  // -1: no limit
  NodeParser parse;    // null when Sluice cannot run this type
  std::string doc;     // what the node does (runnable types) or why it cannot run
  bool runnable() const { return static_cast<bool>(parse); }
};

// Every known node type, sources first, then transforms, then targets.
const std::vector<NodeTypeInfo>& NodeTypes();
// The type of this name, or null for a name botocore does not know.
const NodeTypeInfo* FindNodeType(std::string_view type);

// "source", "transform", "target".
std::string_view NodeRoleName(NodeRole role);

}  // namespace sluice::jobs
