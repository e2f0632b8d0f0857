// A schema: the ordered, named, typed fields of a record batch or table, with lookup by name
// and conversion to and from Glue column lists.
//
// Thread safety: immutable, freely shared through SchemaPtr.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "columnar/type.h"

namespace sluice::columnar {

class Schema {
 public:
  Schema() = default;
  explicit Schema(std::vector<Field> fields) : fields_(std::move(fields)) {}

  const std::vector<Field>& fields() const { return fields_; }
  const Field& field(size_t i) const { return fields_[i]; }
  size_t num_fields() const { return fields_.size(); }
  // Index of the first field with this exact name, or nullopt.
  std::optional<size_t> FieldIndex(std::string_view name) const;
  // Same, ignoring ASCII case (Glue column names are case-insensitive).
  std::optional<size_t> FieldIndexIgnoreCase(std::string_view name) const;

  bool Equals(const Schema& other) const;
  // "name: type, name2: type2" in Glue types.
  std::string ToString() const;

 private:
  std::vector<Field> fields_;
};

using SchemaPtr = std::shared_ptr<const Schema>;

inline SchemaPtr MakeSchema(std::vector<Field> fields) { return std::make_shared<Schema>(std::move(fields)); }

}  // namespace sluice::columnar
