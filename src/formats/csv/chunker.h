// Chunker: finds where rows end, so that a file can be cut into blocks of whole rows that
// are parsed independently (in parallel). A row ends at a '\n' outside quotes; quoted fields
// may hold newlines. Blocks always begin at a row start, which is what makes the quote state
// known there.
//
// Thread safety: pure functions.
#pragma once

#include <cstddef>
#include <string_view>

#include "formats/csv/options.h"

namespace sluice::formats::csv {

// The offset just past the last row-ending '\n' in `data` (which starts at a row start), or 0
// when no row ends inside it.
size_t FindLastRowEnd(std::string_view data, const CsvDialect& dialect);

// Whether `data` (starting at a row start) ends inside a quoted field.
bool EndsInsideQuotes(std::string_view data, const CsvDialect& dialect);

}  // namespace sluice::formats::csv
