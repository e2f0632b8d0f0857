// Field paths as Glue Studio writes them: a list of names from a top-level column down through
// struct fields (["address", "city"]); "Paths", "Keys" and "Groups" members are lists of them.
// Lookups follow Glue: names match exactly, else ignoring ASCII case.
//
// Thread safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <boost/json/value.hpp>

#include "columnar/schema.h"
#include "common/status.h"

namespace sluice::jobs {

using FieldPath = std::vector<std::string>;

// "address.city" (names containing '.' are back-quoted: `a.b`.c).
std::string PathToString(const FieldPath& path);

// A path from a JSON list of strings. InvalidArgument (naming `member`) when it is not one or
// is empty.
Result<FieldPath> PathFromJson(const boost::json::value* value, const std::string& member);
// A list of paths from a JSON list of lists of strings; absent means empty.
Result<std::vector<FieldPath>> PathListFromJson(const boost::json::value* value, const std::string& member);

// Where a path leads in a schema: the top-level column, the struct field positions below it,
// and the type found there.
struct ResolvedPath {
  size_t column = 0;
  std::vector<size_t> fields;
  columnar::TypePtr type;
  FieldPath canonical;  // the names as the schema spells them
};

// nullopt when some name on the path does not exist (or passes through a non-struct).
std::optional<ResolvedPath> ResolvePath(const columnar::Schema& schema, const FieldPath& path);

// The names of a schema's top-level columns, for messages: "id, name, amount".
std::string ColumnList(const columnar::Schema& schema);

}  // namespace sluice::jobs
