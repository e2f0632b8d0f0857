// RenameField: see rename_field.h.
#include "jobs/nodes/rename_field.h"

#include "jobs/nodes/field_projection.h"
#include "jobs/nodes/node_config.h"

namespace sluice::jobs {

namespace {

class RenameFieldNode final : public Node {
 public:
  RenameFieldNode(NodeHeader header, FieldPath source, FieldPath target)
      : Node(std::move(header)), source_(std::move(source)), target_(std::move(target)) {}
  NodeRole role() const override { return NodeRole::kTransform; }
  Result<NodeOutput> Build(NodeContext&, const std::vector<NodeOutput>& inputs) const override {
    ASSIGN_OR_RETURN(Frame frame, SingleFrame(inputs[0], header_.inputs[0]));
    ASSIGN_OR_RETURN(auto exprs, RenamePath(*frame.schema(), source_, target_));
    frame.Project(std::move(exprs));
    return NodeOutput::Single(std::move(frame));
  }

 private:
  FieldPath source_;
  FieldPath target_;
};

}  // namespace

Result<std::unique_ptr<Node>> ParseRenameField(NodeHeader header, const boost::json::object& object) {
  NodeConfig config(object);
  ASSIGN_OR_RETURN(FieldPath source, config.RequirePath("SourcePath"));
  ASSIGN_OR_RETURN(FieldPath target, config.RequirePath("TargetPath"));
  return std::unique_ptr<Node>(new RenameFieldNode(std::move(header), std::move(source), std::move(target)));
}

}  // namespace sluice::jobs
