// Aggregate: groups rows by Groups (paths) and computes Aggs — each {Column (path), AggFunc}
// with AggFunc one of avg, countDistinct, count, first, last, kurtosis, max, min, skewness,
// stddev_samp, stddev_pop, sum, sumDistinct, var_samp, var_pop. Without Groups, one row.
//
// Output columns, named as Spark names them (and so as Glue Studio's generated code and
// OutputSchemas show them): each group key by its last path name, then one column per
// aggregate named "<func>(<column path>)" — "sum(amount)", "avg(price)", "first(order_id)" —
// except countDistinct → "count(DISTINCT <column>)" and sumDistinct → "sum(DISTINCT
// <column>)". Types as Spark's: count → bigint, avg and the moments → double, sum of integers
// → bigint, min/max/first/last keep the column's type.
//
// Thread safety: immutable after parsing.
#pragma once

#include "jobs/graph/field_path.h"
#include "jobs/nodes/node.h"

namespace sluice::jobs {

Result<std::unique_ptr<Node>> ParseAggregate(NodeHeader header, const boost::json::object& config);

// The output column name of an aggregate: AggregateColumnName("sum", {"amount"}) = "sum(amount)".
std::string AggregateColumnName(const std::string& agg_func, const FieldPath& column);

}  // namespace sluice::jobs
