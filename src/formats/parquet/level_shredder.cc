// Shredding columns into levels: see level_shredder.h.
#include "formats/parquet/level_shredder.h"

#include <fmt/format.h>

namespace sluice::formats::parquet {

namespace {

using columnar::Column;

class Shredder {
 public:
  Shredder(const WritePlan& plan, std::vector<ShreddedLeaf>& leaves, int first_leaf, int leaf_count)
      : leaves_(leaves), first_leaf_(first_leaf) {
    for (int l = 0; l < leaf_count; ++l) repeated_.push_back(plan.leaves[static_cast<size_t>(first_leaf + l)].max_rep > 0);
  }

  Status Row(const WriteNode& node, const Column& column, int64_t row, uint16_t def, uint16_t rep) {
    if (column.IsNull(row)) {
      if (!node.nullable) return NotNullable(node);
      Empty(node, def, rep);
      return Status::Ok();
    }
    auto d = static_cast<uint16_t>(def + (node.nullable ? 1 : 0));
    switch (node.kind) {
      case WriteNode::Kind::kLeaf: {
        Push(node.first_leaf, d, rep);
        ShreddedLeaf& leaf = Leaf(node.first_leaf);
        leaf.column = &column;
        leaf.rows.push_back(row);
        return Status::Ok();
      }
      case WriteNode::Kind::kStruct:
        for (size_t f = 0; f < node.children.size(); ++f) {
          RETURN_IF_ERROR(Row(node.children[f], *column.child(f), row, d, rep));
        }
        return Status::Ok();
      case WriteNode::Kind::kList:
      case WriteNode::Kind::kMap: {
        const int64_t* offsets = column.Offsets();
        int64_t begin = offsets[row], end = offsets[row + 1];
        if (begin == end) {
          Empty(node, d, rep);
          return Status::Ok();
        }
        auto element_def = static_cast<uint16_t>(d + 1);
        for (int64_t j = begin; j < end; ++j) {
          auto r = static_cast<uint16_t>(j == begin ? rep : node.rep_level);
          for (size_t c = 0; c < node.children.size(); ++c) {
            RETURN_IF_ERROR(Row(node.children[c], *column.child(c), j, element_def, r));
          }
        }
        return Status::Ok();
      }
    }
    return Internal("unknown write node");
  }

 private:
  ShreddedLeaf& Leaf(int ordinal) { return leaves_[static_cast<size_t>(ordinal - first_leaf_)]; }

  void Push(int ordinal, uint16_t def, uint16_t rep) {
    ShreddedLeaf& leaf = Leaf(ordinal);
    leaf.def.push_back(def);
    if (repeated_[static_cast<size_t>(ordinal - first_leaf_)]) leaf.rep.push_back(rep);
    ++leaf.entries;
  }

  // A null or empty value: one entry at these levels in every leaf below.
  void Empty(const WriteNode& node, uint16_t def, uint16_t rep) {
    for (int l = 0; l < node.leaf_count; ++l) Push(node.first_leaf + l, def, rep);
  }

  static Status NotNullable(const WriteNode& node) {
    return InvalidArgument(fmt::format("column '{}' is not nullable but holds a null", node.name));
  }

  std::vector<ShreddedLeaf>& leaves_;
  int first_leaf_;
  std::vector<bool> repeated_;  // per leaf below
};

}  // namespace

Status ShredColumn(const WriteNode& node, const WritePlan& plan, const Column& column,
                   std::vector<ShreddedLeaf>& leaves) {
  for (int l = 0; l < node.leaf_count; ++l) leaves[static_cast<size_t>(l)].Clear();
  const int64_t n = column.length();
  if (node.kind == WriteNode::Kind::kLeaf) {
    ShreddedLeaf& leaf = leaves[0];
    leaf.column = &column;
    leaf.entries = n;
    if (column.null_count() == 0 && column.type_id() != columnar::TypeId::kNull) {
      leaf.count = n;  // contiguous, no levels needed
      return Status::Ok();
    }
    if (!node.nullable) return InvalidArgument(fmt::format("column '{}' is not nullable but holds a null", node.name));
    leaf.contiguous = false;
    leaf.def.resize(static_cast<size_t>(n));
    leaf.rows.reserve(static_cast<size_t>(n - column.null_count()));
    for (int64_t i = 0; i < n; ++i) {
      bool valid = column.IsValid(i);
      leaf.def[static_cast<size_t>(i)] = valid ? 1 : 0;
      if (valid) leaf.rows.push_back(i);
    }
    leaf.count = static_cast<int64_t>(leaf.rows.size());
    return Status::Ok();
  }
  for (int l = 0; l < node.leaf_count; ++l) leaves[static_cast<size_t>(l)].contiguous = false;
  Shredder shredder(plan, leaves, node.first_leaf, node.leaf_count);
  for (int64_t row = 0; row < n; ++row) RETURN_IF_ERROR(shredder.Row(node, column, row, 0, 0));
  for (int l = 0; l < node.leaf_count; ++l) {
    ShreddedLeaf& leaf = leaves[static_cast<size_t>(l)];
    leaf.count = static_cast<int64_t>(leaf.rows.size());
  }
  return Status::Ok();
}

}  // namespace sluice::formats::parquet
