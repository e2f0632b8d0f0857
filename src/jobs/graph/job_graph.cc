// The structure of a visual job: see job_graph.h.
#include "jobs/graph/job_graph.h"

#include <map>
#include <set>

#include <boost/json/array.hpp>
#include <fmt/format.h>

#include "common/json.h"

namespace sluice::jobs {

namespace json = boost::json;

namespace {

std::string Describe(const std::string& id, const std::string& type = "") {
  return type.empty() ? fmt::format("node '{}'", id) : fmt::format("node '{}' ({})", id, type);
}

std::string Plural(int n, std::string_view word) { return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s"); }

}  // namespace

Result<JobGraph> JobGraph::Parse(const json::object& nodes) {
  std::vector<std::string> problems;
  std::vector<GraphNode> parsed;
  std::map<std::string, size_t> by_id;
  for (const auto& [key, value] : nodes) {
    std::string id(key);
    if (!value.is_object()) {
      problems.push_back(fmt::format("{}: must be an object with one node type member", Describe(id)));
      continue;
    }
    std::vector<std::string> members;
    for (const auto& [member, body] : value.get_object()) {
      if (!body.is_null()) members.emplace_back(member);
    }
    if (members.size() != 1) {
      std::string found;
      for (const auto& member : members) found += (found.empty() ? "" : ", ") + member;
      problems.push_back(fmt::format("{}: a node sets exactly one node type, found {}{}", Describe(id),
                                     members.size(), members.empty() ? "" : " (" + found + ")"));
      continue;
    }
    const std::string& type = members[0];
    const json::value& body = value.get_object().at(type);
    const NodeTypeInfo* info = FindNodeType(type);
    if (info == nullptr) {
      problems.push_back(fmt::format("{}: unknown node type {}", Describe(id), type));
      continue;
    }
    if (!body.is_object()) {
      problems.push_back(fmt::format("{}: the {} member must be an object", Describe(id), type));
      continue;
    }
    GraphNode node;
    node.header.id = id;
    node.header.type = type;
    node.info = info;
    node.config = body.get_object();
    node.header.name = std::string(GetString(node.config, "Name").value_or(id));
    if (const json::value* inputs = FindMember(node.config, "Inputs")) {
      if (!inputs->is_array()) {
        problems.push_back(fmt::format("{}: Inputs must be a list of node ids", Describe(id, type)));
        continue;
      }
      for (const auto& input : inputs->get_array()) {
        if (input.is_string()) node.header.inputs.emplace_back(input.get_string());
        else problems.push_back(fmt::format("{}: Inputs must be a list of node ids", Describe(id, type)));
      }
    }
    int count = static_cast<int>(node.header.inputs.size());
    if (count < info->min_inputs || (info->max_inputs >= 0 && count > info->max_inputs)) {
      std::string expected = info->max_inputs < 0 ? fmt::format("at least {}", Plural(info->min_inputs, "input"))
                             : info->min_inputs == info->max_inputs ? Plural(info->min_inputs, "input")
                                                                    : fmt::format("{} to {} inputs", info->min_inputs,
                                                                                  info->max_inputs);
      problems.push_back(fmt::format("{}: a {} node takes {}, this one has {}", Describe(id, type), type, expected,
                                     count));
    }
    by_id[id] = parsed.size();
    parsed.push_back(std::move(node));
  }
  for (const auto& node : parsed) {
    for (const auto& input : node.header.inputs) {
      if (!by_id.count(input)) {
        problems.push_back(fmt::format("{}: input '{}' is not a node of this job", Describe(node.header.id, node.header.type),
                                       input));
      } else if (input == node.header.id) {
        problems.push_back(fmt::format("{}: reads its own output", Describe(node.header.id, node.header.type)));
      }
    }
  }
  if (problems.empty()) {
    // Kahn's algorithm; ready nodes are taken in document order.
    std::vector<int> waiting(parsed.size(), 0);
    std::vector<std::vector<size_t>> consumers(parsed.size());
    for (size_t i = 0; i < parsed.size(); ++i) {
      std::set<std::string> distinct(parsed[i].header.inputs.begin(), parsed[i].header.inputs.end());
      waiting[i] = static_cast<int>(distinct.size());
      for (const auto& input : distinct) consumers[by_id[input]].push_back(i);
    }
    std::set<size_t> ready;
    for (size_t i = 0; i < parsed.size(); ++i) {
      if (waiting[i] == 0) ready.insert(i);
    }
    std::vector<size_t> order;
    while (!ready.empty()) {
      size_t next = *ready.begin();
      ready.erase(ready.begin());
      order.push_back(next);
      for (size_t consumer : consumers[next]) {
        if (--waiting[consumer] == 0) ready.insert(consumer);
      }
    }
    if (order.size() != parsed.size()) {
      std::string cycle;
      for (size_t i = 0; i < parsed.size(); ++i) {
        if (waiting[i] > 0) cycle += (cycle.empty() ? "'" : ", '") + parsed[i].header.id + "'";
      }
      problems.push_back(fmt::format("the nodes {} form a cycle (each reads, directly or not, its own output)", cycle));
    } else {
      JobGraph graph;
      for (size_t index : order) graph.nodes_.push_back(std::move(parsed[index]));
      return graph;
    }
  }
  std::string message = "Invalid job graph: ";
  for (size_t i = 0; i < problems.size(); ++i) message += (i ? "; " : "") + problems[i];
  return AwsError("InvalidInputException", 400, message);
}

int JobGraph::IndexOf(const std::string& id) const {
  for (size_t i = 0; i < nodes_.size(); ++i) {
    if (nodes_[i].header.id == id) return static_cast<int>(i);
  }
  return -1;
}

std::vector<std::string> JobGraph::ConsumersOf(const std::string& id) const {
  std::vector<std::string> out;
  for (const auto& node : nodes_) {
    for (const auto& input : node.header.inputs) {
      if (input == id) {
        out.push_back(node.header.id);
        break;
      }
    }
  }
  return out;
}

}  // namespace sluice::jobs
