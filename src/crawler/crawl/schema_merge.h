// Merging the schemas of files and folders that form one table: the union of their columns
// (matched by name, case-insensitively, in the order first seen) with each column's type
// widened to hold every file's values (int with bigint → bigint, integers with double →
// double, structs field by field, anything else → string), and the similarity measure that
// decides whether sibling folders are partitions of one table.
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <vector>

#include "catalog/model.h"

namespace sluice::crawler {

// `into` gains the columns of `from` it lacks; shared columns get the widened type.
void MergeColumnsInto(const std::vector<catalog::Column>& from, std::vector<catalog::Column>* into);

// The Hive type holding values of both types ("string" when they conflict).
std::string WidenHiveTypes(const std::string& a, const std::string& b);

// The share of `all` columns (by name) that `some` has: 1 when it has them all.
double ColumnMatchRatio(const std::vector<catalog::Column>& some, const std::vector<catalog::Column>& all);

// Sibling folders belong to one table when each one's columns cover more than this share of
// the union of all their columns (AWS's crawler uses 70%).
inline constexpr double kSimilarityThreshold = 0.7;

}  // namespace sluice::crawler
