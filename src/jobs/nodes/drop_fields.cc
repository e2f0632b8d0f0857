// DropFields: see drop_fields.h.
#include "jobs/nodes/drop_fields.h"

#include "jobs/nodes/field_projection.h"
#include "jobs/nodes/node_config.h"

namespace sluice::jobs {

namespace {

class DropFieldsNode final : public Node {
 public:
  DropFieldsNode(NodeHeader header, std::vector<FieldPath> paths) : Node(std::move(header)), paths_(std::move(paths)) {}
  NodeRole role() const override { return NodeRole::kTransform; }
  Result<NodeOutput> Build(NodeContext&, const std::vector<NodeOutput>& inputs) const override {
    ASSIGN_OR_RETURN(Frame frame, SingleFrame(inputs[0], header_.inputs[0]));
    ASSIGN_OR_RETURN(auto exprs, DropPaths(*frame.schema(), paths_, "Paths"));
    frame.Project(std::move(exprs));
    return NodeOutput::Single(std::move(frame));
  }

 private:
  std::vector<FieldPath> paths_;
};

}  // namespace

Result<std::unique_ptr<Node>> ParseDropFields(NodeHeader header, const boost::json::object& object) {
  NodeConfig config(object);
  ASSIGN_OR_RETURN(auto paths, config.PathList("Paths", true));
  return std::unique_ptr<Node>(new DropFieldsNode(std::move(header), std::move(paths)));
}

}  // namespace sluice::jobs
