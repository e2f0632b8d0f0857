// Reading one object of a job source in its format: the schema it holds (inferred from a
// sample for CSV and JSON, from the footer for Parquet), and a reader that returns batches of
// the source's fixed schema (so every object of a source reads alike), only the columns asked
// for, skipping Parquet row groups a pushed-down predicate rules out.
//
// CSV without a header names its columns col0, col1, ... as Glue does.
//
// Thread safety: pure functions; a reader belongs to one thread.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "columnar/schema.h"
#include "common/status.h"
#include "formats/batch_stream.h"
#include "formats/io.h"
#include "jobs/data/source_spec.h"

namespace sluice::jobs {

// The schema of `file` read as `read` describes. Errors name the file.
Result<columnar::SchemaPtr> InferFileSchema(const formats::InputFilePtr& file, const ReadSpec& read);

// A reader of `file` with `schema` (the source's), returning the columns named in `columns`
// (all when empty) in that order. `parallelism`: threads parsing one CSV or JSON file.
Result<std::unique_ptr<formats::BatchReader>> OpenFileReader(const formats::InputFilePtr& file, const ReadSpec& read,
                                                             const columnar::SchemaPtr& schema,
                                                             const std::vector<std::string>& columns,
                                                             const formats::PushdownPredicate& predicate,
                                                             size_t parallelism);

}  // namespace sluice::jobs
