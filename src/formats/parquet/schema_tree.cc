// The schema tree: see schema_tree.h.
#include "formats/parquet/schema_tree.h"

#include <fmt/format.h>

namespace sluice::formats::parquet {

Result<SchemaTree> SchemaTree::Build(const std::vector<SchemaElement>& elements) {
  SchemaTree tree;
  tree.elements_ = elements;
  if (elements.empty()) return DataLoss("schema is empty");
  if (elements[0].num_children <= 0 || elements[0].type) return DataLoss("schema root is not a group");
  tree.nodes_.reserve(elements.size());
  tree.nodes_.push_back(SchemaNode{});
  // A stack of (node, children still to come).
  struct Open {
    int node;
    int remaining;
  };
  std::vector<Open> stack{{0, elements[0].num_children}};
  for (size_t i = 1; i < elements.size(); ++i) {
    while (!stack.empty() && stack.back().remaining == 0) stack.pop_back();
    if (stack.empty()) return DataLoss(fmt::format("schema element {} lies outside the root's children", i));
    const SchemaElement& element = elements[i];
    if (!element.repetition) return DataLoss(fmt::format("schema element '{}' has no repetition", element.name));
    if (*element.repetition < Repetition::kRequired || *element.repetition > Repetition::kRepeated) {
      return DataLoss(fmt::format("schema element '{}' has an unknown repetition", element.name));
    }
    int parent = stack.back().node;
    --stack.back().remaining;
    SchemaNode node;
    node.element = static_cast<int>(i);
    node.parent = parent;
    const SchemaNode& up = tree.nodes_[static_cast<size_t>(parent)];
    node.def_level = static_cast<int16_t>(up.def_level + (*element.repetition != Repetition::kRequired ? 1 : 0));
    node.rep_level = static_cast<int16_t>(up.rep_level + (*element.repetition == Repetition::kRepeated ? 1 : 0));
    int id = static_cast<int>(tree.nodes_.size());
    tree.nodes_[static_cast<size_t>(parent)].children.push_back(id);
    bool is_group = !element.type;
    if (is_group) {
      if (element.num_children <= 0) return DataLoss(fmt::format("group '{}' has no children", element.name));
      if (static_cast<int>(stack.size()) >= kMaxDepth) return DataLoss("schema is nested too deeply");
      stack.push_back({id, element.num_children});
    } else {
      if (element.num_children > 0) return DataLoss(fmt::format("leaf '{}' claims children", element.name));
      if (*element.type < PhysicalType::kBoolean || *element.type > PhysicalType::kFixedLenByteArray) {
        return DataLoss(fmt::format("leaf '{}' has an unknown physical type", element.name));
      }
      if (*element.type == PhysicalType::kFixedLenByteArray && element.type_length <= 0) {
        return DataLoss(fmt::format("fixed-length leaf '{}' has no length", element.name));
      }
      node.leaf = static_cast<int>(tree.leaves_.size());
      tree.leaves_.push_back(id);
    }
    tree.nodes_.push_back(std::move(node));
  }
  while (!stack.empty() && stack.back().remaining == 0) stack.pop_back();
  if (!stack.empty()) return DataLoss("schema ends before all of its groups' children");
  // Leaf ranges, children before parents (ids grow depth-first).
  for (size_t i = tree.nodes_.size(); i-- > 0;) {
    SchemaNode& node = tree.nodes_[i];
    if (node.leaf >= 0) {
      node.first_leaf = node.leaf;
      node.leaf_count = 1;
    } else if (!node.children.empty()) {
      node.first_leaf = tree.nodes_[static_cast<size_t>(node.children.front())].first_leaf;
      node.leaf_count = 0;
      for (int child : node.children) node.leaf_count += tree.nodes_[static_cast<size_t>(child)].leaf_count;
    }
  }
  return tree;
}

std::string SchemaTree::PathOf(int node) const {
  std::string path;
  for (int n = node; n > 0; n = nodes_[static_cast<size_t>(n)].parent) {
    path = path.empty() ? element_of(n).name : element_of(n).name + "." + path;
  }
  return path;
}

}  // namespace sluice::formats::parquet
