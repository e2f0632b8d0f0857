// Filter: keeps the rows that satisfy Filters combined with LogicalOperator (AND, OR).
// Filters[i]: Operation (EQ, LT, GT, LTE, GTE, REGEX, ISNULL), Negated, Values — each value a
// column path (Type COLUMNEXTRACTED) or a constant (Type CONSTANT, its text). Comparisons
// take two values (a column against a constant converted to the column's type, or two
// columns); REGEX a column and a pattern that must match at the start of the value (Python's
// re.match, as Glue Studio's generated code uses; RE2 syntax); ISNULL one column.
//
// NULLs follow SQL: a comparison with NULL is neither true nor false, so the row is dropped
// whether or not the expression is Negated. A constant that does not convert to the column's
// type is refused at validation.
//
// Thread safety: immutable after parsing.
#pragma once

#include "jobs/nodes/node.h"

namespace sluice::jobs {

Result<std::unique_ptr<Node>> ParseFilter(NodeHeader header, const boost::json::object& config);

}  // namespace sluice::jobs
