// For the text-reader fuzz targets: drains a reader opened on fuzz input, checking every batch
// and rendering a value of each column; aborts (a finding) when a batch breaks its invariants.
#pragma once

#include <cstdlib>
#include <string>

#include "formats/batch_stream.h"

namespace sluice::fuzz {

template <typename Render>
void ReadAllBatches(formats::BatchReader& reader, Render render) {
  for (int i = 0; i < 10000; ++i) {
    auto batch = reader.Next();
    if (!batch.ok() || !*batch) return;
    if (!(*batch)->Validate().ok()) std::abort();
    for (const auto& column : (*batch)->columns()) {
      if (column->length() > 0) render(*column, column->length() - 1);
    }
  }
}

}  // namespace sluice::fuzz
