// Write targets: see write_target.h.
#include "engine/plan/write_target.h"

namespace sluice::engine {

columnar::SchemaPtr WrittenFilesSchema() {
  using columnar::DataType;
  static const columnar::SchemaPtr schema = columnar::MakeSchema({
      {"path", DataType::String(), false},
      {"partition", DataType::String(), false},
      {"rows", DataType::Int64(), false},
      {"bytes", DataType::Int64(), false},
  });
  return schema;
}

}  // namespace sluice::engine
