// Join: an equi-join of its two inputs. JoinType: equijoin (inner), left, right, outer (full),
// leftsemi, leftanti. Columns: exactly two JoinColumn {From (one of Inputs), Keys (paths)};
// the i-th key of one side is compared with the i-th key of the other (NULL keys never
// match; a string key meets a number by conversion, as in Spark). The left side is Inputs[0].
//
// Output: the left columns, then the right ones (leftsemi and leftanti: the left ones only).
// Both sides naming a column alike is refused at validation — Glue Studio renames one side's
// keys first (its "Renamed keys for Join" ApplyMapping node), and so must a hand-written job.
//
// Thread safety: immutable after parsing.
#pragma once

#include "jobs/nodes/node.h"

namespace sluice::jobs {

Result<std::unique_ptr<Node>> ParseJoin(NodeHeader header, const boost::json::object& config);

}  // namespace sluice::jobs
