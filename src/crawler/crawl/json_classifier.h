// The JSON classifier, built-in and custom (JsonPath). The built-in one reads newline-delimited
// or concatenated JSON objects; each record's members become columns (lowercased, in the order
// first seen) with Glue's types: integers within 32 bits int, larger bigint, fractions double,
// true/false boolean, strings string, objects struct<...>, arrays array<...>; conflicting types
// widen (int with bigint → bigint, integers with double → double, anything else → string);
// members only ever null are string. A file that is one top-level array becomes a single
// column "array" of array type. A custom classifier's JsonPath picks the records instead
// ("$[*]": the elements of a top-level array).
//
// Thread safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "crawler/crawl/file_schema.h"
#include "crawler/crawl/json_path.h"

namespace sluice::crawler {

// The schema when the sample is JSON, or nullopt with `reason`. `truncated` says the sample
// stops before the end of the file (an incomplete last record is then ignored). `path` is a
// custom classifier's JsonPath (nullptr for the built-in classifier).
std::optional<FileSchema> ClassifyJson(std::string_view sample, bool truncated, const JsonPath* path,
                                       std::string* reason);

}  // namespace sluice::crawler
