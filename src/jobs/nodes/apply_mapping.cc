// ApplyMapping: see apply_mapping.h.
#include "jobs/nodes/apply_mapping.h"

#include <set>

#include <fmt/format.h>

#include "engine/expr/cast.h"
#include "jobs/graph/field_path.h"
#include "jobs/nodes/node_config.h"

namespace sluice::jobs {

namespace {

using columnar::TypeId;

struct Mapping {
  std::string where;  // "Mapping[2]" for messages
  FieldPath from_path;
  std::string to_key;
  std::string to_type;
  bool dropped = false;
  std::vector<Mapping> children;
};

Result<std::vector<Mapping>> ParseMappings(const NodeConfig& config, std::string_view member, bool required) {
  std::vector<Mapping> mappings;
  ASSIGN_OR_RETURN(auto items, config.ObjectList(member, required));
  for (size_t i = 0; i < items.size(); ++i) {
    std::string where = config.Name(fmt::format("{}[{}]", member, i));
    NodeConfig item(*items[i], where + ".");
    Mapping mapping;
    mapping.where = where;
    ASSIGN_OR_RETURN(mapping.from_path, item.RequirePath("FromPath"));
    ASSIGN_OR_RETURN(auto to_key, item.OptionalString("ToKey"));
    mapping.to_key = to_key.value_or(mapping.from_path.back());
    if (mapping.to_key.empty()) return InvalidArgument(fmt::format("{} is empty", item.Name("ToKey")));
    ASSIGN_OR_RETURN(auto to_type, item.OptionalString("ToType"));
    mapping.to_type = to_type.value_or("");
    ASSIGN_OR_RETURN(auto dropped, item.OptionalBool("Dropped"));
    mapping.dropped = dropped.value_or(false);
    ASSIGN_OR_RETURN(mapping.children, ParseMappings(item, "Children", false));
    mappings.push_back(std::move(mapping));
  }
  return mappings;
}

// "struct", "array", "map" without parameters name a kind, not a full type.
std::optional<TypeId> KindOnly(const std::string& type) {
  std::string lower;
  for (char c : type) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower == "struct") return TypeId::kStruct;
  if (lower == "array") return TypeId::kList;
  if (lower == "map") return TypeId::kMap;
  return std::nullopt;
}

class ApplyMappingNode final : public Node {
 public:
  ApplyMappingNode(NodeHeader header, std::vector<Mapping> mappings)
      : Node(std::move(header)), mappings_(std::move(mappings)) {}
  NodeRole role() const override { return NodeRole::kTransform; }

  Result<NodeOutput> Build(NodeContext&, const std::vector<NodeOutput>& inputs) const override {
    ASSIGN_OR_RETURN(Frame frame, SingleFrame(inputs[0], header_.inputs[0]));
    const columnar::Schema& schema = *frame.schema();
    std::vector<engine::NamedExpr> exprs;
    std::set<std::string> names;
    for (const auto& mapping : mappings_) {
      if (mapping.dropped) continue;
      if (!names.insert(mapping.to_key).second) {
        return InvalidArgument(fmt::format("{}.ToKey: '{}' is the name of an earlier mapping too", mapping.where,
                                           mapping.to_key));
      }
      ASSIGN_OR_RETURN(engine::ExprPtr expr, MappingExpr(schema, mapping, {}));
      exprs.push_back({std::move(expr), mapping.to_key});
    }
    if (exprs.empty()) return InvalidArgument("every mapping is Dropped: the output would have no columns");
    frame.Project(std::move(exprs));
    return NodeOutput::Single(std::move(frame));
  }

 private:
  // The value of one mapping; `parent` is the parent's FromPath for Children.
  Result<engine::ExprPtr> MappingExpr(const columnar::Schema& schema, const Mapping& mapping,
                                      const FieldPath& parent) const {
    FieldPath path = parent;
    path.insert(path.end(), mapping.from_path.begin(), mapping.from_path.end());
    auto resolved = ResolvePath(schema, path);
    if (!resolved) {
      return InvalidArgument(fmt::format("{}.FromPath: field '{}' does not exist in the input (columns: {})",
                                         mapping.where, PathToString(path), ColumnList(schema)));
    }
    engine::ExprPtr source = engine::ColPath(resolved->canonical);
    if (!mapping.children.empty()) {
      if (resolved->type->id() != TypeId::kStruct) {
        return InvalidArgument(fmt::format("{}: field '{}' is {}, not a struct, so it cannot have Children",
                                           mapping.where, PathToString(path), resolved->type->ToGlueType()));
      }
      // named_struct(name, value, ...) of the children that are not dropped; NULL stays NULL.
      std::vector<engine::ExprPtr> args;
      for (const auto& child : mapping.children) {
        if (child.dropped) continue;
        ASSIGN_OR_RETURN(engine::ExprPtr value, MappingExpr(schema, child, path));
        args.push_back(engine::Lit(child.to_key));
        args.push_back(std::move(value));
      }
      if (args.empty()) {
        return InvalidArgument(fmt::format("{}: every child mapping is Dropped", mapping.where));
      }
      return engine::Case({{engine::IsNull(source), engine::NullLit()}}, engine::Call("named_struct", std::move(args)));
    }
    if (mapping.to_type.empty()) return source;
    if (auto kind = KindOnly(mapping.to_type)) {
      if (resolved->type->id() != *kind) {
        return InvalidArgument(fmt::format("{}.ToType: field '{}' is {} and cannot become {}", mapping.where,
                                           PathToString(path), resolved->type->ToGlueType(), mapping.to_type));
      }
      return source;
    }
    auto target = columnar::ParseGlueType(mapping.to_type);
    if (!target.ok()) {
      return InvalidArgument(fmt::format("{}.ToType: {}", mapping.where, target.status().message()));
    }
    if (resolved->type->Equals(**target)) return source;
    if (resolved->type->id() != TypeId::kNull) {
      auto cast = engine::ResolveCast(resolved->type, *target);
      if (!cast.ok()) {
        return InvalidArgument(fmt::format("{}: cannot cast field '{}' from {} to {}", mapping.where,
                                           PathToString(path), resolved->type->ToGlueType(), (*target)->ToGlueType()));
      }
    }
    // Values that do not convert become NULL, as Glue's ApplyMapping leaves them.
    return engine::TryCast(source, *target);
  }

  std::vector<Mapping> mappings_;
};

}  // namespace

Result<std::unique_ptr<Node>> ParseApplyMapping(NodeHeader header, const boost::json::object& object) {
  NodeConfig config(object);
  ASSIGN_OR_RETURN(auto mappings, ParseMappings(config, "Mapping", true));
  return std::unique_ptr<Node>(new ApplyMappingNode(std::move(header), std::move(mappings)));
}

}  // namespace sluice::jobs
