// ApplyMapping: renames, casts and drops fields, and reshapes structs. Output: one column per
// mapping that is not Dropped, in the order of Mapping, named ToKey; every field no mapping
// names is left out (Glue's ApplyMapping keeps only mapped fields).
//
// Mapping[i]: FromPath (path into the input), ToKey (output name, taken literally), ToType
// (a Glue/Spark type: string, int, long, short, byte, double, float, decimal[(p,s)], boolean,
// date, timestamp, binary, struct, array, map), FromType (informational), Dropped, Children
// (for ToType struct: the struct's new fields, each FromPath relative to the parent's).
//
// Values that do not convert become NULL, as in Glue; a cast between types that never
// convert (date to boolean, a struct to int) is refused at validation naming the field.
//
// Thread safety: immutable after parsing.
#pragma once

#include "jobs/nodes/node.h"

namespace sluice::jobs {

Result<std::unique_ptr<Node>> ParseApplyMapping(NodeHeader header, const boost::json::object& config);

}  // namespace sluice::jobs
