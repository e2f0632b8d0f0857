// SplitFields: see split_fields.h.
#include "jobs/nodes/split_fields.h"

#include "jobs/nodes/field_projection.h"
#include "jobs/nodes/node_config.h"

namespace sluice::jobs {

namespace {

class SplitFieldsNode final : public Node {
 public:
  SplitFieldsNode(NodeHeader header, std::vector<FieldPath> paths) : Node(std::move(header)), paths_(std::move(paths)) {}
  NodeRole role() const override { return NodeRole::kTransform; }
  Result<NodeOutput> Build(NodeContext&, const std::vector<NodeOutput>& inputs) const override {
    ASSIGN_OR_RETURN(Frame frame, SingleFrame(inputs[0], header_.inputs[0]));
    ASSIGN_OR_RETURN(auto selected, SelectPaths(*frame.schema(), paths_, "Paths"));
    ASSIGN_OR_RETURN(auto rest, DropPaths(*frame.schema(), paths_, "Paths"));
    NodeOutput out;
    out.collection = true;
    out.frames.push_back(frame);
    out.frames.back().Project(std::move(selected));
    out.frames.push_back(std::move(frame));
    out.frames.back().Project(std::move(rest));
    return out;
  }

 private:
  std::vector<FieldPath> paths_;
};

}  // namespace

Result<std::unique_ptr<Node>> ParseSplitFields(NodeHeader header, const boost::json::object& object) {
  NodeConfig config(object);
  ASSIGN_OR_RETURN(auto paths, config.PathList("Paths", true));
  return std::unique_ptr<Node>(new SplitFieldsNode(std::move(header), std::move(paths)));
}

}  // namespace sluice::jobs
