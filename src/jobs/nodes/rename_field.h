// RenameField: renames the field at SourcePath to the last name of TargetPath (same parent;
// nested fields are renamed inside their struct). Other fields keep their place.
//
// Thread safety: immutable after parsing.
#pragma once

#include "jobs/nodes/node.h"

namespace sluice::jobs {

Result<std::unique_ptr<Node>> ParseRenameField(NodeHeader header, const boost::json::object& config);

}  // namespace sluice::jobs
