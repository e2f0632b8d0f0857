// Join: see join.h.
#include "jobs/nodes/join.h"

#include <set>

#include <fmt/format.h>

#include "jobs/nodes/node_config.h"

namespace sluice::jobs {

namespace {

class JoinNode final : public Node {
 public:
  JoinNode(NodeHeader header, engine::JoinType type, std::vector<FieldPath> left_keys, std::vector<FieldPath> right_keys)
      : Node(std::move(header)), type_(type), left_keys_(std::move(left_keys)), right_keys_(std::move(right_keys)) {}
  NodeRole role() const override { return NodeRole::kTransform; }

  Result<NodeOutput> Build(NodeContext&, const std::vector<NodeOutput>& inputs) const override {
    ASSIGN_OR_RETURN(Frame left, SingleFrame(inputs[0], header_.inputs[0]));
    ASSIGN_OR_RETURN(Frame right, SingleFrame(inputs[1], header_.inputs[1]));
    ASSIGN_OR_RETURN(auto left_exprs, Keys(*left.schema(), left_keys_, header_.inputs[0], 0));
    ASSIGN_OR_RETURN(auto right_exprs, Keys(*right.schema(), right_keys_, header_.inputs[1], 1));
    if (type_ != engine::JoinType::kSemi && type_ != engine::JoinType::kAnti) {
      std::set<std::string> left_names;
      for (const auto& field : left.schema()->fields()) left_names.insert(Lower(field.name));
      for (const auto& field : right.schema()->fields()) {
        if (left_names.count(Lower(field.name))) {
          return InvalidArgument(fmt::format(
              "both inputs have a column named '{}' ('{}' and '{}'); rename it on one side first (for example with "
              "an ApplyMapping node, as Glue Studio's \"Renamed keys for Join\" does)",
              field.name, header_.inputs[0], header_.inputs[1]));
        }
      }
    }
    left.Join(std::move(right), type_, std::move(left_exprs), std::move(right_exprs));
    return NodeOutput::Single(std::move(left));
  }

 private:
  static std::string Lower(std::string text) {
    for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
  }

  static Result<std::vector<engine::ExprPtr>> Keys(const columnar::Schema& schema, const std::vector<FieldPath>& keys,
                                                   const std::string& input, size_t column) {
    std::vector<engine::ExprPtr> exprs;
    for (size_t i = 0; i < keys.size(); ++i) {
      auto resolved = ResolvePath(schema, keys[i]);
      if (!resolved) {
        return InvalidArgument(fmt::format("Columns[{}].Keys[{}]: field '{}' does not exist in input '{}' (columns: {})",
                                           column, i, PathToString(keys[i]), input, ColumnList(schema)));
      }
      exprs.push_back(engine::ColPath(resolved->canonical));
    }
    return exprs;
  }

  engine::JoinType type_;
  std::vector<FieldPath> left_keys_;
  std::vector<FieldPath> right_keys_;
};

}  // namespace

Result<std::unique_ptr<Node>> ParseJoin(NodeHeader header, const boost::json::object& object) {
  NodeConfig config(object);
  ASSIGN_OR_RETURN(std::string join_type,
                   config.RequireEnum("JoinType", {"equijoin", "left", "right", "outer", "leftsemi", "leftanti"}));
  engine::JoinType type = join_type == "equijoin"   ? engine::JoinType::kInner
                          : join_type == "left"     ? engine::JoinType::kLeft
                          : join_type == "right"    ? engine::JoinType::kRight
                          : join_type == "outer"    ? engine::JoinType::kFull
                          : join_type == "leftsemi" ? engine::JoinType::kSemi
                                                    : engine::JoinType::kAnti;
  ASSIGN_OR_RETURN(auto columns, config.ObjectList("Columns", true));
  if (columns.size() != 2) {
    return InvalidArgument(fmt::format("Columns must list exactly two JoinColumns, found {}", columns.size()));
  }
  std::string from[2];
  std::vector<FieldPath> keys[2];
  for (size_t i = 0; i < 2; ++i) {
    NodeConfig column(*columns[i], fmt::format("Columns[{}].", i));
    ASSIGN_OR_RETURN(from[i], column.RequireString("From"));
    ASSIGN_OR_RETURN(keys[i], column.PathList("Keys", true));
    if (from[i] != header.inputs[0] && from[i] != header.inputs[1]) {
      return InvalidArgument(fmt::format("Columns[{}].From '{}' is not one of the node's Inputs ({}, {})", i, from[i],
                                         header.inputs[0], header.inputs[1]));
    }
  }
  if (keys[0].size() != keys[1].size()) {
    return InvalidArgument(fmt::format("the two JoinColumns have {} and {} keys; they must have as many",
                                       keys[0].size(), keys[1].size()));
  }
  // Columns may list the right input first; a self-join lists the same id twice.
  bool swapped = from[0] != header.inputs[0];
  if (from[0] == from[1] && header.inputs[0] != header.inputs[1]) {
    return InvalidArgument(fmt::format("both JoinColumns come from '{}'; one must name each input", from[0]));
  }
  std::vector<FieldPath> left = swapped ? keys[1] : keys[0];
  std::vector<FieldPath> right = swapped ? keys[0] : keys[1];
  return std::unique_ptr<Node>(new JoinNode(std::move(header), type, std::move(left), std::move(right)));
}

}  // namespace sluice::jobs
