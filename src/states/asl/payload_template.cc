// Payload templates: see payload_template.h.
#include "states/asl/payload_template.h"

#include <variant>

#include <fmt/format.h>

#include "states/asl/json_text.h"
#include "states/asl/state_error.h"
#include "states/asl/dynamic_value.h"

namespace sluice::states {

namespace json = boost::json;

struct PayloadTemplate::Node {
  struct Member {
    std::string key;    // output member name (".$" removed)
    std::string field;  // the name as written, for messages ("key.$")
    std::unique_ptr<Node> value;
  };
  // Exactly one of these is used.
  enum class Kind { kStatic, kPath, kIntrinsic, kObject, kArray } kind = Kind::kStatic;
  json::value constant;         // kStatic
  DynamicValue dynamic;         // kPath, kIntrinsic
  std::string field;            // kPath / kIntrinsic: "key.$"
  std::vector<Member> members;  // kObject
  std::vector<std::unique_ptr<Node>> elements;  // kArray
};

namespace {

constexpr int kMaxTemplateDepth = 64;

using Node = PayloadTemplate::Node;

bool IsStatic(const Node& node) {
  switch (node.kind) {
    case Node::Kind::kStatic: return true;
    case Node::Kind::kPath:
    case Node::Kind::kIntrinsic: return false;
    case Node::Kind::kObject:
      for (const auto& member : node.members) {
        if (!IsStatic(*member.value)) return false;
      }
      return true;
    case Node::Kind::kArray:
      for (const auto& element : node.elements) {
        if (!IsStatic(*element)) return false;
      }
      return true;
  }
  return true;
}

std::string Escape(std::string_view key) {
  // JSON pointer escaping for locations.
  std::string out;
  for (char c : key) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

std::unique_ptr<Node> CompileNode(const json::value& spec, const std::string& location, Diagnostics& diagnostics,
                                  bool* uses_context, int depth) {
  auto node = std::make_unique<Node>();
  if (depth > kMaxTemplateDepth) {
    diagnostics.Error(codes::kSchemaValidationFailed, "The payload template is nested too deeply", location);
    return node;
  }
  if (spec.is_object()) {
    node->kind = Node::Kind::kObject;
    for (const auto& member : spec.get_object()) {
      std::string_view key = member.key();
      std::string member_location = location + "/" + Escape(key);
      Node::Member out;
      out.field = std::string(key);
      if (key.size() > 2 && key.ends_with(".$")) {
        out.key = std::string(key.substr(0, key.size() - 2));
        auto value = std::make_unique<Node>();
        value->field = out.field;
        if (!member.value().is_string()) {
          std::string kind = member.value().is_array()    ? "ARRAY"
                             : member.value().is_object() ? "OBJECT"
                             : member.value().is_number() ? "NUMBER"
                             : member.value().is_bool()   ? "BOOLEAN"
                                                          : "NULL";
          diagnostics.Error(codes::kSchemaValidationFailed,
                            fmt::format("The value for the field '{}' must be a STRING that contains a JSONPath but "
                                        "was an {}",
                                        key, kind),
                            member_location);
        } else {
          auto compiled = DynamicValue::Compile(member.value().get_string(), key, member_location, diagnostics);
          if (compiled) {
            if (compiled->uses_context()) *uses_context = true;
            value->kind = compiled->call ? Node::Kind::kIntrinsic : Node::Kind::kPath;
            value->dynamic = std::move(*compiled);
          }
        }
        out.value = std::move(value);
      } else {
        out.key = out.field;
        out.value = CompileNode(member.value(), member_location, diagnostics, uses_context, depth + 1);
      }
      node->members.push_back(std::move(out));
    }
    if (IsStatic(*node)) {
      node->constant = spec;
      node->kind = Node::Kind::kStatic;
      node->members.clear();
    }
    return node;
  }
  if (spec.is_array()) {
    node->kind = Node::Kind::kArray;
    size_t i = 0;
    for (const auto& element : spec.get_array()) {
      node->elements.push_back(
          CompileNode(element, location + "/" + std::to_string(i++), diagnostics, uses_context, depth + 1));
    }
    if (IsStatic(*node)) {
      node->constant = spec;
      node->kind = Node::Kind::kStatic;
      node->elements.clear();
    }
    return node;
  }
  node->constant = spec;
  return node;
}

Result<json::value> EvaluateNode(const Node& node, const json::value& input, PathScope& scope) {
  switch (node.kind) {
    case Node::Kind::kStatic: return node.constant;
    case Node::Kind::kPath: {
      const JsonPath& path = *node.dynamic.path;
      auto value = path.Evaluate(input, scope);
      if (!value) {
        if (path.root() == PathRoot::kVariable && !scope.Variable(path.variable())) {
          return StateError(errors::kRuntime,
                            fmt::format("The JSONPath '{}' specified for the field '{}' could not be found: the "
                                        "variable '{}' is not defined",
                                        path.text(), node.field, path.variable()));
        }
        const json::value& source = path.root() == PathRoot::kContext ? scope.Context() : input;
        return StateError(errors::kRuntime,
                          fmt::format("The JSONPath '{}' specified for the field '{}' could not be found in the "
                                      "input '{}'",
                                      path.text(), node.field, JsonText(source)));
      }
      return std::move(*value);
    }
    case Node::Kind::kIntrinsic: return node.dynamic.call->Evaluate(input, scope);
    case Node::Kind::kObject: {
      json::object out;
      out.reserve(node.members.size());
      for (const auto& member : node.members) {
        ASSIGN_OR_RETURN(json::value value, EvaluateNode(*member.value, input, scope));
        out[member.key] = std::move(value);
      }
      return json::value(std::move(out));
    }
    case Node::Kind::kArray: {
      json::array out;
      out.reserve(node.elements.size());
      for (const auto& element : node.elements) {
        ASSIGN_OR_RETURN(json::value value, EvaluateNode(*element, input, scope));
        out.push_back(std::move(value));
      }
      return json::value(std::move(out));
    }
  }
  return json::value();
}

}  // namespace

PayloadTemplate::PayloadTemplate() = default;
PayloadTemplate::~PayloadTemplate() = default;
PayloadTemplate::PayloadTemplate(PayloadTemplate&&) noexcept = default;
PayloadTemplate& PayloadTemplate::operator=(PayloadTemplate&&) noexcept = default;

PayloadTemplate PayloadTemplate::Compile(const json::value& spec, const std::string& location,
                                         Diagnostics& diagnostics) {
  PayloadTemplate result;
  result.root_ = CompileNode(spec, location, diagnostics, &result.uses_context_, 0);
  return result;
}

Result<json::value> PayloadTemplate::Evaluate(const json::value& input, PathScope& scope) const {
  if (!root_) return json::value();
  return EvaluateNode(*root_, input, scope);
}

bool PayloadTemplate::is_static() const { return !root_ || root_->kind == Node::Kind::kStatic; }

}  // namespace sluice::states
