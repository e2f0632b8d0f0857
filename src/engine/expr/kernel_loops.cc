// Kernel loops: see kernel_loops.h.
#include "engine/expr/kernel_loops.h"

namespace sluice::engine {

columnar::BufferPtr CombinedValidity(const std::vector<Datum>& args, int64_t rows, bool* all_null) {
  *all_null = false;
  std::vector<const columnar::Column*> columns;
  for (const Datum& arg : args) {
    if (arg.is_scalar()) {
      if (arg.scalar().is_null()) *all_null = true;
    } else {
      columns.push_back(arg.column().get());
    }
  }
  if (*all_null) return nullptr;
  return AndValidity(columns, rows);
}

}  // namespace sluice::engine
