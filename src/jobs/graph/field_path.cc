// Field paths: see field_path.h.
#include "jobs/graph/field_path.h"

#include <boost/json/array.hpp>
#include <fmt/format.h>

namespace sluice::jobs {

namespace json = boost::json;

namespace {

std::optional<size_t> FindField(const std::vector<columnar::Field>& fields, const std::string& name) {
  for (size_t i = 0; i < fields.size(); ++i) {
    if (fields[i].name == name) return i;
  }
  for (size_t i = 0; i < fields.size(); ++i) {
    const std::string& candidate = fields[i].name;
    if (candidate.size() != name.size()) continue;
    bool same = true;
    for (size_t c = 0; c < name.size() && same; ++c) {
      same = std::tolower(static_cast<unsigned char>(candidate[c])) == std::tolower(static_cast<unsigned char>(name[c]));
    }
    if (same) return i;
  }
  return std::nullopt;
}

}  // namespace

std::string PathToString(const FieldPath& path) {
  std::string out;
  for (size_t i = 0; i < path.size(); ++i) {
    if (i > 0) out += '.';
    if (path[i].find('.') != std::string::npos) {
      out += '`' + path[i] + '`';
    } else {
      out += path[i];
    }
  }
  return out;
}

Result<FieldPath> PathFromJson(const json::value* value, const std::string& member) {
  if (value == nullptr || !value->is_array()) {
    return InvalidArgument(fmt::format("{} must be a list of field names", member));
  }
  FieldPath path;
  for (const auto& item : value->get_array()) {
    if (!item.is_string()) return InvalidArgument(fmt::format("{} must be a list of field names", member));
    path.emplace_back(item.get_string());
  }
  if (path.empty()) return InvalidArgument(fmt::format("{} is empty", member));
  return path;
}

Result<std::vector<FieldPath>> PathListFromJson(const json::value* value, const std::string& member) {
  std::vector<FieldPath> paths;
  if (value == nullptr || value->is_null()) return paths;
  if (!value->is_array()) return InvalidArgument(fmt::format("{} must be a list of field paths", member));
  size_t index = 0;
  for (const auto& item : value->get_array()) {
    ASSIGN_OR_RETURN(FieldPath path, PathFromJson(&item, fmt::format("{}[{}]", member, index)));
    paths.push_back(std::move(path));
    ++index;
  }
  return paths;
}

std::optional<ResolvedPath> ResolvePath(const columnar::Schema& schema, const FieldPath& path) {
  if (path.empty()) return std::nullopt;
  ResolvedPath resolved;
  auto top = FindField(schema.fields(), path[0]);
  if (!top) return std::nullopt;
  resolved.column = *top;
  resolved.type = schema.field(*top).type;
  resolved.canonical.push_back(schema.field(*top).name);
  for (size_t i = 1; i < path.size(); ++i) {
    if (resolved.type->id() != columnar::TypeId::kStruct) return std::nullopt;
    auto field = FindField(resolved.type->fields(), path[i]);
    if (!field) return std::nullopt;
    resolved.fields.push_back(*field);
    resolved.canonical.push_back(resolved.type->fields()[*field].name);
    resolved.type = resolved.type->fields()[*field].type;
  }
  return resolved;
}

std::string ColumnList(const columnar::Schema& schema) {
  std::string out;
  for (const auto& field : schema.fields()) {
    if (!out.empty()) out += ", ";
    out += field.name;
  }
  return out;
}

}  // namespace sluice::jobs
