// DropDuplicates: see drop_duplicates.h.
#include "jobs/nodes/drop_duplicates.h"

#include <fmt/format.h>

#include "jobs/nodes/node_config.h"

namespace sluice::jobs {

namespace {

class DropDuplicatesNode final : public Node {
 public:
  DropDuplicatesNode(NodeHeader header, std::vector<FieldPath> columns)
      : Node(std::move(header)), columns_(std::move(columns)) {}
  NodeRole role() const override { return NodeRole::kTransform; }
  Result<NodeOutput> Build(NodeContext&, const std::vector<NodeOutput>& inputs) const override {
    ASSIGN_OR_RETURN(Frame frame, SingleFrame(inputs[0], header_.inputs[0]));
    std::vector<std::string> names;
    for (size_t i = 0; i < columns_.size(); ++i) {
      auto resolved = ResolvePath(*frame.schema(), columns_[i]);
      if (!resolved) {
        return InvalidArgument(fmt::format("Columns[{}]: field '{}' does not exist in the input (columns: {})", i,
                                           PathToString(columns_[i]), ColumnList(*frame.schema())));
      }
      if (columns_[i].size() != 1) {
        return InvalidArgument(fmt::format("Columns[{}]: '{}' is a nested field; DropDuplicates compares top-level "
                                           "columns",
                                           i, PathToString(columns_[i])));
      }
      names.push_back(resolved->canonical[0]);
    }
    frame.Distinct(names);
    return NodeOutput::Single(std::move(frame));
  }

 private:
  std::vector<FieldPath> columns_;
};

}  // namespace

Result<std::unique_ptr<Node>> ParseDropDuplicates(NodeHeader header, const boost::json::object& object) {
  NodeConfig config(object);
  ASSIGN_OR_RETURN(auto columns, config.PathList("Columns", false));
  return std::unique_ptr<Node>(new DropDuplicatesNode(std::move(header), std::move(columns)));
}

}  // namespace sluice::jobs
