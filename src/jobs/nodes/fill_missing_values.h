// FillMissingValues: adds a column holding ImputedPath's values with the missing ones (NULL,
// or an empty string) filled in. The new column is named FilledPath, or "<ImputedPath>_filled"
// as Glue's FillMissingValues names it by default, and has the imputed column's type.
//
// Glue imputes with a machine-learning model trained on the dataset; Sluice imputes with a
// statistic of the column instead: the mean of a numeric column (rounded for integers), the
// most frequent value of any other (ties broken by the smallest value). The run reads the
// input once to compute it before the rest of the plan is built.
//
// Thread safety: immutable after parsing.
#pragma once

#include "jobs/nodes/node.h"

namespace sluice::jobs {

Result<std::unique_ptr<Node>> ParseFillMissingValues(NodeHeader header, const boost::json::object& config);

}  // namespace sluice::jobs
