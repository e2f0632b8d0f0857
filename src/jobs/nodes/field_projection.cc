// Projections by field path: see field_projection.h.
#include "jobs/nodes/field_projection.h"

#include <algorithm>
#include <functional>
#include <map>
#include <memory>

#include <fmt/format.h>

namespace sluice::jobs {

namespace {

using columnar::Field;
using columnar::TypeId;

// Which fields below one level are kept or dropped.
struct PathTree {
  bool whole = false;  // the path ends here: the whole field
  std::vector<std::string> order;                        // children by first appearance
  std::map<std::string, std::unique_ptr<PathTree>> children;  // by canonical name

  PathTree& Child(const std::string& name) {
    auto& slot = children[name];
    if (!slot) {
      slot = std::make_unique<PathTree>();
      order.push_back(name);
    }
    return *slot;
  }
};

Result<PathTree> BuildTree(const columnar::Schema& schema, const std::vector<FieldPath>& paths,
                           const std::string& member) {
  PathTree root;
  for (size_t i = 0; i < paths.size(); ++i) {
    auto resolved = ResolvePath(schema, paths[i]);
    if (!resolved) {
      return InvalidArgument(fmt::format("{}[{}]: field '{}' does not exist in the input (columns: {})", member, i,
                                         PathToString(paths[i]), ColumnList(schema)));
    }
    PathTree* node = &root;
    for (const auto& name : resolved->canonical) node = &node->Child(name);
    node->whole = true;
  }
  return root;
}

// CASE WHEN base IS NULL THEN NULL ELSE named_struct(args...) END
engine::ExprPtr RebuildStruct(const FieldPath& base, std::vector<engine::ExprPtr> args) {
  return engine::Case({{engine::IsNull(engine::ColPath(base)), engine::NullLit()}},
                      engine::Call("named_struct", std::move(args)));
}

const Field* FindField(const std::vector<Field>& fields, const std::string& name) {
  for (const auto& field : fields) {
    if (field.name == name) return &field;
  }
  return nullptr;
}

// The kept part of `field` (at `path`) under `tree`.
engine::ExprPtr Selected(const Field& field, const FieldPath& path, const PathTree& tree) {
  if (tree.whole || field.type->id() != TypeId::kStruct) return engine::ColPath(path);
  std::vector<engine::ExprPtr> args;
  for (const auto& name : tree.order) {
    const Field* child = FindField(field.type->fields(), name);
    FieldPath child_path = path;
    child_path.push_back(name);
    args.push_back(engine::Lit(name));
    args.push_back(Selected(*child, child_path, *tree.children.at(name)));
  }
  return RebuildStruct(path, std::move(args));
}

// What is left of `field` once `tree` is dropped from it; null when nothing is left.
engine::ExprPtr Remaining(const Field& field, const FieldPath& path, const PathTree* tree) {
  if (tree == nullptr) return engine::ColPath(path);
  if (tree->whole) return nullptr;
  std::vector<engine::ExprPtr> args;
  for (const auto& child : field.type->fields()) {
    FieldPath child_path = path;
    child_path.push_back(child.name);
    auto it = tree->children.find(child.name);
    engine::ExprPtr value = Remaining(child, child_path, it == tree->children.end() ? nullptr : it->second.get());
    if (value == nullptr) continue;
    args.push_back(engine::Lit(child.name));
    args.push_back(std::move(value));
  }
  if (args.empty()) return nullptr;
  return RebuildStruct(path, std::move(args));
}

}  // namespace

Result<std::vector<engine::NamedExpr>> SelectPaths(const columnar::Schema& schema, const std::vector<FieldPath>& paths,
                                                   const std::string& member) {
  ASSIGN_OR_RETURN(PathTree tree, BuildTree(schema, paths, member));
  std::vector<engine::NamedExpr> exprs;
  for (const auto& name : tree.order) {
    const Field* field = FindField(schema.fields(), name);
    exprs.push_back({Selected(*field, {name}, *tree.children.at(name)), name});
  }
  return exprs;
}

Result<std::vector<engine::NamedExpr>> DropPaths(const columnar::Schema& schema, const std::vector<FieldPath>& paths,
                                                 const std::string& member) {
  ASSIGN_OR_RETURN(PathTree tree, BuildTree(schema, paths, member));
  std::vector<engine::NamedExpr> exprs;
  for (const auto& field : schema.fields()) {
    auto it = tree.children.find(field.name);
    engine::ExprPtr value = Remaining(field, {field.name}, it == tree.children.end() ? nullptr : it->second.get());
    if (value != nullptr) exprs.push_back({std::move(value), field.name});
  }
  if (exprs.empty()) return InvalidArgument(fmt::format("{} drops every column", member));
  return exprs;
}

Result<std::vector<engine::NamedExpr>> RenamePath(const columnar::Schema& schema, const FieldPath& source,
                                                  const FieldPath& target) {
  auto resolved = ResolvePath(schema, source);
  if (!resolved) {
    return InvalidArgument(fmt::format("SourcePath: field '{}' does not exist in the input (columns: {})",
                                       PathToString(source), ColumnList(schema)));
  }
  if (target.size() != source.size() ||
      !std::equal(target.begin(), target.end() - 1, source.begin(),
                  [](const std::string& a, const std::string& b) {
                    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
                             return std::tolower(static_cast<unsigned char>(x)) ==
                                    std::tolower(static_cast<unsigned char>(y));
                           });
                  })) {
    return InvalidArgument(fmt::format("TargetPath '{}' must have the same parent as SourcePath '{}'",
                                       PathToString(target), PathToString(source)));
  }
  const FieldPath& path = resolved->canonical;
  const std::string& new_name = target.back();
  // The fields at the renamed field's level must not already use the new name.
  const std::vector<Field>* siblings = &schema.fields();
  if (path.size() > 1) {
    FieldPath parent(path.begin(), path.end() - 1);
    siblings = &ResolvePath(schema, parent)->type->fields();
  }
  for (const auto& sibling : *siblings) {
    if (sibling.name == new_name && sibling.name != path.back()) {
      return InvalidArgument(fmt::format("TargetPath: a field named '{}' exists already", PathToString(target)));
    }
  }
  // Rebuild every level from the top down to the renamed field.
  std::function<engine::ExprPtr(const Field&, const FieldPath&, size_t)> rebuild =
      [&](const Field& field, const FieldPath& at, size_t depth) -> engine::ExprPtr {
    std::vector<engine::ExprPtr> args;
    for (const auto& child : field.type->fields()) {
      FieldPath child_path = at;
      child_path.push_back(child.name);
      bool on_path = child.name == path[depth];
      args.push_back(engine::Lit(on_path && depth + 1 == path.size() ? new_name : child.name));
      args.push_back(on_path && depth + 1 < path.size() ? rebuild(child, child_path, depth + 1)
                                                         : engine::ColPath(child_path));
    }
    return RebuildStruct(at, std::move(args));
  };
  std::vector<engine::NamedExpr> exprs;
  for (const auto& field : schema.fields()) {
    if (field.name != path[0]) {
      exprs.push_back({engine::Col(field.name), field.name});
    } else if (path.size() == 1) {
      exprs.push_back({engine::Col(field.name), new_name});
    } else {
      exprs.push_back({rebuild(field, {field.name}, 1), field.name});
    }
  }
  return exprs;
}

}  // namespace sluice::jobs
