// SplitFields: a collection of two frames — the fields in Paths (frame 0), and every other
// field (frame 1). Downstream nodes take one with SelectFromCollection.
//
// Thread safety: immutable after parsing.
#pragma once

#include "jobs/nodes/node.h"

namespace sluice::jobs {

Result<std::unique_ptr<Node>> ParseSplitFields(NodeHeader header, const boost::json::object& config);

}  // namespace sluice::jobs
