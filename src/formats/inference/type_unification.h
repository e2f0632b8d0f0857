// Unifying the types of one field seen in several places (JSON records, CSV files of one
// table, Parquet footers of one crawl): the loosest type both sides' values fit, following
// the ladder of column_inference.h and the rules in docs/formats/type-inference.md:
//
//   null with T            → T
//   int with bigint        → bigint; integers with decimal → decimal (wide enough) or double
//   integer or decimal with float/double → double
//   date with timestamp    → timestamp; timestamp with timestamp_tz → timestamp_tz
//   struct with struct     → the union of their fields, by name, each unified (a field missing
//                            on one side is simply null there)
//   array<A> with array<B> → array<unify(A, B)>; map likewise on keys and values
//   anything else          → string (conflicting types keep their text)
//
// Thread safety: pure functions.
#pragma once

#include "columnar/schema.h"
#include "columnar/type.h"

namespace sluice::formats::inference {

columnar::TypePtr UnifyTypes(const columnar::TypePtr& a, const columnar::TypePtr& b);

// Unifies two schemas field by field (matched by name; fields only one side has are kept, in
// first-seen order).
columnar::SchemaPtr UnifySchemas(const columnar::Schema& a, const columnar::Schema& b);

// Replaces the null type (a field only ever seen as null) with string, at any depth: what a
// table column gets when no value said otherwise.
columnar::TypePtr ResolveNullType(const columnar::TypePtr& type);

}  // namespace sluice::formats::inference
