// Projections by field path, shared by SelectFields, DropFields, RenameField and SplitFields:
// the named expressions that keep, drop or rename (nested) fields of a frame. A nested path
// rebuilds the structs above it with named_struct; a NULL struct stays NULL.
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <vector>

#include "columnar/schema.h"
#include "common/status.h"
#include "engine/plan/logical_plan.h"
#include "jobs/graph/field_path.h"

namespace sluice::jobs {

// Only the given paths, top-level columns in the order they are first named; a nested path
// keeps its struct with only the named fields. InvalidArgument naming `member`[i] for a path
// that does not exist.
Result<std::vector<engine::NamedExpr>> SelectPaths(const columnar::Schema& schema, const std::vector<FieldPath>& paths,
                                                   const std::string& member);
// Everything except the given paths, in schema order. Dropping every column is an error.
Result<std::vector<engine::NamedExpr>> DropPaths(const columnar::Schema& schema, const std::vector<FieldPath>& paths,
                                                 const std::string& member);
// Every column, with the field at `source` renamed to the last name of `target` (which must
// have the same parent path). Errors: source missing, different parents, name taken.
Result<std::vector<engine::NamedExpr>> RenamePath(const columnar::Schema& schema, const FieldPath& source,
                                                  const FieldPath& target);

}  // namespace sluice::jobs
