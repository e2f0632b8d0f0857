// Hive-style partition paths: "key=value/" folders as Hive, Spark, Athena and AWS Glue write
// and read them. Values are rendered as text (NULL and the empty string become
// __HIVE_DEFAULT_PARTITION__) and escaped as Hive escapes path names: control characters and
// " # % ' * / : = ? \ { [ ] ^ and DEL become %XX.
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "columnar/column.h"

namespace sluice::formats {

inline constexpr std::string_view kHiveDefaultPartition = "__HIVE_DEFAULT_PARTITION__";

// Escapes one key or value for a path segment.
std::string EscapeHivePathPart(std::string_view text);
// Undoes EscapeHivePathPart (%XX sequences; malformed ones are kept as they are).
std::string UnescapeHivePathPart(std::string_view text);

// The partition value text of column[row], unescaped (NULL and "" give the default partition).
// REQUIRES: a non-nested column.
std::string HivePartitionValue(const columnar::Column& column, int64_t row);

}  // namespace sluice::formats
