// Parquet's schema as a tree: the footer stores it as a depth-first list of SchemaElements with
// child counts; this rebuilds the tree, checks it (one root group, every group's children
// present, leaves typed, bounded depth) and gives each node its maximum definition and
// repetition levels and each leaf its column ordinal.
//
// Thread safety: immutable after Build; share freely.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"
#include "formats/parquet/file_metadata.h"

namespace sluice::formats::parquet {

struct SchemaNode {
  int element = 0;  // index into the element list
  int parent = -1;  // -1 for the root
  std::vector<int> children;
  // Levels once this node is present: definition counts the optional and repeated nodes from
  // the root down to here, repetition the repeated ones.
  int16_t def_level = 0;
  int16_t rep_level = 0;
  int leaf = -1;        // the column ordinal of a leaf; -1 for groups
  int first_leaf = 0;   // ordinals of the leaves below: [first_leaf, first_leaf + leaf_count)
  int leaf_count = 0;
};

class SchemaTree {
 public:
  // The deepest nesting accepted (levels are kept in 16 bits, and recursion is bounded).
  static constexpr int kMaxDepth = 64;

  // DataLoss naming the first problem.
  static Result<SchemaTree> Build(const std::vector<SchemaElement>& elements);

  const std::vector<SchemaElement>& elements() const { return elements_; }
  const SchemaNode& node(int i) const { return nodes_[static_cast<size_t>(i)]; }
  const SchemaElement& element_of(int node) const {
    return elements_[static_cast<size_t>(nodes_[static_cast<size_t>(node)].element)];
  }
  const SchemaNode& root() const { return nodes_[0]; }
  // Node ids of the leaves, by column ordinal.
  const std::vector<int>& leaves() const { return leaves_; }
  size_t num_leaves() const { return leaves_.size(); }
  // "a.b.c" for messages.
  std::string PathOf(int node) const;

 private:
  std::vector<SchemaElement> elements_;  // a copy, so the tree stands alone
  std::vector<SchemaNode> nodes_;
  std::vector<int> leaves_;
};

}  // namespace sluice::formats::parquet
