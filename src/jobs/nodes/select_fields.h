// SelectFields: keeps only the fields in Paths (top-level columns in the order they are first
// named; a nested path keeps its struct with only the named fields).
//
// Thread safety: immutable after parsing.
#pragma once

#include "jobs/nodes/node.h"

namespace sluice::jobs {

Result<std::unique_ptr<Node>> ParseSelectFields(NodeHeader header, const boost::json::object& config);

}  // namespace sluice::jobs
