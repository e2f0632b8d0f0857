// DropFields: removes the fields in Paths (a nested path removes that field from its struct).
//
// Thread safety: immutable after parsing.
#pragma once

#include "jobs/nodes/node.h"

namespace sluice::jobs {

Result<std::unique_ptr<Node>> ParseDropFields(NodeHeader header, const boost::json::object& config);

}  // namespace sluice::jobs
