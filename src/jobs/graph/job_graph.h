// The structure of a visual job: its CodeGenConfigurationNodes read into nodes and edges,
// checked the way Glue Studio's graph must hold — every entry sets exactly one node type, the
// type is one botocore knows, Inputs name nodes that exist, each type has the number of
// inputs it takes, and the edges form no cycle — and put in topological order (inputs before
// the nodes that read them; ties keep the order of the document).
//
// Nothing here looks at data or at node options beyond Name and Inputs; graph_validator.h
// parses and builds the nodes.
//
// Thread safety: immutable after Parse.
#pragma once

#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "common/status.h"
#include "jobs/nodes/node.h"
#include "jobs/nodes/registry.h"

namespace sluice::jobs {

struct GraphNode {
  NodeHeader header;
  const NodeTypeInfo* info = nullptr;
  boost::json::object config;  // the object under the type name
};

class JobGraph {
 public:
  // InvalidInputException naming the node and the problem (every problem found, one per line).
  static Result<JobGraph> Parse(const boost::json::object& nodes);

  // In topological order.
  const std::vector<GraphNode>& nodes() const { return nodes_; }
  // The position in nodes() of the node with this id, or -1.
  int IndexOf(const std::string& id) const;
  // Ids of the nodes that read `id`'s output.
  std::vector<std::string> ConsumersOf(const std::string& id) const;

 private:
  std::vector<GraphNode> nodes_;
};

}  // namespace sluice::jobs
