// Schema: see schema.h.
#include "columnar/schema.h"

#include "common/encoding.h"

namespace sluice::columnar {

std::optional<size_t> Schema::FieldIndex(std::string_view name) const {
  for (size_t i = 0; i < fields_.size(); ++i) {
    if (fields_[i].name == name) return i;
  }
  return std::nullopt;
}

std::optional<size_t> Schema::FieldIndexIgnoreCase(std::string_view name) const {
  if (auto exact = FieldIndex(name)) return exact;
  for (size_t i = 0; i < fields_.size(); ++i) {
    if (EqualsIgnoreCase(fields_[i].name, name)) return i;
  }
  return std::nullopt;
}

bool Schema::Equals(const Schema& other) const {
  if (fields_.size() != other.fields_.size()) return false;
  for (size_t i = 0; i < fields_.size(); ++i) {
    if (fields_[i].name != other.fields_[i].name || !fields_[i].type->Equals(*other.fields_[i].type)) return false;
  }
  return true;
}

std::string Schema::ToString() const {
  std::string out;
  for (size_t i = 0; i < fields_.size(); ++i) {
    if (i) out += ", ";
    out += fields_[i].name;
    out += ": ";
    out += fields_[i].type->ToGlueType();
  }
  return out;
}

}  // namespace sluice::columnar
