// Union: see union.h.
#include "jobs/nodes/union.h"

#include <fmt/format.h>

#include "jobs/nodes/node_config.h"

namespace sluice::jobs {

namespace {

class UnionNode final : public Node {
 public:
  UnionNode(NodeHeader header, bool all) : Node(std::move(header)), all_(all) {}
  NodeRole role() const override { return NodeRole::kTransform; }
  Result<NodeOutput> Build(NodeContext&, const std::vector<NodeOutput>& inputs) const override {
    ASSIGN_OR_RETURN(Frame first, SingleFrame(inputs[0], header_.inputs[0]));
    ASSIGN_OR_RETURN(Frame second, SingleFrame(inputs[1], header_.inputs[1]));
    size_t left = first.schema()->num_fields();
    size_t right = second.schema()->num_fields();
    if (left != right) {
      return InvalidArgument(fmt::format(
          "a union needs inputs with as many columns: '{}' has {} ({}) and '{}' has {} ({})", header_.inputs[0], left,
          ColumnList(*first.schema()), header_.inputs[1], right, ColumnList(*second.schema())));
    }
    first.Union({std::move(second)}, all_);
    return NodeOutput::Single(std::move(first));
  }

 private:
  bool all_;
};

}  // namespace

Result<std::unique_ptr<Node>> ParseUnion(NodeHeader header, const boost::json::object& object) {
  NodeConfig config(object);
  ASSIGN_OR_RETURN(std::string type, config.RequireEnum("UnionType", {"ALL", "DISTINCT"}));
  return std::unique_ptr<Node>(new UnionNode(std::move(header), type == "ALL"));
}

}  // namespace sluice::jobs
