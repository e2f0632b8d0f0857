// Union: the rows of both inputs, by column position as Spark's UNION does (names from the
// first input; the inputs must have as many columns, whose types are unified). UnionType ALL
// keeps every row, DISTINCT removes duplicate rows.
//
// Thread safety: immutable after parsing.
#pragma once

#include "jobs/nodes/node.h"

namespace sluice::jobs {

Result<std::unique_ptr<Node>> ParseUnion(NodeHeader header, const boost::json::object& config);

}  // namespace sluice::jobs
