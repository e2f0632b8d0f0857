// Record assembly of nested columns: see record_assembly.h.
#include "formats/parquet/record_assembly.h"

#include <cstring>

#include <fmt/format.h>

#include "columnar/builder.h"

namespace sluice::formats::parquet {

namespace {

using columnar::Buffer;
using columnar::Column;
using columnar::ColumnPtr;

class Assembler {
 public:
  Assembler(const std::vector<LeafBatch>& leaves, int first_leaf) : leaves_(leaves), first_leaf_(first_leaf) {}

  Result<ColumnPtr> Build(const ReadNode& node) {
    switch (node.kind) {
      case ReadNode::Kind::kLeaf: return Leaf(node).column;
      case ReadNode::Kind::kStruct: return Struct(node);
      case ReadNode::Kind::kList:
      case ReadNode::Kind::kMap: return List(node);
    }
    return Internal("unknown read node");
  }

 private:
  const LeafBatch& Leaf(const ReadNode& node) const { return leaves_[static_cast<size_t>(node.leaf - first_leaf_)]; }

  // Levels of the node's driving leaf; a leaf without kept levels has them all zero.
  struct Levels {
    const uint16_t* def;
    const uint16_t* rep;
    int64_t entries;
    uint16_t Def(int64_t i) const { return def ? def[i] : 0; }
    uint16_t Rep(int64_t i) const { return rep ? rep[i] : 0; }
  };
  Levels LevelsOf(const ReadNode& node) const {
    const LeafBatch& leaf = Leaf(node);
    return Levels{leaf.def.empty() ? nullptr : leaf.def.data(), leaf.rep.empty() ? nullptr : leaf.rep.data(),
                  leaf.entries};
  }

  Result<ColumnPtr> Struct(const ReadNode& node) {
    Levels levels = LevelsOf(node);
    columnar::ValidityBuilder validity;
    for (int64_t i = 0; i < levels.entries; ++i) {
      if (levels.Rep(i) > node.slot_rep || levels.Def(i) < node.slot_def) continue;
      if (levels.Def(i) >= node.def_present) validity.AppendValid();
      else validity.AppendNull();
    }
    int64_t slots = validity.length();
    std::vector<ColumnPtr> children;
    for (const ReadNode& child : node.children) {
      ASSIGN_OR_RETURN(ColumnPtr column, Build(child));
      if (column->length() != slots) return Inconsistent(column->length(), slots);
      children.push_back(std::move(column));
    }
    int64_t nulls = validity.null_count();
    return Column::Make(node.type, slots, validity.Finish(), nullptr, nullptr, std::move(children), nulls);
  }

  Result<ColumnPtr> List(const ReadNode& node) {
    Levels levels = LevelsOf(node);
    columnar::ValidityBuilder validity;
    auto offsets = Buffer::Allocate(sizeof(int64_t));
    int64_t elements = 0;
    std::vector<int64_t> ends;  // end offset per slot
    for (int64_t i = 0; i < levels.entries; ++i) {
      uint16_t rep = levels.Rep(i), def = levels.Def(i);
      if (rep <= node.slot_rep) {
        if (def < node.slot_def) continue;  // no slot here: an ancestor is null or empty
        if (def >= node.def_present) validity.AppendValid();
        else validity.AppendNull();
        if (def >= node.def_element) ++elements;
        ends.push_back(elements);
      } else if (rep == node.rep_element) {
        if (ends.empty() || def < node.def_element) return DataLoss("repetition levels continue a list that has no slot");
        ++elements;
        ends.back() = elements;
      }
    }
    int64_t slots = validity.length();
    offsets->Resize((ends.size() + 1) * sizeof(int64_t));
    auto* out = offsets->mutable_as<int64_t>();
    out[0] = 0;
    if (!ends.empty()) std::memcpy(out + 1, ends.data(), ends.size() * sizeof(int64_t));
    std::vector<ColumnPtr> children;
    for (const ReadNode& child : node.children) {
      ASSIGN_OR_RETURN(ColumnPtr column, Build(child));
      if (column->length() != elements) return Inconsistent(column->length(), elements);
      children.push_back(std::move(column));
    }
    int64_t nulls = validity.null_count();
    return Column::Make(node.type, slots, validity.Finish(), std::move(offsets), nullptr, std::move(children), nulls);
  }

  static Status Inconsistent(int64_t child, int64_t parent) {
    return DataLoss(fmt::format("levels disagree: a nested field has {} values where its parent has {}", child, parent));
  }

  const std::vector<LeafBatch>& leaves_;
  int first_leaf_;
};

}  // namespace

Result<columnar::ColumnPtr> AssembleColumn(const ReadNode& root, const std::vector<LeafBatch>& leaves, int first_leaf,
                                           int64_t rows) {
  for (const LeafBatch& leaf : leaves) {
    if (leaf.rows != rows) {
      return DataLoss(fmt::format("a column's leaves hold different row counts ({} and {})", leaf.rows, rows));
    }
  }
  ASSIGN_OR_RETURN(columnar::ColumnPtr column, Assembler(leaves, first_leaf).Build(root));
  if (column->length() != rows) {
    return DataLoss(fmt::format("column has {} values for {} rows", column->length(), rows));
  }
  return column;
}

}  // namespace sluice::formats::parquet
