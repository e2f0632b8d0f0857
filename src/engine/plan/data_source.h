// DataSource: something a plan scans — files in a format, a catalog table, batches in memory.
// It names its schema and splits itself into pieces (files; later row groups or byte ranges)
// that can be opened independently, in a fixed order, with only some columns and with a
// predicate the reader may use to skip data. Glue sources (S3 paths, catalog tables) and the
// `sluice` file tools implement it; the engine only reads through it.
//
// Thread safety: immutable; OpenPiece may be called from several threads at once.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "columnar/record_batch.h"
#include "columnar/schema.h"
#include "common/status.h"
#include "formats/batch_stream.h"

namespace sluice::engine {

class DataSource {
 public:
  virtual ~DataSource() = default;
  virtual const columnar::SchemaPtr& schema() const = 0;
  // The number of independently readable pieces.
  virtual size_t piece_count() const = 0;
  // A reader of piece `piece` returning only `columns` (positions in schema(), in that order).
  // The reader may skip data `predicate` rules out, never more. Errors name the file.
  virtual Result<std::unique_ptr<formats::BatchReader>> OpenPiece(size_t piece, const std::vector<size_t>& columns,
                                                                  const formats::PushdownPredicate& predicate) const = 0;
  // A short description for plans: "orders.csv (csv)".
  virtual std::string ToString() const = 0;
};

using DataSourcePtr = std::shared_ptr<const DataSource>;

// Batches held in memory (tests, small lookup tables, results of a previous step), one piece
// per batch. REQUIRES: every batch has `schema`.
DataSourcePtr MakeMemorySource(columnar::SchemaPtr schema, std::vector<columnar::BatchPtr> batches,
                               std::string name = "values");

}  // namespace sluice::engine
