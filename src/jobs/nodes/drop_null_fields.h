// DropNullFields: removes the columns whose every value is null. NullCheckBoxList widens
// "null" to empty strings (IsEmpty), the text "null" (IsNullString) and the integer -1
// (IsNegOne); NullTextList adds placeholders of a type ({Value, Datatype{Id, Label}}: a
// placeholder counts only in columns of that type — string, int/long/short/byte, double/
// float/decimal, boolean, date, timestamp). Values themselves are left as they are.
//
// Which columns go depends on the data: the run first reads the input to count each
// column's real values, then builds the rest of the plan without the empty columns. Before a
// run the schema shown is the input's, marked as data dependent. An input without rows drops
// nothing (there is no evidence that a column is empty).
//
// Thread safety: immutable after parsing.
#pragma once

#include "jobs/nodes/node.h"

namespace sluice::jobs {

Result<std::unique_ptr<Node>> ParseDropNullFields(NodeHeader header, const boost::json::object& config);

}  // namespace sluice::jobs
