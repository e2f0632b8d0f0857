// A node of a visual job (one CodeGenConfigurationNode): what every node type implements.
// A node is parsed from its JSON configuration (with Glue's field names), then built into a
// fragment of the job's one engine plan from the fragments of its inputs. A fragment's schema
// is the node's output schema: validation builds the plan without running it, so the schema
// the console shows is exactly the schema the run produces.
//
// What flows along an edge is a DynamicFrame, or for SplitFields a collection of frames that
// SelectFromCollection picks from.
//
// Adding a node type: nodes/ADDING_A_NODE.md.
//
// Thread safety: nodes are immutable after parsing; Build runs on one thread per job.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "columnar/record_batch.h"
#include "common/status.h"
#include "engine/plan/plan_builder.h"

namespace sluice::jobs {

class NodeContext;

enum class NodeRole { kSource, kTransform, kTarget };

// One frame at plan time: a plan whose schema is the frame's schema.
using Frame = engine::PlanBuilder;

// What a node outputs.
struct NodeOutput {
  std::vector<Frame> frames;  // one frame; several for a collection
  bool collection = false;
  // Columns of the frame may be left out when the job runs (DropNullFields decides from the
  // data), so downstream schemas shown before a run are upper bounds.
  bool data_dependent = false;

  static NodeOutput Single(Frame frame) {
    NodeOutput out;
    out.frames.push_back(std::move(frame));
    return out;
  }
};

// The members every node shares.
struct NodeHeader {
  std::string id;    // the key in CodeGenConfigurationNodes
  std::string type;  // "S3CsvSource", "ApplyMapping", ...
  std::string name;  // the display name (Name)
  std::vector<std::string> inputs;  // ids of the input nodes, in order
};

class Node {
 public:
  explicit Node(NodeHeader header) : header_(std::move(header)) {}
  virtual ~Node() = default;
  Node(const Node&) = delete;
  Node& operator=(const Node&) = delete;

  const NodeHeader& header() const { return header_; }
  const std::string& id() const { return header_.id; }
  // For messages: `Filter "Positive amounts" (node-filter)`.
  std::string Label() const;

  virtual NodeRole role() const = 0;
  // The node's output from its inputs' (one per Inputs entry, in order). Errors name the
  // field and say what is wrong; the graph validator prefixes the node's label.
  virtual Result<NodeOutput> Build(NodeContext& context, const std::vector<NodeOutput>& inputs) const = 0;

 protected:
  const NodeHeader header_;
};

// Parses a node's configuration (the object under its type name). InvalidArgument naming the
// member that is missing or wrong.
using NodeParser = std::function<Result<std::unique_ptr<Node>>(NodeHeader header, const boost::json::object& config)>;

// The single frame of an input; InvalidArgument when it is a collection (which must go through
// SelectFromCollection first).
Result<Frame> SingleFrame(const NodeOutput& input, const std::string& input_id);

}  // namespace sluice::jobs
