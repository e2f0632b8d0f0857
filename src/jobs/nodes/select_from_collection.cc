// SelectFromCollection: see select_from_collection.h.
#include "jobs/nodes/select_from_collection.h"

#include <fmt/format.h>

#include "jobs/nodes/node_config.h"

namespace sluice::jobs {

namespace {

class SelectFromCollectionNode final : public Node {
 public:
  SelectFromCollectionNode(NodeHeader header, int64_t index) : Node(std::move(header)), index_(index) {}
  NodeRole role() const override { return NodeRole::kTransform; }
  Result<NodeOutput> Build(NodeContext&, const std::vector<NodeOutput>& inputs) const override {
    const NodeOutput& input = inputs[0];
    if (index_ >= static_cast<int64_t>(input.frames.size())) {
      return InvalidArgument(fmt::format("Index {} is out of range: input '{}' has {} frame{}", index_,
                                         header_.inputs[0], input.frames.size(), input.frames.size() == 1 ? "" : "s"));
    }
    NodeOutput out = NodeOutput::Single(input.frames[static_cast<size_t>(index_)]);
    out.data_dependent = input.data_dependent;
    return out;
  }

 private:
  int64_t index_;
};

}  // namespace

Result<std::unique_ptr<Node>> ParseSelectFromCollection(NodeHeader header, const boost::json::object& object) {
  NodeConfig config(object);
  ASSIGN_OR_RETURN(auto index, config.OptionalInt("Index"));
  if (!index) return InvalidArgument("Index is missing");
  if (*index < 0) return InvalidArgument("Index must not be negative");
  return std::unique_ptr<Node>(new SelectFromCollectionNode(std::move(header), *index));
}

}  // namespace sluice::jobs
