// SelectFromCollection: frame Index (0-based) of a collection (SplitFields' output). A single
// frame is a collection of one, so Index 0 passes it through.
//
// Thread safety: immutable after parsing.
#pragma once

#include "jobs/nodes/node.h"

namespace sluice::jobs {

Result<std::unique_ptr<Node>> ParseSelectFromCollection(NodeHeader header, const boost::json::object& config);

}  // namespace sluice::jobs
