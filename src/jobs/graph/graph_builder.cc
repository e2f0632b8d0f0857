// Building a job graph into plans: see graph_builder.h.
#include "jobs/graph/graph_builder.h"

#include <map>

#include <boost/json/array.hpp>
#include <fmt/format.h>

namespace sluice::jobs {

namespace json = boost::json;

namespace {

std::string Label(const NodeHeader& header) {
  if (header.name.empty() || header.name == header.id) return fmt::format("{} '{}'", header.type, header.id);
  return fmt::format("{} \"{}\" ({})", header.type, header.name, header.id);
}

}  // namespace

BuiltGraph BuildJobGraph(const JobGraph& graph, NodeContext& context) {
  BuiltGraph built;
  std::map<std::string, NodeOutput> outputs;
  std::vector<std::string> problems;
  for (const GraphNode& graph_node : graph.nodes()) {
    NodeReport report;
    report.header = graph_node.header;
    report.role = graph_node.info->role;
    auto fail = [&](std::string message) {
      report.error = std::move(message);
      problems.push_back(fmt::format("{}: {}", Label(report.header), report.error));
    };
    std::vector<NodeOutput> inputs;
    for (const auto& input : graph_node.header.inputs) {
      auto it = outputs.find(input);
      if (it == outputs.end()) break;
      inputs.push_back(it->second);
    }
    if (inputs.size() != graph_node.header.inputs.size()) {
      report.skipped = true;
      report.error = "not checked: an input node has errors";
    } else if (!graph_node.info->runnable()) {
      fail(fmt::format("Sluice cannot run {} nodes: {}", graph_node.header.type, graph_node.info->doc));
    } else {
      auto parsed = graph_node.info->parse(graph_node.header, graph_node.config);
      if (!parsed.ok()) {
        fail(parsed.status().message());
      } else {
        auto output = (*parsed)->Build(context, inputs);
        if (!output.ok()) {
          fail(output.status().message());
        } else {
          // Each frame must build; its error is the node's.
          Status frames_ok;
          for (const auto& frame : output->frames) {
            auto plan = frame.Build();
            if (!plan.ok()) {
              frames_ok = plan.status();
              break;
            }
            report.frames.push_back((*plan)->schema());
          }
          if (!frames_ok.ok()) {
            report.frames.clear();
            fail(frames_ok.message());
          } else {
            for (const auto& input : inputs) output->data_dependent |= input.data_dependent;
            report.data_dependent = output->data_dependent;
            if (report.role == NodeRole::kTarget) {
              built.targets.push_back({graph_node.header.id, *output->frames[0].Build()});
            }
            outputs.emplace(graph_node.header.id, *std::move(output));
          }
        }
      }
    }
    built.nodes.push_back(std::move(report));
  }
  if (problems.empty() && built.targets.empty()) {
    problems.push_back("the job has no target node, so a run would write nothing");
  }
  if (!problems.empty()) {
    std::string message = "Job validation failed: ";
    for (size_t i = 0; i < problems.size(); ++i) message += (i ? "; " : "") + problems[i];
    built.status = AwsError("InvalidInputException", 400, message);
  }
  return built;
}

json::array NodeReportsToJson(const std::vector<NodeReport>& reports) {
  json::array out;
  for (const auto& report : reports) {
    json::object node;
    node["Id"] = report.header.id;
    node["Type"] = report.header.type;
    node["Name"] = report.header.name;
    node["Role"] = std::string(NodeRoleName(report.role));
    json::array inputs;
    for (const auto& input : report.header.inputs) inputs.push_back(json::value(input));
    node["Inputs"] = std::move(inputs);
    json::array frames;
    for (const auto& schema : report.frames) {
      json::array columns;
      for (const auto& field : schema->fields()) {
        columns.push_back(json::object{{"Name", field.name}, {"Type", field.type->ToGlueType()}});
      }
      frames.push_back(std::move(columns));
    }
    if (!frames.empty()) node["Columns"] = frames[0];
    if (frames.size() > 1) node["Frames"] = std::move(frames);
    node["DataDependent"] = report.data_dependent;
    if (!report.error.empty()) node["Error"] = report.error;
    out.push_back(std::move(node));
  }
  return out;
}

}  // namespace sluice::jobs
