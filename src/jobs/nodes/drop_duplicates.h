// DropDuplicates: removes repeated rows. With Columns (top-level column paths), rows that
// repeat those columns' values are removed, keeping the first in input order; without, rows
// that repeat every column.
//
// Thread safety: immutable after parsing.
#pragma once

#include "jobs/nodes/node.h"

namespace sluice::jobs {

Result<std::unique_ptr<Node>> ParseDropDuplicates(NodeHeader header, const boost::json::object& config);

}  // namespace sluice::jobs
